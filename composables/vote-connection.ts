// The deck's one socket per tab, and the live state it keeps: shared by every poll on every slide of the tab.
import type { Socket } from 'socket.io-client'
import type { ClientToServerEvents, DeckSnapshot, Handshake, Reply, ServerToClientEvents } from '../core/protocol'
import { io } from 'socket.io-client'
import { reactive } from 'vue'
import { errorMessages, handshakeErrors, socketPath } from '../core/protocol'
import { forgetPresenterToken, storedPresenterToken } from './presenter-token'

export interface VoteConnectionState {
  connected: boolean
  snapshot: DeckSnapshot | null
  /** Set when the presenter view has no valid token: its controls say how to get one. */
  presenterRefused: 'missing' | 'invalid' | null
}

export const voteConnection = reactive<VoteConnectionState>({ connected: false, snapshot: null, presenterRefused: null })

type PresenterEvent = Exclude<keyof ClientToServerEvents, 'vote' | 'sync'>

let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null
/** What the tab asked for: the presenter view asks to drive the polls. */
let asPresenter = false

function handshake(): Handshake {
  const token = asPresenter ? storedPresenterToken() : null
  voteConnection.presenterRefused = asPresenter && !token ? 'missing' : null
  return token ? { role: 'presenter', token } : { role: 'screen' }
}

function open(): Socket<ServerToClientEvents, ClientToServerEvents> {
  const created: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    path: socketPath,
    auth: handshake(),
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
  })
  created.on('connect', () => {
    voteConnection.connected = true
  })
  created.on('disconnect', () => {
    voteConnection.connected = false
  })
  created.on('connect_error', (error) => {
    voteConnection.connected = false
    // A refused handshake is not retried by socket.io: without a valid token, carry on as a screen.
    if (error.message === handshakeErrors.invalidToken) {
      forgetPresenterToken()
      created.auth = handshake()
      voteConnection.presenterRefused = 'invalid'
      created.connect()
    }
  })
  created.on('deck:snapshot', (snapshot) => {
    voteConnection.snapshot = snapshot
  })
  created.on('deck:update', (update) => {
    const snapshot = voteConnection.snapshot
    if (!snapshot)
      return
    if (update.polls)
      snapshot.polls = { ...snapshot.polls, ...update.polls }
    if (update.focus !== undefined)
      snapshot.focus = update.focus
    if (update.phones !== undefined)
      snapshot.phones = update.phones
  })
  return created
}

/** Connects this tab, once; switching between the audience and presenter views only changes the handshake. */
export function connectVotes(presenterView: boolean): void {
  if (socket && presenterView === asPresenter)
    return
  asPresenter = presenterView
  if (!socket) {
    socket = open()
    return
  }
  socket.auth = handshake()
  socket.disconnect().connect()
}

/** Sends a presenter action; resolves with a French message when it was refused, or `null`. */
export async function sendPresenterAction<E extends PresenterEvent>(event: E, ...payload: Parameters<ClientToServerEvents[E]> extends [infer P, unknown] ? [P] : never): Promise<string | null> {
  if (!socket?.connected)
    return 'Serveur de vote injoignable.'
  try {
    const reply: Reply = await (socket.timeout(8000) as unknown as Socket).emitWithAck(event, ...payload)
    return reply.ok ? null : errorMessages[reply.error]
  }
  catch {
    return 'Le serveur de vote ne répond pas.'
  }
}
