import type { Server as HttpServer, IncomingMessage } from 'node:http'
import type { Socket } from 'socket.io'
import type { HandshakeRefusal } from '../core/errors'
import type { Payload, PayloadEvent, Reply, RoomBounds } from '../core/protocol'
import type { Privacy } from '../core/session/privacy'
import type { Command } from '../core/session/rules'
import type { Access, Right } from './access'
import type { Cluster, SharedPresence } from './cluster'
import type { RateLimit } from './rate-limit'
import type { SessionEngine } from './session-engine'
import type { Presence } from './snapshots'
import type { PollServer, PollSocket, SocketData } from './socket-types'
import { randomBytes } from 'node:crypto'
import { Server } from 'socket.io'
import * as v from 'valibot'
import { limits } from '../core/limits'
import { handshakeSchema, payloadSchemas, socketPath } from '../core/protocol'
import { createAddressLimits, deviceAddress, machineAddresses } from './address-limits'
import { createBroadcaster, rooms, voterRoom } from './broadcaster'
import { keepRecoveredStateOnlyFor, trackConnectionRights } from './connection-rights'
import { createRateLimiter, createRateLimiters } from './rate-limit'
import { createReactionCounter } from './reactions'

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

const rateLimits: Record<SocketData['role'], RateLimit> = {
  phone: { burst: 10, perSecond: 2 },
  screen: { burst: 5, perSecond: 1 },
  presenter: { burst: 60, perSecond: 20 },
}
/** Snapshots cost the server more than a vote: per address, however many sockets ask. */
const snapshotsPerAddress: RateLimit = { burst: 20, perSecond: 2 }
/**
 * A socket refused this many times in a row is flooding: its refusals then go unanswered until it keeps to its rate.
 * Silence, not a disconnection: a script reconnects at once, with a fresh snapshot to send, and the connections it
 * churns delay every phone that joins.
 */
const floodThreshold = 50
/** How often the projection gets the reactions of the moment. */
const reactionIntervalMs = 500

interface Rule<E extends PayloadEvent> {
  right: 'phone' | Right
  run: (payload: Payload<E>, socket: PollSocket) => Promise<Reply> | Reply
}

export function attachPollSockets(httpServer: HttpServer, options: PollSocketOptions): { io: PollServer, revokeRights: () => void, close: () => Promise<void> } {
  const { engine, access } = options
  const io: PollServer = new Server(httpServer, {
    path: socketPath,
    serveClient: false,
    maxHttpBufferSize: maxMessageBytes,
    allowRequest: (request, callback) => callback(null, options.originAllowed(request)),
    // Middlewares run for recovered sockets too: rights are proven at every join.
    connectionStateRecovery: { maxDisconnectionDuration: options.recoveryWindowMs, skipMiddlewares: false },
    destroyUpgrade: !options.sharesUpgrades,
    ...(options.cluster && { adapter: options.cluster.adapter }),
  })
  const connectionRights = trackConnectionRights(io, access, options.trustProxy)

  const addressLimits = createAddressLimits({ ...options, ownAddresses: machineAddresses() })
  const { handshakesPerAddress } = options
  // Checked before anything is built for the connection: a refused handshake costs no snapshot.
  const handshakeLimiter = handshakesPerAddress > 0 ? createRateLimiters({ burst: 5 * handshakesPerAddress, perSecond: handshakesPerAddress }) : () => true
  let expectedAudience = options.expectedAudience ?? null
  // Per voter, not per socket: the tabs a phone may open share one budget.
  const phoneLimiter = createRateLimiters(rateLimits.phone)
  const snapshotLimiter = createRateLimiters(snapshotsPerAddress)
  const bounds = (): RoomBounds => ({ votersPerAddress: addressLimits.votersPerAddress(), expectedAudience })
  const localPresence = (): Presence => ({ phones: addressLimits.connectedPhones(), addresses: addressLimits.addressesSeen(), refused: addressLimits.refusedPhones(), bounds: bounds() })
  let sharedPresence: SharedPresence | undefined
  const broadcaster = createBroadcaster(io, engine, {
    joinUrl: options.joinUrl,
    presence: () => sharedPresence?.total() ?? localPresence(),
    deckIntervalMs: options.deckIntervalMs ?? 50,
    phoneIntervalMs: options.phoneIntervalMs ?? 250,
    privacy: options.privacy,
  })

  sharedPresence = options.cluster?.sharePresence(io, localPresence, broadcaster.presenceChanged)
  const presenceChanged = (): void => {
    broadcaster.presenceChanged()
    sharedPresence?.localChanged()
  }
  const setBounds = (changed: Partial<RoomBounds>): void => {
    if (changed.votersPerAddress !== undefined)
      addressLimits.setVotersPerAddress(changed.votersPerAddress)
    if (changed.expectedAudience !== undefined)
      expectedAudience = changed.expectedAudience
    presenceChanged()
  }
  // The presenter talks to one server; the others sharing the session follow.
  io.on('bounds', setBounds)

  const execute = (command: Command): Promise<Reply> => engine.execute(command)
  // Only phones reach the rules that ask for a voter: `right: 'phone'` is checked before `run`.
  const voterOf = (socket: PollSocket): string => socket.data.role === 'phone' ? socket.data.voterId : ''
  const reactionLimiter = createRateLimiters(limits.reactionsPerVoter)
  // Not `io.local`: reactions are in no log, and the screens of every server show them.
  const reactions = createReactionCounter(reactionIntervalMs, counts => io.to([rooms.screens, rooms.presenters]).volatile.emit('reactions', counts))
  const onPoll = <E extends 'poll:open' | 'poll:close' | 'poll:reveal'>(type: 'open' | 'close' | 'reveal'): Rule<E> => ({ right: 'presenter', run: ({ pollId }) => execute({ type, pollId }) })
  const rules: { [E in PayloadEvent]: Rule<E> } = {
    'vote': {
      right: 'phone',
      run: async ({ pollId, answer, round }, socket) => {
        const reply = await execute({ type: 'vote', pollId, answer, round, voterId: voterOf(socket) })
        // A phone that answered an earlier round missed the new one: it gets the current state with the refusal.
        if (!reply.ok && reply.error === 'stale_round')
          broadcaster.sendSnapshot(socket)
        return reply
      },
    },
    'poll:open': onPoll('open'),
    'poll:close': onPoll('close'),
    'poll:reveal': onPoll('reveal'),
    'poll:reset': { right: 'presenter', run: ({ pollId, confirm }) => execute({ type: 'reset', pollId, confirmed: confirm === true }) },
    'word:remove': { right: 'presenter', run: ({ pollId, word }) => execute({ type: 'remove-word', pollId, word }) },
    'word:restore': { right: 'presenter', run: ({ pollId, word }) => execute({ type: 'restore-word', pollId, word }) },
    'cloud:pause': { right: 'presenter', run: ({ pollId, paused }) => execute({ type: 'pause-cloud', pollId, paused }) },
    'nav': { right: 'presenter', run: ({ page, clicks }) => execute({ type: 'move', page, clicks }) },
    'session:new': {
      right: 'presenter',
      run: async ({ name }) => {
        await engine.startSession(name)
        return { ok: true }
      },
    },
    'question:ask': {
      right: 'phone',
      // The id comes from here, not from the rules: they stay pure, and the log replays the same question.
      run: ({ text }, socket) => execute({ type: 'ask', questionId: `q-${randomBytes(9).toString('base64url')}`, voterId: voterOf(socket), text }),
    },
    'questions:follow': {
      right: 'phone',
      // The list costs about what a snapshot does: the same budget per address.
      run: (_payload, socket) => {
        if (!snapshotLimiter(socket.data.address))
          return { ok: false, error: 'rate_limited' }
        broadcaster.followQuestions(socket)
        return { ok: true }
      },
    },
    'question:upvote': { right: 'phone', run: ({ questionId, upvoted }, socket) => execute({ type: 'upvote', questionId, upvoted, voterId: voterOf(socket) }) },
    'question:moderate': { right: 'presenter', run: ({ questionId, action }) => execute({ type: 'moderate', questionId, action }) },
    'questions:moderation': { right: 'presenter', run: ({ moderated }) => execute({ type: 'set-moderation', moderated }) },
    'room:bounds': {
      right: 'presenter',
      run: (changed) => {
        setBounds(changed)
        if (options.cluster)
          io.serverSideEmit('bounds', changed)
        return { ok: true }
      },
    },
    'questions:hide-sender': { right: 'presenter', run: ({ sender }) => execute({ type: 'hide-sender', sender }) },
    // The time comes from here, not from the rules: they stay pure, and the log replays the same time.
    'decision:record': { right: 'presenter', run: decision => execute({ type: 'record-decision', decision, recordedAt: new Date().toISOString() }) },
    'react': {
      right: 'phone',
      run: ({ reaction }, socket) => {
        if (!reactionLimiter(voterOf(socket)))
          return { ok: false, error: 'rate_limited' }
        reactions.add(reaction)
        return { ok: true }
      },
    },
  }

  io.use((socket, next) => {
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
        presenceChanged()
        return refuse('too_many_voters')
      }
      socket.data = { role: 'phone', voterId: auth.voterId, address }
      return next()
    }
    if (!origin.rights.has(auth.role))
      return refuse(auth.role === 'presenter' ? 'presenter_rights_required' : 'screen_rights_required')
    socket.data = { role: auth.role, address }
    next()
  })

  io.on('connection', (socket) => {
    const { data } = socket
    socket.join(data.role === 'phone' ? [rooms.phones, voterRoom(data.voterId)] : data.role === 'screen' ? rooms.screens : rooms.presenters)
    broadcaster.sendSnapshot(socket)
    if (data.role === 'phone') {
      presenceChanged()
      socket.on('disconnect', () => {
        addressLimits.releasePhone(data.address, data.voterId)
        presenceChanged()
      })
    }

    const allow = data.role === 'phone' ? () => phoneLimiter(data.voterId) : createRateLimiter(rateLimits[data.role])
    let refusedInARow = 0
    // Everything a client sends lands here: nothing from the network may throw, and every refusal gets a reason.
    ;(socket as Socket).onAny(async (event: string, ...args: unknown[]) => {
      const ack = typeof args.at(-1) === 'function' ? args.pop() as (reply: Reply) => void : undefined
      const reply = (answer: Reply): void => {
        refusedInARow = answer.ok ? 0 : refusedInARow + 1
        if (refusedInARow <= floodThreshold)
          ack?.(answer)
      }
      try {
        if (!allow())
          return reply({ ok: false, error: 'rate_limited' })
        if (event === 'sync' && args.length === 0) {
          if (!snapshotLimiter(data.address))
            return reply({ ok: false, error: 'rate_limited' })
          broadcaster.sendSnapshot(socket)
          return reply({ ok: true })
        }
        const rule = Object.hasOwn(rules, event) ? rules[event as PayloadEvent] as Rule<PayloadEvent> : undefined
        if (!rule || args.length !== 1)
          return reply({ ok: false, error: 'invalid_payload' })
        if (rule.right !== data.role && !(rule.right === 'screen' && data.role === 'presenter'))
          return reply({ ok: false, error: 'forbidden' })
        const payload = v.safeParse(payloadSchemas[event as PayloadEvent], args[0])
        if (!payload.success)
          return reply({ ok: false, error: 'invalid_payload' })
        reply(await rule.run(payload.output as never, socket))
      }
      catch (error) {
        console.error(`Erreur pendant « ${event} » :`, error)
        reply({ ok: false, error: 'internal_error' })
      }
    })
  })

  return {
    io,
    /** After the token changed: every connection opened with rights must show them again. */
    revokeRights: connectionRights.revoke,
    close: async () => {
      sharedPresence?.close()
      broadcaster.close()
      reactions.close()
      await io.close()
    },
  }
}
