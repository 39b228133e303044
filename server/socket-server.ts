import type { Server as HttpServer, IncomingMessage } from 'node:http'
import type { HandshakeRefusal } from '../core/errors'
import type { Presence, RoomBounds } from '../core/features/presence'
import type { Privacy } from '../core/session/privacy'
import type { Access } from './access'
import type { AddressLimits } from './address-limits'
import type { Broadcaster } from './broadcaster'
import type { Cluster, SharedPresence } from './cluster'
import type { ConnectionRights } from './connection-rights'
import type { RateLimit } from './rate-limit'
import type { SessionEngine } from './session-engine'
import type { PollServer, PollSocket } from './socket-types'
import { Server } from 'socket.io'
import * as v from 'valibot'
import { handshakeSchema } from '../core/inbound'
import { socketPath } from '../core/protocol'
import { createAddressLimits, deviceAddress, machineAddresses } from './address-limits'
import { createBroadcaster } from './broadcaster'
import { keepRecoveredStateOnlyFor, trackConnectionRights } from './connection-rights'
import { createRateLimiters } from './rate-limit'
import { rooms, voterRoom } from './rooms'
import { messageHandler, rateLimits } from './socket-messages'
import { socketRules } from './socket-rules'

export interface PollSocketOptions {
  engine: SessionEngine
  access: Access
  joinUrl: string
  /** Whether a browser page of this origin may connect. */
  originAllowed: (request: IncomingMessage) => boolean
  trustProxy: boolean
  maxVotersPerAddress: number
  voterReleaseMs: number
  /** Connections one address may open per second, five seconds' worth at once; 0: no limit. */
  handshakesPerAddress: number
  expectedAudience?: number
  /** How long a dropped connection can come back with what it missed, rather than with a fresh snapshot. */
  recoveryWindowMs: number
  deckIntervalMs?: number
  phoneIntervalMs?: number
  privacy: Privacy
  /** Set when the HTTP server also carries other WebSockets (Vite's HMR in development), which socket.io must leave alone. */
  sharesUpgrades?: boolean
  /** Set when several servers share the session through Redis. */
  cluster?: Cluster
}

/** Payloads are a few hundred bytes; anything much larger is refused before it is parsed. */
export const maxMessageBytes = 8 * 1024

/** Snapshots cost the server more than a vote: per address, however many sockets ask. */
const snapshotsPerAddress: RateLimit = { burst: 20, perSecond: 2 }

function createSocketServer(httpServer: HttpServer, options: PollSocketOptions): PollServer {
  return new Server(httpServer, {
    path: socketPath,
    serveClient: false,
    maxHttpBufferSize: maxMessageBytes,
    allowRequest: (request, callback) => callback(null, options.originAllowed(request)),
    // Middlewares run for recovered sockets too: rights are proven at every join.
    connectionStateRecovery: { maxDisconnectionDuration: options.recoveryWindowMs, skipMiddlewares: false },
    destroyUpgrade: !options.sharesUpgrades,
    ...(options.cluster && { adapter: options.cluster.adapter }),
  })
}

interface AdmissionParts {
  connectionRights: ConnectionRights
  addressLimits: AddressLimits
  handshakesPerAddress: number
  /** A phone was turned away: the presenter's count of refused phones changed. */
  refusedPhone: () => void
}

/** Who may join, checked before anything is built for the connection: a refused handshake costs no snapshot. */
function admission({ connectionRights, addressLimits, handshakesPerAddress, refusedPhone }: AdmissionParts): Parameters<PollServer['use']>[0] {
  const handshakeLimiter = handshakesPerAddress > 0 ? createRateLimiters({ burst: 5 * handshakesPerAddress, perSecond: handshakesPerAddress }) : () => true
  return (socket, next) => {
    const refuse = (reason: HandshakeRefusal): void => next(new Error(reason))
    const handshake = v.safeParse(handshakeSchema, socket.handshake.auth)
    const origin = connectionRights.proven(socket)
    if (!handshake.success || !origin)
      return refuse('invalid_handshake')
    const auth = handshake.output
    keepRecoveredStateOnlyFor(socket, auth)
    const { address } = origin
    if (!handshakeLimiter(deviceAddress(address)))
      return refuse('too_many_connections')
    if (auth.role === 'phone') {
      if (addressLimits.admitPhone(address, auth.voterId) !== 'ok') {
        refusedPhone()
        return refuse('too_many_voters')
      }
      socket.data = { role: 'phone', voterId: auth.voterId, address, refusedInARow: 0 }
      return next()
    }
    if (!origin.rights.has(auth.role))
      return refuse(auth.role === 'presenter' ? 'presenter_rights_required' : 'screen_rights_required')
    socket.data = { role: auth.role, address, refusedInARow: 0 }
    next()
  }
}

interface Welcome {
  broadcaster: Broadcaster
  /** Shared by every socket, as `onMessage` is: socket.io calls both with the socket as `this`. */
  phoneLeft: (this: PollSocket) => void
  onMessage: (this: PollSocket, event: string, ...args: unknown[]) => void
  presenceChanged: () => void
}

/** A connection admitted: its rooms, its snapshot, its messages; a phone counts in the room's presence until it leaves. */
function welcome(socket: PollSocket, { broadcaster, phoneLeft, onMessage, presenceChanged }: Welcome): void {
  const { data } = socket
  socket.join(data.role === 'phone' ? [rooms.phones, voterRoom(data.voterId)] : data.role === 'screen' ? rooms.screens : rooms.presenters)
  broadcaster.sendSnapshot(socket)
  if (data.role === 'phone') {
    presenceChanged()
    socket.on('disconnect', phoneLeft)
  }
  socket.onAny(onMessage)
}

export function attachPollSockets(httpServer: HttpServer, options: PollSocketOptions): { io: PollServer, revokeRights: () => void, close: () => Promise<void> } {
  const { engine } = options
  const io = createSocketServer(httpServer, options)
  const connectionRights = trackConnectionRights(io, options.access, options.trustProxy)
  const addressLimits = createAddressLimits({ ...options, ownAddresses: machineAddresses() })
  let expectedAudience = options.expectedAudience ?? null
  const phoneLimiter = createRateLimiters(rateLimits.phone)
  const snapshotLimiter = createRateLimiters(snapshotsPerAddress)
  const localPresence = (): Presence => ({ phones: addressLimits.connectedPhones(), addresses: addressLimits.addressesSeen(), refused: addressLimits.refusedPhones(), bounds: { votersPerAddress: addressLimits.votersPerAddress(), expectedAudience } })
  let sharedPresence: SharedPresence | undefined
  const setBounds = (changed: Partial<RoomBounds>): void => {
    if (changed.votersPerAddress !== undefined)
      addressLimits.setVotersPerAddress(changed.votersPerAddress)
    if (changed.expectedAudience !== undefined)
      expectedAudience = changed.expectedAudience
    presenceChanged()
  }
  const broadcaster = createBroadcaster(io, engine, {
    joinUrl: options.joinUrl,
    presence: () => sharedPresence?.total() ?? localPresence(),
    deckIntervalMs: options.deckIntervalMs ?? 50,
    phoneIntervalMs: options.phoneIntervalMs ?? 250,
    privacy: options.privacy,
    snapshotLimiter,
    setBounds,
    clustered: options.cluster !== undefined,
  })
  sharedPresence = options.cluster?.sharePresence(io, localPresence, broadcaster.presenceChanged)
  function presenceChanged(): void {
    broadcaster.presenceChanged()
    sharedPresence?.localChanged()
  }
  // The presenter talks to one server; the others sharing the session follow.
  io.on('bounds', setBounds)
  const rules = socketRules(engine, broadcaster.handlers)

  io.use(admission({ connectionRights, addressLimits, handshakesPerAddress: options.handshakesPerAddress, refusedPhone: presenceChanged }))
  const phoneLeft = function (this: PollSocket): void {
    const { data } = this
    if (data.role === 'phone')
      addressLimits.releasePhone(data.address, data.voterId)
    presenceChanged()
  }
  const parts = { broadcaster, phoneLeft, onMessage: messageHandler({ rules, broadcaster, phoneLimiter, snapshotLimiter }), presenceChanged }
  io.on('connection', socket => welcome(socket, parts))

  return {
    io,
    /** After the token changed: every connection opened with rights must show them again. */
    revokeRights: connectionRights.revoke,
    close: async () => {
      sharedPresence?.close()
      broadcaster.close()
      await io.close()
    },
  }
}
