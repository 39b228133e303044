// Snapshots and coalesced updates, built feature by feature (server/features/registry.ts): each feature notes what its
// events change, per audience, and gives its fields; the broadcaster sends them, at most once per interval per audience.
import type { AnyFeatureName } from '../core/features/registry'
import type { DeckRole } from '../core/features/sessions'
import type { DeckSnapshot, DeckUpdate, PhoneSnapshot, PhoneUpdate } from '../core/protocol'
import type { Changed, ServerContext } from './features/feature'
import type { FeatureServers, Handlers } from './features/registry'
import type { EngineChange, SessionEngine } from './session-engine'
import type { PollServer, PollSocket } from './socket-types'
import { ownerOf } from '../core/features/registry'
import { createFeatureServers } from './features/registry'
import { rooms, voterRoom } from './rooms'
import { throttle } from './throttle'

export type BroadcastOptions = Omit<ServerContext, 'io' | 'engine'> & {
  /** How often, at most, the deck and the presenter get updates. */
  deckIntervalMs: number
  /** Phones get fewer, lighter updates: thousands of them share one server. */
  phoneIntervalMs: number
}

export interface Broadcaster {
  sendSnapshot: (socket: PollSocket) => void
  presenceChanged: () => void
  /** The messages the features' servers answer themselves. */
  handlers: Handlers
  close: () => void
}

/** Each feature's record of what changed, for one audience. */
type Changes = Record<AnyFeatureName, unknown>

function merged<T>(parts: object[]): T {
  return Object.assign({}, ...parts) as T
}

/** Full snapshots; what every phone's holds alike is computed once per change, however many phones ask. */
function snapshotSender(servers: FeatureServers): { send: (socket: PollSocket) => void, changed: () => void } {
  const features = Object.values(servers)
  let shared: object | null = null
  return {
    send: (socket) => {
      const { data } = socket
      if (data.role === 'phone') {
        // A snapshot holds no room questions: the phone asks for them again, and patches then apply to what it got.
        socket.leave(rooms.questionReaders)
        shared ??= merged<object>(features.map(feature => feature.phone()))
        socket.emit('phone:snapshot', merged<PhoneSnapshot>([shared, ...features.map(feature => feature.voter(data.voterId))]))
      }
      else {
        socket.emit('deck:snapshot', merged<DeckSnapshot>(features.map(feature => feature.deck(data.role))))
      }
    },
    changed: () => {
      shared = null
    },
  }
}

/** The phones' update, the question readers' (on top), and each concerned phone's own. */
function sendPhoneUpdates(io: PollServer, servers: FeatureServers, names: AnyFeatureName[], changes: Changes): void {
  const parts = names.map(name => servers[name].phoneUpdate(changes[name]))
  const forAll = merged<PhoneUpdate>(parts.map(part => part.all))
  const forFollowers = merged<PhoneUpdate>([forAll, ...parts.map(part => part.followers ?? {})])
  if (Object.keys(forAll).length > 0)
    io.local.to(rooms.phones).except(rooms.questionReaders).volatile.emit('phone:update', forAll)
  // Not volatile: a patch missed would leave a question stale, a hidden one still shown, until the next snapshot.
  if (Object.keys(forFollowers).length > 0)
    io.local.to(rooms.questionReaders).emit('phone:update', forFollowers)
  // Not volatile: what happened to its own question, a phone must learn even if it missed the room's update.
  for (const name of names) {
    for (const [voterId, update] of servers[name].voterUpdates(changes[name]))
      io.local.to(voterRoom(voterId)).emit('phone:update', update)
  }
}

/**
 * Sends coalesced updates: only what changed, at most once per interval per audience. Every server applies the whole
 * log, so each one tells its own clients only (`io.local`), even when several share one address.
 */
export function createBroadcaster(io: PollServer, engine: SessionEngine, options: BroadcastOptions): Broadcaster {
  const { servers, handlers } = createFeatureServers({ ...options, io, engine })
  const names = Object.keys(servers) as AnyFeatureName[]
  const unchanged = (): Changes => Object.fromEntries(names.map(name => [name, servers[name].unchanged()])) as Changes
  let deckChanged = unchanged()
  let phoneChanged = unchanged()
  const snapshots = snapshotSender(servers)

  const deckTimer = throttle(options.deckIntervalMs, () => {
    const changes = deckChanged
    deckChanged = unchanged()
    for (const role of ['presenter', 'screen'] as const satisfies DeckRole[])
      io.local.to(role === 'presenter' ? rooms.presenters : rooms.screens).emit('deck:update', merged<DeckUpdate>(names.map(name => servers[name].deckUpdate(role, changes[name]))))
  })
  const phoneTimer = throttle(options.phoneIntervalMs, () => {
    const changes = phoneChanged
    phoneChanged = unchanged()
    sendPhoneUpdates(io, servers, names, changes)
  })
  /** A change outside the log (such a feature records a plain `Changed`): the feature's next deck update carries it. */
  const touch = (name: AnyFeatureName): void => {
    (deckChanged[name] as Changed).changed = true
    deckTimer.mark()
  }

  engine.onChange((change: EngineChange) => {
    // Storage health changes outside the log, for the presenter only: the phones' snapshots still hold.
    if (change.type === 'health')
      return touch('health')
    snapshots.changed()
    if (change.type === 'replaced') {
      // Every client starts again from a snapshot.
      names.forEach(name => servers[name].restart())
      for (const socket of io.of('/').sockets.values())
        snapshots.send(socket)
      return
    }
    let phonesConcerned = false
    for (const event of change.events) {
      // The feature that applied the event notes it: its own type of event, which the registry routed to it.
      const { name } = ownerOf('event', event.type)
      phonesConcerned = servers[name].noted(event as never, engine.state, deckChanged[name], phoneChanged[name]) || phonesConcerned
    }
    deckTimer.mark()
    if (phonesConcerned)
      phoneTimer.mark()
  })

  return {
    sendSnapshot: snapshots.send,
    presenceChanged: () => touch('presence'),
    handlers,
    close: () => {
      deckTimer.cancel()
      phoneTimer.cancel()
      names.forEach(name => servers[name].close?.())
    },
  }
}
