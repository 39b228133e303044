// The wire contract between the vote server, the deck and the phone page, as types: every message both ways. Its
// parsers live by direction, so that a bundle carries only those it runs: `inbound.ts` and the features' messages
// (core/features/registry.ts) for what clients send, `outbound/` for what the server sends, deck and phone apart.
import type { ErrorCode } from './errors'
import type { ReactionCounts } from './features/reactions'
import type { DeckFields, DeckUpdateFields, MessageName, Payload, PhoneFields, PhoneUpdateFields } from './features/registry'

export const socketPath = '/socket.io'

export type Reply = { ok: true } | { ok: false, error: ErrorCode }
export type Ack = (reply: Reply) => void

type Flat<T> = { [K in keyof T]: T[K] }

export type DeckSnapshot = Flat<DeckFields>
/** Only what changed since the last update. */
export type DeckUpdate = Partial<Flat<DeckUpdateFields>>
export type PhoneSnapshot = Flat<PhoneFields>
export type PhoneUpdate = Partial<Flat<PhoneUpdateFields>>

export type ClientToServerEvents = { [M in MessageName]: (payload: Payload<M>, ack: Ack) => void } & {
  /** Asks for a fresh snapshot, e.g. when a phone wakes up and may have missed a volatile update. */
  sync: (ack: Ack) => void
}

export interface ServerToClientEvents {
  'deck:snapshot': (snapshot: DeckSnapshot) => void
  'deck:update': (update: DeckUpdate) => void
  'phone:snapshot': (snapshot: PhoneSnapshot) => void
  'phone:update': (update: PhoneUpdate) => void
  'reactions': (counts: ReactionCounts) => void
}
