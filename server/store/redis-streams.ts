// The log's layout in Redis: one stream per session's events, one stream of the sessions themselves, and how their
// entries read back.
import type { Redis } from 'ioredis'
import type { SessionEvent } from '../../core/session/events'
import type { SessionInfo } from '../../core/session/state'
import type { TaggedEvent } from './event-store'
import * as v from 'valibot'
import { StorageError } from './event-store'
import { parseStoredEvent } from './stored-events'

export const keys = {
  sessionCount: 'prejuges-web2:session-count',
  sessions: 'prejuges-web2:sessions',
  events: (sessionId: number) => `prejuges-web2:session:${sessionId}:events`,
}

/** Entries read per round trip: a long session's log comes back in pages. */
export const pageSize = 5000

export type StreamEntry = [id: string, fields: string[]]

function fieldsOf(entry: StreamEntry): Record<string, string> {
  const [, list] = entry
  const fields: Record<string, string> = {}
  for (let index = 0; index + 1 < list.length; index += 2)
    fields[list[index]!] = list[index + 1]!
  return fields
}

const sessionFieldsSchema = v.object({ id: v.pipe(v.string(), v.toNumber(), v.integer()), name: v.string(), startedAt: v.string() })

function unreadable(key: string): StorageError {
  return new StorageError(`Le journal des votes dans Redis (${key}) contient une entrée que ce serveur ne sait pas lire. Mettez tous les serveurs à la même version, puis relancez.`)
}

/** An event this server appended under `tag`, given back as it was; undefined for any other server's entry. */
export type OwnEvent = (tag: string) => SessionEvent | undefined

/** `own`: this server's events are taken as they were appended, not parsed and checked again. */
export function parseEvents(key: string, entries: StreamEntry[], own?: OwnEvent): TaggedEvent[] {
  return entries.map((entry) => {
    const fields = fieldsOf(entry)
    const event = (fields.tag && own?.(fields.tag)) || parseStoredEvent(fields.v, fields.event)
    if (!event)
      throw unreadable(key)
    return { event, tag: fields.tag ?? '' }
  })
}

export function parseSession(entry: StreamEntry): SessionInfo {
  const parsed = v.safeParse(sessionFieldsSchema, fieldsOf(entry))
  if (!parsed.success)
    throw unreadable(keys.sessions)
  return parsed.output
}

/** The whole stream, page by page; `last`: the id to follow it from. */
export async function readStream(client: Redis, key: string): Promise<{ entries: StreamEntry[], last: string }> {
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
