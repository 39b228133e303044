import type { SessionEvent } from '../../core/session/events'
import type { SessionInfo } from '../../core/session/state'

/** An event as the engine hands it to the log: `tag` names the command it came from, for the server that sent it. */
export interface TaggedEvent {
  event: SessionEvent
  tag: string
}

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
  append: (sessionId: number, events: readonly TaggedEvent[]) => Promise<void>
  /** A session's events in the order they were appended, each checked against the event schema. */
  read: (sessionId: number) => Promise<SessionEvent[]>
  /**
   * When the log was last written before this server opened it (what the file system says, for a file): the day a
   * rehearsal left its votes. Left out by a store that cannot tell. The log itself holds no time but sessions' starts
   * and when the presenter recorded the decision.
   */
  lastWritten?: Date
  /** Set by a log several servers append to: the engine then learns the log's order from it, its own events included. */
  follow?: (sessionId: number, listener: LogListener) => Promise<Following>
  close: () => Promise<void>
}

export interface LogListener {
  /** Events appended after those `follow` returned, by any server, in the log's order. */
  appended: (events: TaggedEvent[]) => void
  /** A session started by any server, this one included. */
  sessionStarted: (session: SessionInfo) => void
  /** The log cannot be followed any more (`problem`, for the presenter), or can again (`null`), with nothing skipped. */
  reachable: (problem: string | null) => void
}

export interface Following {
  /** The session's log up to where following starts, with the tags its servers gave. */
  events: TaggedEvent[]
  stop: () => void
}

/** Why storage failed, in one French sentence for the presenter: what happened and what to do. */
export class StorageError extends Error {
  override name = 'StorageError'
}
