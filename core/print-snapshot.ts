import type { RecordedDecision } from './features/decision'
import type { PollView } from './features/poll-views'
import type { QuestionView } from './features/question-list'
import type { SessionInfo } from './features/sessions'

/**
 * Where `npm run export` puts a session's final results in the built deck's print page, before the page's scripts run
 * (server/deck-print.ts): the deck is built once, for every session.
 */
export const printSnapshotGlobal = '__livePollsPrintSnapshot'

/** One session's final results, as the PDF prints them. */
export interface PrintSnapshot {
  /** `null` when no session was ever presented: every poll then prints « Vote non tenu ». */
  session: SessionInfo | null
  /** Every poll's results; a quiz's right answer only if it was revealed in that session. */
  polls: Record<string, PollView>
  /** The small-room minimum the results were withheld under. */
  threshold: number
  /** The room's questions as the room saw them: approved and answered, with their votes. */
  questions: QuestionView[]
  /** The decision as recorded in that session, which the decision slide prints instead of the proposal. */
  decision: RecordedDecision | null
}
