// What the deck checks before it believes the server: its snapshot and updates, field by field per feature
// (core/features/registry.ts's `FeatureViews`), and the reactions of the moment; and how it folds an update into the
// snapshot it holds, for the features whose updates are more than new values.
import type { DeckSnapshot, DeckUpdate } from '../protocol'
import type { Fold } from './fold'
import type { Schema } from './shared'
import * as v from 'valibot'
import { decisionEntries } from '../features/decision'
import { limits } from '../limits'
import { folding } from './fold'
import { pollsById, pollViewsSchema, questionPatchSchema, questionsByPatch, questionsSchema, sessionSchema } from './shared'

/** The fields an update may carry too, by feature. */
const updatedFields = {
  // navigation
  nav: v.nullable(v.object({ page: v.number(), clicks: v.number() })),
  focus: v.nullable(v.string()),
  // presence
  phones: v.number(),
  addresses: v.number(),
  refused: v.number(),
  bounds: v.object({ votersPerAddress: v.number(), expectedAudience: v.nullable(v.number()) }),
  // polls
  polls: pollViewsSchema,
  // questions
  moderated: v.boolean(),
  // health
  health: v.object({ storing: v.boolean(), problem: v.nullable(v.string()) }),
  // decision
  decision: v.nullable(v.object({ ...decisionEntries(limits.decisionFieldLength), recordedAt: v.string() })),
}

export const deckSnapshotSchema = v.object({
  ...updatedFields,
  // sessions
  role: v.picklist(['screen', 'presenter']),
  session: sessionSchema,
  joinUrl: v.string(),
  threshold: v.number(),
  // questions
  questions: questionsSchema,
}) satisfies Schema<'deck:snapshot'>

export const deckUpdateSchema = v.partial(v.object({ ...updatedFields, questionPatch: questionPatchSchema })) satisfies Schema<'deck:update'>

/** By feature, in order: the others' fields replace the snapshot's. */
const folds: Fold<DeckSnapshot, DeckUpdate>[] = [
  // polls
  pollsById,
  // questions
  questionsByPatch,
]

export const foldDeckUpdate = folding(folds)

export const reactionsSchema = v.record(v.picklist(limits.reactions), v.number()) satisfies Schema<'reactions'>
