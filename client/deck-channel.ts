// Where the deck gets its state, and how it folds an update into the snapshot it holds.
import type { DeckSnapshot, DeckUpdate } from '../core/protocol'
import type { Channel } from './vote-client'
import { patchQuestions } from '../core/features/question-list'
import { deckSnapshotSchema, deckUpdateSchema } from '../core/outbound/deck'

export const deckChannel: Channel<DeckSnapshot, DeckUpdate> = {
  snapshot: { event: 'deck:snapshot', schema: deckSnapshotSchema },
  update: { event: 'deck:update', schema: deckUpdateSchema },
  merge: (snapshot, { questionPatch, ...update }) => ({
    ...snapshot,
    ...update,
    polls: { ...snapshot.polls, ...update.polls },
    questions: questionPatch ? patchQuestions(snapshot.questions, questionPatch) : snapshot.questions,
  }),
}
