// What the phone page checks before it believes the server: its snapshot and updates, field by field per feature
// (core/features/registry.ts's `FeatureViews`); and how it folds an update into the snapshot it holds, for the
// features whose updates are more than new values. Only what the page runs: the deck's parsers are in `deck.ts`.
import type { PhoneSnapshot, PhoneUpdate } from '../protocol'
import type { Fold } from './fold'
import type { Schema } from './shared'
import * as v from 'valibot'
import { answerSchema, publicDefinitionSchema } from '../kinds/wire'
import { folding } from './fold'
import { pollsById, pollViewsSchema, questionPatchSchema, questionsByPatch, questionsSchema, sessionSchema } from './shared'

const removedSchema = v.record(v.string(), v.array(v.string()))

export const phoneSnapshotSchema = v.object({
  // sessions
  session: sessionSchema,
  threshold: v.number(),
  // navigation
  focus: v.nullable(v.string()),
  // polls
  definitions: v.record(v.string(), publicDefinitionSchema),
  polls: pollViewsSchema,
  answers: v.record(v.string(), answerSchema),
  removed: removedSchema,
  // questions
  questions: questionsSchema,
  asked: questionsSchema,
  upvoted: v.array(v.string()),
  moderated: v.boolean(),
}) satisfies Schema<'phone:snapshot'>

export const phoneUpdateSchema = v.partial(v.object({
  focus: v.nullable(v.string()),
  polls: pollViewsSchema,
  removed: removedSchema,
  questionPatch: questionPatchSchema,
  asked: questionsSchema,
  moderated: v.boolean(),
})) satisfies Schema<'phone:update'>

/** By feature, in order: the others' fields replace the snapshot's. */
const folds: Fold<PhoneSnapshot, PhoneUpdate>[] = [
  // polls
  pollsById,
  {
    // An idle poll holds no ballots (it was never opened, or was just reset): any answer shown for it is stale.
    takes: [],
    fold: ({ polls, answers }) => ({ answers: Object.fromEntries(Object.entries(answers).filter(([id]) => polls[id]?.status !== 'idle')) }),
  },
  // questions
  questionsByPatch,
]

export const foldPhoneUpdate = folding(folds)
