import type { QuestionView } from './session/questions'
import type { SessionInfo } from './session/state'
import type { PollView } from './session/views'

/** One session's final results, baked into the deck when it is exported to PDF. */
export interface PrintSnapshot {
  /** `null` when no session was ever presented: every poll then prints « Vote non tenu ». */
  session: SessionInfo | null
  /** Every poll's results; a quiz's right answer only if it was revealed in that session. */
  polls: Record<string, PollView>
  /** The small-room minimum the results were withheld under. */
  threshold: number
  /** The room's questions as the room saw them: approved and answered, with their votes. */
  questions: QuestionView[]
}
