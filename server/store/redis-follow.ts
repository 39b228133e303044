// Following a session's stream and the sessions' stream with blocking reads, on a connection of its own.
import type { Redis } from 'ioredis'
import type { LogListener } from './event-store'
import type { OwnEvent, StreamEntry } from './redis-streams'
import { setTimeout as sleep } from 'node:timers/promises'
import { StorageError } from './event-store'
import { keys, pageSize, parseEvents, parseSession } from './redis-streams'

/** How long a follower's read waits for new entries before it asks again. */
const blockMs = 5000
/** Between two attempts to reach Redis again. */
const retryMs = 500

export interface FollowFrom {
  sessionId: number
  /** The ids of the last entries already read, of the session's stream and of the sessions' stream. */
  cursor: string
  sessionsCursor: string
  /** What the listener is told when Redis cannot be reached. */
  unreachable: () => StorageError
  /** This server's own events, taken as they were appended. */
  own: OwnEvent
}

/** Tells `listener` of every entry after the cursors, in order, until the returned `stop`. */
export function followStreams(client: Redis, from: FollowFrom, listener: LogListener): () => void {
  const key = keys.events(from.sessionId)
  // A blocking read holds its connection: each follower has its own.
  const reader = client.duplicate({ commandTimeout: undefined })
  reader.on('error', () => {})
  let { cursor, sessionsCursor } = from
  let stopped = false
  let problem: string | null = null
  const report = (next: string | null): void => {
    if (next !== problem)
      listener.reachable(problem = next)
  }

  void (async () => {
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
        const delivered = parseEvents(key, appended, from.own)
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
        report((error instanceof StorageError ? error : from.unreachable()).message)
        await sleep(retryMs)
      }
    }
  })()

  return () => {
    stopped = true
    reader.disconnect()
  }
}
