// The same event log as the SQLite store, shared by several servers (`redis-streams.ts`): Redis orders the log; each
// server follows it (`redis-follow.ts`) and applies every event in that order.
import type { SessionEvent } from '../../core/session/events'
import type { EventStore, Following, LogListener, TaggedEvent } from './event-store'
import type { OwnEvent } from './redis-streams'
import { Redis } from 'ioredis'
import { StorageError } from './event-store'
import { followStreams } from './redis-follow'
import { keys, parseEvents, parseSession, readStream } from './redis-streams'
import { storedRow } from './stored-events'

// The id and the stream entry in one step, so that two servers never start the same session.
const createSessionScript = `
local id = redis.call('INCR', KEYS[1])
redis.call('XADD', KEYS[2], '*', 'id', id, 'name', ARGV[1], 'startedAt', ARGV[2])
return id`

export interface RedisStoreOptions {
  /** The PDF export reads; it neither writes nor checks how Redis is configured. */
  readOnly?: boolean
}

/** Refuses a Redis that does not write to disk, and warns about one that writes only every second. */
async function checkPersistence(client: Redis, shown: string, guarded: <T>(run: () => Promise<T>) => Promise<T>): Promise<void> {
  const persistence = await guarded(() => client.info('persistence'))
  if (!/^aof_enabled:1\b/m.test(persistence)) {
    client.disconnect()
    throw new StorageError(`Le serveur Redis ${shown} n’enregistre pas sur disque (appendonly no) : un vote accepté serait perdu s’il redémarrait. Lancez-le avec --appendonly yes --appendfsync always.`)
  }
  const fsync = await client.config('GET', 'appendfsync').catch(() => null) as string[] | null
  if (fsync && fsync[1] !== 'always')
    console.warn(`  Attention : Redis écrit sur disque toutes les secondes (appendfsync ${fsync[1]}) ; s’il s’arrête brutalement, la dernière seconde de votes acceptés peut être perdue. Préférez --appendfsync always.`)
}

/**
 * This server's events by tag, from their append until the stream gives them back: every server applies every entry,
 * and its own need no parsing nor checking (another server's still do: two versions may share a log). Tags are this
 * server's alone. One it never reads back (a batch for a session no longer followed) goes with the next `follow`.
 */
interface OwnEntries {
  take: OwnEvent
  remember: (events: readonly TaggedEvent[]) => void
  forget: (events: readonly TaggedEvent[]) => void
  forgetAll: () => void
}

function ownEntries(): OwnEntries {
  const appended = new Map<string, SessionEvent[]>()
  return {
    take: (tag) => {
      const events = appended.get(tag)
      const event = events?.shift()
      if (events?.length === 0)
        appended.delete(tag)
      return event
    },
    remember: (events) => {
      for (const { event, tag } of events) {
        const known = appended.get(tag)
        if (known)
          known.push(event)
        else
          appended.set(tag, [event])
      }
    },
    forget: events => events.forEach(({ tag }) => appended.delete(tag)),
    forgetAll: () => appended.clear(),
  }
}

/** MULTI: the batch lands whole and in order, or not at all; says whether it landed. */
async function appendBatch(client: Redis, key: string, events: readonly TaggedEvent[], appended: OwnEntries): Promise<boolean> {
  const transaction = client.multi()
  for (const { event, tag } of events) {
    const { version, text } = storedRow(event)
    transaction.xadd(key, '*', 'v', String(version), 'tag', tag, 'event', text)
  }
  // Before the commit's reply: the follower may read the entries back first.
  appended.remember(events)
  const results = await transaction.exec().catch(() => null)
  const landed = results !== null && results.every(([error]) => error === null)
  if (!landed)
    appended.forget(events)
  return landed
}

/** Opens the shared log; refuses a Redis that would not keep an acknowledged vote across its own restart. */
export async function openRedisStore(url: string, options: RedisStoreOptions = {}): Promise<EventStore> {
  const shown = `${new URL(url).protocol}//${new URL(url).host}`
  const unreachable = (): StorageError => new StorageError(`Le serveur Redis ${shown} ne répond pas : les votes ne peuvent pas être enregistrés. Vérifiez qu’il tourne ; les votes qu’il a déjà acceptés y sont conservés.`)

  // Fail at once rather than queue while Redis is away: a vote must be refused, not held in memory and lost.
  const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 5000, commandTimeout: 5000 })
  // ioredis reports every failed reconnection on this emitter; the engine reports them to the presenter.
  client.on('error', () => {})
  const guarded = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run()
    }
    catch (error) {
      throw error instanceof StorageError ? error : unreachable()
    }
  }

  await guarded(() => client.connect())
  if (!options.readOnly)
    await checkPersistence(client, shown, guarded)

  const readTagged = (sessionId: number): Promise<{ events: TaggedEvent[], last: string }> => guarded(async () => {
    const key = keys.events(sessionId)
    const { entries, last } = await readStream(client, key)
    return { events: parseEvents(key, entries), last }
  })

  const appended = ownEntries()

  const follow = async (sessionId: number, listener: LogListener): Promise<Following> => {
    appended.forgetAll()
    const { events, last } = await readTagged(sessionId)
    const sessionsLast = (await guarded(() => readStream(client, keys.sessions))).last
    return { events, stop: followStreams(client, { sessionId, cursor: last, sessionsCursor: sessionsLast, unreachable, own: appended.take }, listener) }
  }

  return {
    listSessions: () => guarded(async () => (await readStream(client, keys.sessions)).entries.map(parseSession).reverse()),
    createSession: name => guarded(async () => {
      const startedAt = new Date().toISOString()
      const id = Number(await client.eval(createSessionScript, 2, keys.sessionCount, keys.sessions, name, startedAt))
      return { id, name, startedAt }
    }),
    append: (sessionId, events) => guarded(async () => {
      if (!await appendBatch(client, keys.events(sessionId), events, appended))
        throw unreachable()
    }),
    read: async sessionId => (await readTagged(sessionId)).events.map(({ event }) => event),
    follow,
    close: async () => {
      await client.quit().catch(() => client.disconnect())
    },
  }
}
