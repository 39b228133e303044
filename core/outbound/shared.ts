// Parsers of what the server sends that the deck and the phone share, and how their clients fold updates of them: the
// session, poll views and questions.
import type { PollView } from '../features/poll-views'
import type { QuestionPatch, QuestionView } from '../features/question-list'
import type { ServerToClientEvents } from '../protocol'
import type { Fold } from './fold'
import * as v from 'valibot'
import { patchQuestions } from '../features/question-list'
import { resultsSchema } from '../kinds/wire'

/** A parser of what the server sends on event `E`, checked against the protocol's type. */
export type Schema<E extends keyof ServerToClientEvents> = v.GenericSchema<unknown, Parameters<ServerToClientEvents[E]>[0]>

export const sessionSchema = v.object({ id: v.number(), name: v.string(), startedAt: v.string() })
const shownCount = v.nullable(v.number())
const pollViewSchema = v.object({
  status: v.picklist(['idle', 'open', 'closed']),
  revealed: v.boolean(),
  voters: v.number(),
  results: v.nullable(resultsSchema),
  withheld: v.optional(v.literal(true)),
  movement: v.optional(v.object({ both: v.number(), towardAgreement: shownCount, towardDisagreement: shownCount, unchanged: shownCount, meanPoints: shownCount, withheld: v.boolean() })),
  correct: v.nullable(v.number()),
  paused: v.boolean(),
  round: v.number(),
  removed: v.optional(v.array(v.string())),
})
export const pollViewsSchema = v.record(v.string(), pollViewSchema)
/** An update carries only the polls that changed. */
export const pollsById: Fold<{ polls: Record<string, PollView> }, { polls?: Record<string, PollView> }> = {
  takes: ['polls'],
  fold: (snapshot, update) => ({ polls: { ...snapshot.polls, ...update.polls } }),
}

export const questionsSchema = v.array(v.object({
  id: v.string(),
  text: v.string(),
  status: v.picklist(['pending', 'approved', 'answered', 'hidden']),
  upvotes: v.number(),
  highlighted: v.boolean(),
  seq: v.number(),
  sender: v.optional(v.number()),
}))
export const questionPatchSchema = v.object({ changed: questionsSchema, removed: v.array(v.string()) })
/** An update carries the questions that changed or left, and every client ranks the list again. */
export const questionsByPatch: Fold<{ questions: QuestionView[] }, { questionPatch?: QuestionPatch }> = {
  takes: ['questionPatch'],
  fold: (snapshot, { questionPatch }) => questionPatch ? { questions: patchQuestions(snapshot.questions, questionPatch) } : {},
}
