// The one client of the vote server, shared by the deck and the phone page: it connects, comes back by itself after a
// restart or any absence, believes only messages that parse, and turns every refusal into a sentence.
import type { Socket } from 'socket.io-client'
import type * as v from 'valibot'
import type { ClientToServerEvents, Handshake, Payload, PayloadEvent, Reply, ServerToClientEvents } from '../core/protocol'
import { io } from 'socket.io-client'
import { safeParse } from 'valibot'
import { errorMessages, handshakeRefusals, isHandshakeRefusal } from '../core/errors'
import { socketPath } from '../core/protocol'

export type VoteSocket = Socket<ServerToClientEvents, ClientToServerEvents>

export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'refused'

export interface Connection {
  status: ConnectionStatus
  /** Why the server turned this client away, in French, and whether the client keeps trying by itself. */
  refusal: { message: string, retrying: boolean } | null
}

/** Where a client's state comes from: a snapshot event, an update event, how each parses, and how an update folds in. */
export interface Channel<S, U> {
  snapshot: { event: 'deck:snapshot' | 'phone:snapshot', schema: v.GenericSchema<unknown, S> }
  update: { event: 'deck:update' | 'phone:update', schema: v.GenericSchema<unknown, U> }
  merge: (snapshot: S, update: U) => S
}

export type SendResult = { ok: true } | { ok: false, message: string, /** The request may not have reached the server. */ lost: boolean }

export interface VoteClientOptions<S, U> {
  channel: Channel<S, U>
  /** Read at every connection attempt, so a change of role or of rights applies on the next one. */
  handshake: () => Handshake
  onChange: (connection: Connection, snapshot: S | null) => void
  /** After each full snapshot: the client is in step with the server again (on connection, after a resync). */
  onSnapshot?: (snapshot: S) => void
  /** Tests only, in Node: the server to reach (pages reach the one that served them), a cookie, a loopback address. */
  node?: { url: string, extraHeaders?: Record<string, string>, localAddress?: string }
}

export interface VoteClient<S = unknown> {
  send: <E extends PayloadEvent>(event: E, payload: Payload<E>, timeoutMs?: number) => Promise<SendResult>
  /** Listens to another server message (reactions, say), parsed like the others; returns how to stop. */
  listen: <T>(event: keyof ServerToClientEvents, schema: v.GenericSchema<unknown, T>, handler: (message: T) => void) => () => void
  /** Folds into the held snapshot a change the server has confirmed (a vote it acknowledged), until the next snapshot. */
  amend: (change: (snapshot: S) => S) => void
  /** Connects again with a fresh handshake, e.g. when a tab switches between the audience and presenter views. */
  reconnect: () => void
  close: () => void
}

/** A refused handshake is not retried by socket.io; a retrying refusal waits this long, then longer, up to the cap. */
const retryDelayMs = { first: 3000, max: 30_000 }

export function createVoteClient<S, U>(options: VoteClientOptions<S, U>): VoteClient<S> {
  const { channel } = options
  const connection: Connection = { status: 'connecting', refusal: null }
  let snapshot: S | null = null
  const changed = (): void => options.onChange({ ...connection }, snapshot)

  const { url = '', ...nodeTransport } = options.node ?? {}
  const socket: VoteSocket = io(url, {
    ...nodeTransport,
    path: socketPath,
    // A function: read again at each attempt, and socket.io adds what it needs to recover a short disconnection.
    auth: callback => callback(options.handshake()),
    // WebSocket first is lighter on a LAN; polling remains for networks that block it.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  })
  const untyped = socket as unknown as Socket

  let retryDelay = retryDelayMs.first
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  const retryLater = (): void => {
    clearTimeout(retryTimer)
    retryTimer = setTimeout(() => socket.connect(), retryDelay)
    retryDelay = Math.min(retryDelay * 2, retryDelayMs.max)
  }

  socket.on('connect', () => {
    retryDelay = retryDelayMs.first
    Object.assign(connection, { status: 'online', refusal: null })
    changed()
  })
  socket.on('disconnect', (reason) => {
    // Nothing sent but unacknowledged goes out later behind the client's back: callers keep what is still to send.
    socket.sendBuffer = []
    connection.status = 'offline'
    changed()
    // The server closed this connection itself (its rights were revoked, say): try again, the handshake will tell.
    if (reason === 'io server disconnect')
      retryLater()
  })
  socket.on('connect_error', (error) => {
    if (socket.active) {
      connection.status = 'offline'
      return changed()
    }
    const refusal = isHandshakeRefusal(error.message) ? handshakeRefusals[error.message] : handshakeRefusals.invalid_handshake
    // Turned away, the client no longer knows the state: showing the last one would show rights it no longer has.
    snapshot = null
    Object.assign(connection, { status: refusal.retry ? 'offline' : 'refused', refusal: { message: refusal.message, retrying: refusal.retry } })
    changed()
    if (refusal.retry)
      retryLater()
  })

  const parsed = <T>(schema: v.GenericSchema<unknown, T>, message: unknown): T | undefined => {
    const result = safeParse(schema, message)
    if (result.success)
      return result.output
    console.warn('Message du serveur de vote ignoré : mal formé.', result.issues)
    socket.emit('sync', () => {})
    return undefined
  }
  untyped.on(channel.snapshot.event, (message: unknown) => {
    const received = parsed(channel.snapshot.schema, message)
    if (received) {
      snapshot = received
      changed()
      options.onSnapshot?.(received)
    }
  })
  untyped.on(channel.update.event, (message: unknown) => {
    const received = parsed(channel.update.schema, message)
    if (received && snapshot) {
      snapshot = channel.merge(snapshot, received)
      changed()
    }
  })

  const wake = (): void => {
    if (document.visibilityState === 'hidden')
      return
    // Updates may have been missed while the screen was off (phones get volatile ones): ask for the current state.
    if (socket.connected)
      socket.emit('sync', () => {})
    else if (!socket.active)
      socket.connect()
  }
  // Pages only: the same client runs in Node for the tests.
  const page = typeof document === 'undefined' ? null : { document, window }
  page?.document.addEventListener('visibilitychange', wake)
  page?.window.addEventListener('online', wake)

  return {
    send: async (event, payload, timeoutMs = 10_000) => {
      if (!socket.connected)
        return { ok: false, message: 'Hors ligne : pas de connexion au serveur de vote.', lost: false }
      try {
        const reply: Reply = await untyped.timeout(timeoutMs).emitWithAck(event, payload)
        return reply.ok ? reply : { ok: false, message: errorMessages[reply.error], lost: false }
      }
      catch {
        return { ok: false, message: 'Pas de réponse du serveur de vote.', lost: true }
      }
    },
    listen: (event, schema, handler) => {
      const listener = (message: unknown): void => {
        const received = parsed(schema, message)
        if (received !== undefined)
          handler(received)
      }
      untyped.on(event, listener)
      return () => untyped.off(event, listener)
    },
    amend: (change) => {
      if (!snapshot)
        return
      snapshot = change(snapshot)
      changed()
    },
    reconnect: () => {
      snapshot = null
      socket.disconnect().connect()
    },
    close: () => {
      clearTimeout(retryTimer)
      page?.document.removeEventListener('visibilitychange', wake)
      page?.window.removeEventListener('online', wake)
      socket.close()
    },
  }
}
