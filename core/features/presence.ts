// The room's presence: how many phones are connected and from how many devices, and the bounds the presenter may
// change during the talk. The server keeps it in memory (server/features/presence.ts), outside the log.
import type { None } from './feature'
import * as v from 'valibot'
import { message } from './feature'

/** What the presenter may change during the talk, without a restart. */
export interface RoomBounds {
  /** Voter ids one network address may bring; 0: no limit. */
  votersPerAddress: number
  /** The audience the presenter expects; more voters than this deserve a warning. */
  expectedAudience: number | null
}

export interface Presence {
  /** Phones connected now, each counted once however many tabs it has open. */
  phones: number
  /**
   * Devices phones connected from since the server started (network addresses, and each phone of the presenter's own
   * machine): a ballot count above it is suspect.
   */
  addresses: number
  /** Phones turned away by the limit per address, and not admitted since. */
  refused: number
  bounds: RoomBounds
}

export interface PresenceViews {
  deck: Presence
  deckUpdate: Presence
  phone: None
  voter: None
  phoneUpdate: None
}

const count = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000))

export const presenceMessages = {
  'room:bounds': message({ schema: v.strictObject({ votersPerAddress: v.optional(count), expectedAudience: v.optional(v.nullable(count)) }), right: 'presenter' }),
}
