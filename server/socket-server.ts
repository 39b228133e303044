import type { Server as HttpServer } from 'node:http'
import type { Socket } from 'socket.io'
import type { ClientToServerEvents, Reply } from '../core/protocol'
import type { PollServer, PollSocket, SocketData } from './broadcaster'
import type { RateLimit } from './rate-limit'
import type { SessionEngine } from './session-engine'
import { Server } from 'socket.io'
import * as v from 'valibot'
import { handshakeErrors, handshakeSchema, payloadSchemas, socketPath } from '../core/protocol'
import { createBroadcaster, rooms } from './broadcaster'
import { isAllowedOrigin } from './origin-check'
import { tokenMatches } from './presenter-token'
import { createRateLimiter } from './rate-limit'

export interface PollSocketOptions {
  engine: SessionEngine
  presenterToken: string
  joinUrl: string
  allowedOrigins?: readonly string[]
  deckIntervalMs?: number
  phoneIntervalMs?: number
  /** Set when the HTTP server also carries other WebSockets (Vite's HMR in development), which socket.io must leave alone. */
  sharesUpgrades?: boolean
}

/** Payloads are a few hundred bytes; anything much larger is refused before it is parsed. */
export const maxMessageBytes = 8 * 1024

const rateLimits: Record<SocketData['role'], RateLimit> = {
  phone: { burst: 10, perSecond: 2 },
  screen: { burst: 5, perSecond: 1 },
  presenter: { burst: 60, perSecond: 20 },
}
/** A socket refused this many times in a row is flooding: it is disconnected. */
const floodThreshold = 50

interface Rule<T> {
  role?: SocketData['role']
  schema: v.GenericSchema<unknown, T>
  run: (payload: T, socket: PollSocket) => Promise<Reply>
}

function rule<T>(definition: Rule<T>): Rule<T> {
  return definition
}

export function attachPollSockets(httpServer: HttpServer, options: PollSocketOptions): { io: PollServer, close: () => Promise<void> } {
  const { engine } = options
  const io: PollServer = new Server(httpServer, {
    path: socketPath,
    serveClient: false,
    maxHttpBufferSize: maxMessageBytes,
    allowRequest: (request, callback) => callback(null, isAllowedOrigin(request, options.allowedOrigins ?? [])),
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000 },
    destroyUpgrade: !options.sharesUpgrades,
  })
  // The first HTTP request of each connection is kept by default; nothing here needs it after the handshake.
  io.engine.on('connection', (rawSocket: { request: unknown }) => {
    rawSocket.request = null
  })
  const broadcaster = createBroadcaster(io, engine, {
    joinUrl: options.joinUrl,
    deckIntervalMs: options.deckIntervalMs ?? 50,
    phoneIntervalMs: options.phoneIntervalMs ?? 250,
  })

  const execute = engine.execute
  const rules: { [Event in Exclude<keyof ClientToServerEvents, 'sync'>]: Rule<any> } = {
    'vote': rule({
      role: 'phone',
      schema: payloadSchemas.vote,
      run: ({ pollId, answer }, socket) => execute({ type: 'vote', pollId, answer, voterId: (socket.data as { voterId: string }).voterId }),
    }),
    'poll:open': rule({ role: 'presenter', schema: payloadSchemas.poll, run: ({ pollId }) => execute({ type: 'open', pollId }) }),
    'poll:close': rule({ role: 'presenter', schema: payloadSchemas.poll, run: ({ pollId }) => execute({ type: 'close', pollId }) }),
    'poll:reveal': rule({ role: 'presenter', schema: payloadSchemas.poll, run: ({ pollId }) => execute({ type: 'reveal', pollId }) }),
    'poll:reset': rule({
      role: 'presenter',
      schema: payloadSchemas.reset,
      run: ({ pollId, confirm }) => execute({ type: 'reset', pollId, confirmed: confirm === true }),
    }),
    'word:remove': rule({ role: 'presenter', schema: payloadSchemas.removeWord, run: ({ pollId, word }) => execute({ type: 'remove-word', pollId, word }) }),
    'focus': rule({ role: 'presenter', schema: payloadSchemas.focus, run: ({ pollId }) => execute({ type: 'focus', pollId }) }),
    'session:new': rule({
      role: 'presenter',
      schema: payloadSchemas.newSession,
      run: async ({ name }) => {
        await engine.startSession(name)
        return { ok: true }
      },
    }),
  }

  io.use((socket, next) => {
    const handshake = v.safeParse(handshakeSchema, socket.handshake.auth)
    if (!handshake.success)
      return next(new Error(handshakeErrors.invalidHandshake))
    const auth = handshake.output
    if (auth.role === 'presenter' && !tokenMatches(options.presenterToken, auth.token))
      return next(new Error(handshakeErrors.invalidToken))
    socket.data = auth.role === 'phone' ? { role: 'phone', voterId: auth.voterId } : { role: auth.role }
    next()
  })

  io.on('connection', (socket) => {
    const { role } = socket.data
    socket.join(role === 'phone' ? rooms.phones : role === 'screen' ? rooms.screens : rooms.presenters)
    broadcaster.sendSnapshot(socket)
    if (role === 'phone') {
      broadcaster.presenceChanged()
      socket.on('disconnect', broadcaster.presenceChanged)
    }

    const allow = createRateLimiter(rateLimits[role])
    let refusedInARow = 0
    // Everything a client sends lands here: nothing from the network may throw, and every refusal gets a reason.
    ;(socket as Socket).onAny(async (event: string, ...args: unknown[]) => {
      const ack = typeof args.at(-1) === 'function' ? args.pop() as (reply: Reply) => void : undefined
      const reply = (answer: Reply): void => {
        ack?.(answer)
        refusedInARow = answer.ok ? 0 : refusedInARow + 1
        if (refusedInARow >= floodThreshold)
          socket.disconnect(true)
      }
      try {
        if (!allow())
          return reply({ ok: false, error: 'rate_limited' })
        if (event === 'sync' && args.length === 0) {
          broadcaster.sendSnapshot(socket)
          return reply({ ok: true })
        }
        const handler = Object.hasOwn(rules, event) ? rules[event as keyof typeof rules] : undefined
        if (!handler || args.length !== 1)
          return reply({ ok: false, error: 'invalid_payload' })
        if (handler.role && handler.role !== role)
          return reply({ ok: false, error: 'forbidden' })
        const payload = v.safeParse(handler.schema, args[0])
        if (!payload.success)
          return reply({ ok: false, error: 'invalid_payload' })
        reply(await handler.run(payload.output, socket))
      }
      catch (error) {
        console.error(`Erreur pendant « ${event} » :`, error)
        reply({ ok: false, error: 'internal_error' })
      }
    })
  })

  return {
    io,
    close: async () => {
      broadcaster.close()
      await io.close()
    },
  }
}
