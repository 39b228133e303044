// A list of questions as a client holds it, and how it changes: the server sends only the questions that changed, and
// every client ranks them by the same rule, so that an upvote costs one question on the wire, not the whole list.
import type { ReadOnly } from '../read-only'
import type { QuestionStatus } from './question-status'
import type { Question, QuestionsState } from './questions'
import { isPublic } from './question-status'

/**
 * Questions travel as patches: only those that changed since the last update. A phone's snapshot holds none of the
 * room's (it asks with `questions:follow`), and its own part: what it asked (even waiting), what it voted for.
 */
export interface QuestionsViews {
  /** All of them for the presenter, the most voted approved ones for a screen; `moderated`: they wait for approval. */
  deck: { questions: QuestionView[], moderated: boolean }
  deckUpdate: { questionPatch: QuestionPatch, moderated: boolean }
  phone: { questions: QuestionView[], moderated: boolean }
  voter: { asked: QuestionView[], upvoted: string[] }
  phoneUpdate: { questionPatch: QuestionPatch, asked: QuestionView[], moderated: boolean }
}

/** The change from one list to the next: questions new or changed (whole), and those that left the list. */
export interface QuestionPatch {
  changed: QuestionView[]
  removed: string[]
}

/** Waiting ones first (the presenter's work), then the highlighted one, open ones by votes, answered ones; then arrival. */
function placeOf(view: QuestionView): number {
  return view.status === 'pending' ? 0 : view.highlighted ? 1 : view.status === 'answered' ? 3 : 2
}

export function rankQuestions(views: QuestionView[]): QuestionView[] {
  return views.sort((a, b) => placeOf(a) - placeOf(b) || b.upvotes - a.upvotes || a.seq - b.seq)
}

/** Text and sender never change: a question changed when its status, votes or place on the screen did. */
function sameView(a: QuestionView, b: QuestionView): boolean {
  return a.status === b.status && a.upvotes === b.upvotes && a.highlighted === b.highlighted
}

export function diffQuestions(previous: readonly QuestionView[], next: readonly QuestionView[]): QuestionPatch {
  const before = new Map(previous.map(view => [view.id, view]))
  const after = new Set(next.map(view => view.id))
  return {
    changed: next.filter((view) => {
      const old = before.get(view.id)
      return !old || !sameView(old, view)
    }),
    removed: previous.filter(view => !after.has(view.id)).map(view => view.id),
  }
}

export function patchQuestions(list: readonly QuestionView[], patch: QuestionPatch): QuestionView[] {
  const changed = new Map(patch.changed.map(view => [view.id, view]))
  const removed = new Set(patch.removed)
  const kept = list.filter(view => !removed.has(view.id) && !changed.has(view.id))
  return rankQuestions([...kept, ...changed.values()])
}

/** A question as a viewer sees it: no one learns who asked or who voted; the presenter alone sees a sender's handle. */
export interface QuestionView {
  id: string
  text: string
  status: QuestionStatus
  upvotes: number
  highlighted: boolean
  seq: number
  sender?: number
}

function viewOf(questions: ReadOnly<QuestionsState>, question: ReadOnly<Question>): QuestionView {
  return { id: question.id, text: question.text, status: question.status, upvotes: question.upvoters.size, highlighted: question.id === questions.highlighted, seq: question.seq }
}

/**
 * What the room sees (approved and answered questions, the first `limit` in rank), or the presenter (all of them, with
 * their sender's handle).
 */
export function viewQuestions(questions: ReadOnly<QuestionsState>, audience: 'presenter' | 'room', limit = Number.POSITIVE_INFINITY): QuestionView[] {
  const shown = [...questions.items.values()].filter(question => audience === 'presenter' || isPublic(question))
  const views = shown.map(question => audience === 'presenter' ? { ...viewOf(questions, question), sender: questions.senders.get(question.askedBy) } : viewOf(questions, question))
  return rankQuestions(views).slice(0, limit)
}

/** One phone's own part: the questions it asked (even waiting or hidden ones) and those it voted for. */
export function phoneQuestions(questions: ReadOnly<QuestionsState>, voterId: string): { asked: QuestionView[], upvoted: string[] } {
  const all = [...questions.items.values()]
  return {
    asked: all.filter(question => question.askedBy === voterId).map(question => viewOf(questions, question)),
    upvoted: all.filter(question => question.upvoters.has(voterId)).map(question => question.id),
  }
}
