import type { SessionInfo } from '../../core/protocol'
import type { SessionEvent, SessionState } from '../../core/tally'

/**
 * Where sessions and their votes live. Asynchronous so that a networked store (Redis) can implement it; the engine
 * acknowledges a vote only once `commit` has resolved.
 */
export interface VoteStore {
  /** Newest first. */
  listSessions: () => Promise<SessionInfo[]>
  loadSession: (id: number) => Promise<SessionState | undefined>
  createSession: (name: string) => Promise<SessionInfo>
  /** Persists a batch of events of one session atomically: all of them, or none. */
  commit: (sessionId: number, events: SessionEvent[]) => Promise<void>
  close: () => Promise<void>
}
