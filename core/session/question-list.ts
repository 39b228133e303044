// A list of questions as a client holds it, and how it changes: the server sends only the questions that changed, and
// every client ranks them by the same rule, so that an upvote costs one question on the wire, not the whole list.
import type { QuestionView } from './questions'

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
