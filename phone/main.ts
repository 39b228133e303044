// The phone page: one socket, one state, one render function.
import type { Socket } from 'socket.io-client'
import type { Answer, ClientToServerEvents, Reply, ServerToClientEvents } from '../core/protocol'
import type { PhoneState } from './phone-state'
import { io } from 'socket.io-client'
import { errorMessages, socketPath } from '../core/protocol'
import { initialState, withUpdate } from './phone-state'
import { createRenderer } from './render'
import { loadVoterId } from './voter-id'
import './style.css'

/** Past this, a vote without an answer is reported as lost so the voter can try again. */
const ackTimeoutMs = 10_000

let state: PhoneState = initialState()
const connectionLine = document.getElementById('connection')!

const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
  path: socketPath,
  auth: { role: 'phone', voterId: loadVoterId() },
  // WebSocket first is lighter on a LAN; polling remains for networks that block it.
  transports: ['websocket', 'polling'],
  tryAllTransports: true,
})

const render = createRenderer(document.getElementById('polls')!, {
  vote: (pollId, answer) => vote(pollId, answer),
  draft: (pollId, answer) => {
    state = { ...state, drafts: { ...state.drafts, [pollId]: answer } }
  },
})

function update(next: Partial<PhoneState>): void {
  state = { ...state, ...next }
  connectionLine.textContent = state.connected ? '' : 'Connexion perdue, reconnexion en cours…'
  render(state)
}

function vote(pollId: string, answer: Answer): void {
  update({ feedback: { ...state.feedback, [pollId]: { kind: 'sending' } } })
  socket.timeout(ackTimeoutMs).emit('vote', { pollId, answer }, (error: Error | null, reply: Reply) => {
    const { [pollId]: _sent, ...drafts } = state.drafts
    if (error || !reply.ok) {
      const message = error ? 'Pas de réponse du serveur. Réessayez.' : errorMessages[reply.ok ? 'internal_error' : reply.error]
      update({ feedback: { ...state.feedback, [pollId]: { kind: 'error', message } } })
      return
    }
    const snapshot = state.snapshot && { ...state.snapshot, answers: { ...state.snapshot.answers, [pollId]: answer } }
    update({ snapshot, drafts, feedback: { ...state.feedback, [pollId]: { kind: 'sent' } } })
  })
}

socket.on('connect', () => update({ connected: true }))
socket.on('disconnect', () => update({ connected: false }))
socket.on('phone:snapshot', snapshot => update({ snapshot, feedback: {} }))
socket.on('phone:update', (change) => {
  if (state.snapshot)
    update({ snapshot: withUpdate(state.snapshot, change) })
})

// Updates to phones are volatile: a phone whose screen was off may have missed one, so it asks for the current state.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && socket.connected)
    socket.emit('sync', () => {})
})
