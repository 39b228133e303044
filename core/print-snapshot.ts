import type { PollView, SessionInfo } from './protocol'

/** One session's final results, baked into the deck when it is exported to PDF. */
export interface PrintSnapshot {
  /** `null` when no session was ever presented: every poll then prints « aucun vote ». */
  session: SessionInfo | null
  joinUrl: string
  polls: Record<string, PollView>
}
