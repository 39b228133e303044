import type { SessionInfo } from '../../core/session/state'
import type { EventStore, Following, TaggedEvent } from './event-store'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import * as v from 'valibot'
import { StorageError } from './event-store'
import { parseStoredEvent, storedRow } from './stored-events'

/**
 * The same event log as the SQLite store, shared by several servers: one Redis stream per session, and one stream of
 * the sessions themselves. Redis orders the log; each server follows it and applies every event in that order.
 */
const keys = {
  sessionCount: 'prejuges-web2:session-count',
  sessions: 'prejuges-web2:sessions',
  events: (sessionId: number) => `prejuges-web2:session:${sessionId}:events`,
}

// The id and the stream entry in one step, so that two servers never start the same session.
const createSessionScript = `
local id = redis.call('INCR', KEYS[1])
redis.call('XADD', KEYS[2], '*', 'id', id, 'name', ARGV[1], 'startedAt', ARGV[2])
return id`

/** Entries read per round trip: a long session's log comes back in pages. */
const pageSize = 5000
/** How long a follower's read waits for new entries before it asks again. */
const blockMs = 5000
/** Between two attempts to reach Redis again. */
const retryMs = 500

type StreamEntry = [id: string, fields: string[]]

function fieldsOf(entry: StreamEntry): Record<string, string> {
  const [, list] = entry
  const fields: Record<string, string> = {}
  for (let index = 0; index + 1 < list.length; index += 2)
    fields[list[index]!] = list[index + 1]!
  return fields
}

const sessionFieldsSchema = v.object({ id: v.pipe(v.string(), v.toNumber(), v.integer()), name: v.string(), startedAt: v.string() })

export interface RedisStoreOptions {
  /** The PDF export reads; it neither writes nor checks how Redis is configured. */
  readOnly?: boolean
}

/** Opens the shared log; refuses a Redis that would not keep an acknowledged vote across its own restart. */
export async function openRedisStore(url: string, options: RedisStoreOptions = {}): Promise<EventStore> {
  const shown = (() => {
    const parsed = new URL(url)
    return `${parsed.protocol}//${parsed.host}`
  })()
  const unreachable = (): StorageError => new StorageError(`Le serveur Redis ${shown} ne répond pas : les votes ne peuvent pas être enregistrés. Vérifiez qu’il tourne ; les votes qu’il a déjà acceptés y sont conservés.`)
  const unreadable = (key: string): StorageError => new StorageError(`Le journal des votes dans Redis (${key}) contient une entrée que ce serveur ne sait pas lire. Mettez tous les serveurs à la même version, puis relancez.`)

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
  if (!options.readOnly) {
    const persistence = await guarded(() => client.info('persistence'))
    if (!/^aof_enabled:1\b/m.test(persistence)) {
      client.disconnect()
      throw new StorageError(`Le serveur Redis ${shown} n’enregistre pas sur disque (appendonly no) : un vote accepté serait perdu s’il redémarrait. Lancez-le avec --appendonly yes --appendfsync always.`)
    }
    const fsync = await client.config('GET', 'appendfsync').catch(() => null) as string[] | null
    if (fsync && fsync[1] !== 'always')
      console.warn(`  Attention : Redis écrit sur disque toutes les secondes (appendfsync ${fsync[1]}) ; s’il s’arrête brutalement, la dernière seconde de votes acceptés peut être perdue. Préférez --appendfsync always.`)
  }

  const parseEvents = (key: string, entries: StreamEntry[]): TaggedEvent[] => entries.map((entry) => {
    const fields = fieldsOf(entry)
    const event = parseStoredEvent(fields.v, fields.event)
    if (!event)
      throw unreadable(key)
    return { event, tag: fields.tag ?? '' }
  })

  const parseSession = (entry: StreamEntry): SessionInfo => {
    const parsed = v.safeParse(sessionFieldsSchema, fieldsOf(entry))
    if (!parsed.success)
      throw unreadable(keys.sessions)
    return parsed.output
  }

  /** The whole stream, page by page; `last`: the id to follow it from. */
  const readStream = async (key: string): Promise<{ entries: StreamEntry[], last: string }> => {
    const entries: StreamEntry[] = []
    let start = '-'
    for (;;) {
      const page = await client.xrange(key, start, '+', 'COUNT', pageSize) as StreamEntry[]
      entries.push(...page)
      if (page.length < pageSize)
        return { entries, last: entries.at(-1)?.[0] ?? '0-0' }
      start = `(${page.at(-1)![0]}`
    }
  }

  const readTagged = (sessionId: number): Promise<{ events: TaggedEvent[], last: string }> => guarded(async () => {
    const key = keys.events(sessionId)
    const { entries, last } = await readStream(key)
    return { events: parseEvents(key, entries), last }
  })

  const follow = async (sessionId: number, listener: Parameters<NonNullable<EventStore['follow']>>[1]): Promise<Following> => {
    const key = keys.events(sessionId)
    const { events, last } = await readTagged(sessionId)
    const sessionsLast = (await guarded(() => readStream(keys.sessions))).last
    // A blocking read holds its connection: each follower has its own.
    const reader = client.duplicate({ commandTimeout: undefined })
    reader.on('error', () => {})
    let stopped = false
    let problem: string | null = null
    const report = (next: string | null): void => {
      if (next !== problem)
        listener.reachable(problem = next)
    }

    void (async () => {
      let cursor = last
      let sessionsCursor = sessionsLast
      // `stopped` changes under this loop, from `stop`: it is checked after every wait.
      for (;;) {
        if (stopped)
          return
        try {
          if (reader.status === 'wait')
            await reader.connect()
          const reply = await reader.xread('COUNT', pageSize, 'BLOCK', blockMs, 'STREAMS', keys.sessions, key, sessionsCursor, cursor) as [string, StreamEntry[]][] | null
          if (stopped)
            return
          // Parsed before anything is delivered: an entry this server cannot read is not skipped but waited on.
          const started = reply?.find(([stream]) => stream === keys.sessions)?.[1] ?? []
          const appended = reply?.find(([stream]) => stream === key)?.[1] ?? []
          const sessions = started.map(parseSession)
          const delivered = parseEvents(key, appended)
          report(null)
          if (appended.length > 0) {
            cursor = appended.at(-1)![0]
            listener.appended(delivered)
          }
          if (started.length > 0) {
            sessionsCursor = started.at(-1)![0]
            sessions.forEach(listener.sessionStarted)
          }
        }
        catch (error) {
          if (stopped)
            return
          report((error instanceof StorageError ? error : unreachable()).message)
          await sleep(retryMs)
        }
      }
    })()

    return {
      events,
      stop: () => {
        stopped = true
        reader.disconnect()
      },
    }
  }

  return {
    listSessions: () => guarded(async () => (await readStream(keys.sessions)).entries.map(parseSession).reverse()),
    createSession: name => guarded(async () => {
      const startedAt = new Date().toISOString()
      const id = Number(await client.eval(createSessionScript, 2, keys.sessionCount, keys.sessions, name, startedAt))
      return { id, name, startedAt }
    }),
    // MULTI: the batch lands whole and in order, or not at all.
    append: (sessionId, events) => guarded(async () => {
      const transaction = client.multi()
      for (const { event, tag } of events) {
        const { version, text } = storedRow(event)
        transaction.xadd(keys.events(sessionId), '*', 'v', String(version), 'tag', tag, 'event', text)
      }
      const results = await transaction.exec()
      const failed = results?.find(([error]) => error !== null)
      if (!results || failed)
        throw failed?.[0] ?? unreachable()
    }),
    read: async sessionId => (await readTagged(sessionId)).events.map(({ event }) => event),
    follow,
    close: async () => {
      await client.quit().catch(() => client.disconnect())
    },
  }
}
