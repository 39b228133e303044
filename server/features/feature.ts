// What the server does for a feature (server/features/registry.ts lists one per feature of core/features/registry.ts):
// which changes it notes for the decks and for the phones, the fields it puts in their snapshots and updates, and the
// messages it answers itself, without the log.
import type { Views } from '../../core/features/feature'
import type { Presence, RoomBounds } from '../../core/features/presence'
import type { MessageName, Payload } from '../../core/features/registry'
import type { DeckRole } from '../../core/features/sessions'
import type { Reply } from '../../core/protocol'
import type { Privacy } from '../../core/session/privacy'
import type { ReadOnlySession } from '../../core/session/read-only'
import type { SessionEngine } from '../session-engine'
import type { PollServer, PollSocket } from '../socket-types'

/** What every feature's server part may use. */
export interface ServerContext {
  io: PollServer
  engine: SessionEngine
  joinUrl: string
  /** The small-room threshold, and whether the projection shows bars while a vote is open. */
  privacy: Privacy
  /** Per address: snapshots, and what costs as much. */
  snapshotLimiter: (address: string) => boolean
  /** The room's presence, this server's or every server's sharing the session. */
  presence: () => Presence
  /** The presenter changed the room's bounds on this server. */
  setBounds: (changed: Partial<RoomBounds>) => void
  /** Set when several servers share the session. */
  clustered: boolean
}

/** A message the server answers itself. */
export type Handler<M extends MessageName> = (payload: Payload<M>, socket: PollSocket) => Promise<Reply> | Reply

/** What changed, for one audience: just whether anything did, or a feature's own record. */
export interface Changed { changed: boolean }

/**
 * A feature's part of the broadcast. `C` records what changed for one audience since its last update; the broadcaster
 * keeps one for the decks and one for the phones, and starts a new one after each update.
 */
export interface FeatureServer<V extends Views, E = never, C = Changed> {
  unchanged: () => C
  /**
   * Notes what an event of this feature that took effect changes, read against the state it led to; says whether the
   * phones have something to hear.
   */
  noted: (event: E, state: ReadOnlySession, deck: C, phone: C) => boolean
  deck: (role: DeckRole) => V['deck']
  /** Called once per role and update, both with the same record. */
  deckUpdate: (role: DeckRole, changed: C) => Partial<V['deckUpdate']>
  /** What every phone's snapshot shares: computed once per change of state, not once per phone. */
  phone: () => V['phone']
  voter: (voterId: string) => V['voter']
  /** What every phone's update carries, and on top what goes to the phones following the room's questions only. */
  phoneUpdate: (changed: C) => { all: Partial<V['phoneUpdate']>, followers?: Partial<V['phoneUpdate']> }
  /** What concerns single phones alone, by voter. */
  voterUpdates: (changed: C) => Iterable<[string, Partial<V['phoneUpdate']>]>
  /** Every client starts again from a snapshot (a new session, a reload): what was last sent no longer holds. */
  restart: () => void
  /** Stops what the feature runs on its own (a clock). */
  close?: () => void
}

/** The parts of a feature that phones never see. */
export const nothingForPhones = {
  phone: () => ({}),
  voter: () => ({}),
  phoneUpdate: () => ({ all: {} }),
  voterUpdates: () => [],
  restart: () => {},
}

/** A fresh record for a feature that notes only whether anything changed. */
export const unchanged = (): Changed => ({ changed: false })

/** A feature whose changes come from outside the log: no event of its own. */
export const noEvents = {
  unchanged,
  noted: () => false,
}
