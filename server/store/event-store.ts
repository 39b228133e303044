import type { SessionEvent } from '../../core/session/events'
import type { SessionInfo } from '../../core/session/state'

/**
 * Where sessions live: one append-only log of events per session. A session's state is its log replayed, so a store
 * keeps no model of the data and a new feature adds event types, not tables. Asynchronous so that a networked store
 * (Redis) fits; the engine acknowledges a command only once `append` has resolved.
 */
export interface EventStore {
  /** Newest first. */
  listSessions: () => Promise<SessionInfo[]>
  createSession: (name: string) => Promise<SessionInfo>
  /** Appends a batch of events of one session atomically: all of them, in order, or none. */
  append: (sessionId: number, events: readonly SessionEvent[]) => Promise<void>
  /** A session's events in the order they were appended, each checked against the event schema. */
  read: (sessionId: number) => Promise<SessionEvent[]>
  close: () => Promise<void>
}

/** Why storage failed, in one French sentence for the presenter: what happened and what to do. */
export class StorageError extends Error {
  override name = 'StorageError'
}
