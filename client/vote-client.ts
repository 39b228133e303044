// The one client of the vote server, shared by the deck and the phone page: it connects, comes back by itself after a
// restart or any absence, believes only messages that parse, and turns every refusal into a sentence.
import type { Socket } from 'socket.io-client'
import type * as v from 'valibot'
import type { MessageName, Payload } from '../core/features/registry'
import type { Handshake } from '../core/inbound'
import type { ClientToServerEvents, Reply, ServerToClientEvents } from '../core/protocol'
import type { Connection } from './connection-status'
import { io } from 'socket.io-client'
import { safeParse } from 'valibot'
import { errorMessages } from '../core/errors'
import { socketPath } from '../core/protocol'
import { resyncOnWake, trackConnection } from './connection-status'

export type { Connection, ConnectionStatus } from './connection-status'

export type VoteSocket = Socket<ServerToClientEvents, ClientToServerEvents>

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
  send: <E extends MessageName>(event: E, payload: Payload<E>, timeoutMs?: number) => Promise<SendResult>
  /** Listens to another server message (reactions, say), parsed like the others; returns how to stop. */
  listen: <T>(event: keyof ServerToClientEvents, schema: v.GenericSchema<unknown, T>, handler: (message: T) => void) => () => void
  /** Folds into the held snapshot a change the server has confirmed (a vote it acknowledged), until the next snapshot. */
  amend: (change: (snapshot: S) => S) => void
  /** Connects again with a fresh handshake, e.g. when a tab switches between the audience and presenter views. */
  reconnect: () => void
  close: () => void
}

function openSocket(options: Pick<VoteClientOptions<unknown, unknown>, 'handshake' | 'node'>): VoteSocket {
  const { url = '', ...nodeTransport } = options.node ?? {}
  return io(url, {
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
}

/** A request and its acknowledgement, the refusal as a sentence. */
async function request(socket: Socket, event: string, payload: unknown, timeoutMs: number): Promise<SendResult> {
  if (!socket.connected)
    return { ok: false, message: 'Hors ligne : pas de connexion au serveur de vote.', lost: false }
  try {
    const reply: Reply = await socket.timeout(timeoutMs).emitWithAck(event, payload)
    return reply.ok ? reply : { ok: false, message: errorMessages[reply.error], lost: false }
  }
  catch {
    return { ok: false, message: 'Pas de réponse du serveur de vote.', lost: true }
  }
}

/** A server message that does not parse is dropped, and the client asks for the whole state again. */
function parserFor(socket: Socket): <T>(schema: v.GenericSchema<unknown, T>, message: unknown) => T | undefined {
  return (schema, message) => {
    const result = safeParse(schema, message)
    if (result.success)
      return result.output
    console.warn('Message du serveur de vote ignoré : mal formé.', result.issues)
    socket.emit('sync', () => {})
    return undefined
  }
}

export function createVoteClient<S, U>(options: VoteClientOptions<S, U>): VoteClient<S> {
  const { channel } = options
  const connection: Connection = { status: 'connecting', refusal: null }
  let snapshot: S | null = null
  const changed = (): void => options.onChange({ ...connection }, snapshot)
  const socket = openSocket(options)
  const untyped = socket as unknown as Socket
  // Turned away, the client no longer knows the state: showing the last one would show rights it no longer has.
  const stopRetrying = trackConnection(socket, connection, { changed, refused: () => snapshot = null })
  const stopWaking = resyncOnWake(socket)
  const parsed = parserFor(untyped)

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

  return {
    send: (event, payload, timeoutMs = 10_000) => request(untyped, event, payload, timeoutMs),
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
      stopRetrying()
      stopWaking()
      socket.close()
    },
  }
}
