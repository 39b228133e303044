// What one audience was last sent of the questions, so that the next update carries only what changed since.
import type { QuestionPatch, QuestionView } from '../../core/features/question-list'
import { diffQuestions } from '../../core/features/question-list'

interface QuestionFeed {
  /** The list as last sent: a snapshot holds this one, so that the next patch applies to it exactly. */
  sent: () => QuestionView[]
  /** The patch from the list last sent to the current one, which becomes the list sent; `null` if nothing changed. */
  advance: () => QuestionPatch | null
  /** Starts again from the current list, when every client gets a fresh snapshot (a new session). */
  reset: () => void
}

export function createQuestionFeed(current: () => QuestionView[]): QuestionFeed {
  let sent = current()
  return {
    sent: () => sent,
    advance: () => {
      const next = current()
      const patch = diffQuestions(sent, next)
      sent = next
      return patch.changed.length > 0 || patch.removed.length > 0 ? patch : null
    },
    reset: () => {
      sent = current()
    },
  }
}
