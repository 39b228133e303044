// A few reactions phones send to the projection: counted in memory between two sends (server/features/reactions.ts),
// never logged, never who sent them.
import type { None } from './feature'
import * as v from 'valibot'
import { limits } from '../limits'
import { message } from './feature'

export type Reaction = typeof limits.reactions[number]
/** Reactions sent from phones since the last count, for the projection to show briefly. */
export type ReactionCounts = Partial<Record<Reaction, number>>

export const reactionMessages = {
  react: message({ schema: v.strictObject({ reaction: v.picklist(limits.reactions) }), right: 'phone' }),
}

/** Reactions reach the screens as a message of their own (`reactions`), in no snapshot. */
export interface ReactionViews {
  deck: None
  deckUpdate: None
  phone: None
  voter: None
  phoneUpdate: None
}
