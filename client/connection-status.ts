// Staying connected: what the person is told of the connection, retrying refusals that may change, and catching up
// when the page comes back to the foreground.
import type { Socket } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from '../core/protocol'
import { handshakeRefusals, isHandshakeRefusal } from '../core/errors'

type VoteSocket = Socket<ServerToClientEvents, ClientToServerEvents>

export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'refused'

export interface Connection {
  status: ConnectionStatus
  /** Why the server turned this client away, in French, and whether the client keeps trying by itself. */
  refusal: { message: string, retrying: boolean } | null
}

/** A refused handshake is not retried by socket.io; a retrying refusal waits this long, then longer, up to the cap. */
const retryDelayMs = { first: 3000, max: 30_000 }

/**
 * Keeps `connection` in step with the socket, calling `changed` after each change and `refused` when the server turns
 * the client away; returns how to stop retrying.
 */
export function trackConnection(socket: VoteSocket, connection: Connection, on: { changed: () => void, refused: () => void }): () => void {
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
    on.changed()
  })
  socket.on('disconnect', (reason) => {
    // Nothing sent but unacknowledged goes out later behind the client's back: callers keep what is still to send.
    socket.sendBuffer = []
    connection.status = 'offline'
    on.changed()
    // The server closed this connection itself (its rights were revoked, say): try again, the handshake will tell.
    if (reason === 'io server disconnect')
      retryLater()
  })
  socket.on('connect_error', (error) => {
    if (socket.active) {
      connection.status = 'offline'
      return on.changed()
    }
    const refusal = isHandshakeRefusal(error.message) ? handshakeRefusals[error.message] : handshakeRefusals.invalid_handshake
    on.refused()
    Object.assign(connection, { status: refusal.retry ? 'offline' : 'refused', refusal: { message: refusal.message, retrying: refusal.retry } })
    on.changed()
    if (refusal.retry)
      retryLater()
  })
  return () => clearTimeout(retryTimer)
}

/** Pages only (the same client runs in Node for the tests): catches up when the page is seen again; returns how to stop. */
export function resyncOnWake(socket: VoteSocket): () => void {
  if (typeof document === 'undefined')
    return () => {}
  const wake = (): void => {
    if (document.visibilityState === 'hidden')
      return
    // Updates may have been missed while the screen was off (phones get volatile ones): ask for the current state.
    if (socket.connected)
      socket.emit('sync', () => {})
    else if (!socket.active)
      socket.connect()
  }
  document.addEventListener('visibilitychange', wake)
  window.addEventListener('online', wake)
  return () => {
    document.removeEventListener('visibilitychange', wake)
    window.removeEventListener('online', wake)
  }
}
