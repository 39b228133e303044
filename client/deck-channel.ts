// Where the deck gets its state, and how it folds an update into the snapshot it holds.
import type { DeckSnapshot, DeckUpdate } from '../core/protocol'
import type { Channel } from './vote-client'
import { deckSnapshotSchema, deckUpdateSchema, foldDeckUpdate } from '../core/outbound/deck'

export const deckChannel: Channel<DeckSnapshot, DeckUpdate> = {
  snapshot: { event: 'deck:snapshot', schema: deckSnapshotSchema },
  update: { event: 'deck:update', schema: deckUpdateSchema },
  merge: foldDeckUpdate,
}
