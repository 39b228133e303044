// The phone page: one vote client, one state, one render function.
import type { Answer } from '../core/kinds/registry'
import type { PhoneState } from './render'
import { phoneChannel } from '../client/phone-channel'
import { createVoteClient } from '../client/vote-client'
import { createOutbox } from './outbox'
import { createQuestions } from './questions'
import { createReactions } from './reactions'
import { createRenderer } from './render'
import { loadVoterId } from './voter-id'
import './style.css'

const outbox = createOutbox()
let state: PhoneState = { connection: { status: 'connecting', refusal: null }, snapshot: null, drafts: {}, queued: {}, feedback: {} }
const connectionLine = document.getElementById('connection')!
const voterId = loadVoterId()
// Its first change comes once connected, after the renderers below exist.
const client = createVoteClient({
  channel: phoneChannel,
  handshake: () => ({ role: 'phone', voterId }),
  onChange: (connection, snapshot) => update({ connection, snapshot }),
  onSnapshot: resync,
})

const render = createRenderer(document.getElementById('polls')!, {
  vote: (pollId, answer) => void vote(pollId, answer),
  draft: (pollId, answer) => update({ drafts: { ...state.drafts, [pollId]: answer } }),
})

const renderQuestions = createQuestions(document.getElementById('questions')!, {
  ask: async (text) => {
    const result = await client.send('question:ask', { text })
    return result.ok ? null : result.lost ? 'Pas de réponse du serveur : votre question n’est peut-être pas partie. Réessayez.' : result.message
  },
  upvote: (questionId, upvoted) => void client.send('question:upvote', { questionId, upvoted }).then((result) => {
    if (result.ok)
      client.amend(snapshot => ({ ...snapshot, upvoted: upvoted ? [...snapshot.upvoted, questionId] : snapshot.upvoted.filter(id => id !== questionId) }))
  }),
  follow: followQuestions,
})

createReactions(document.getElementById('reactions')!, reaction => void client.send('react', { reaction }))

function update(next: Partial<PhoneState>): void {
  state = { ...state, ...next }
  state.queued = Object.fromEntries(outbox.entries(state.snapshot?.session.id ?? 0))
  const { connection } = state
  connectionLine.textContent = connection.status === 'online' ? '' : connection.refusal?.message ?? (connection.status === 'offline' ? 'Connexion perdue, reconnexion en cours…' : '')
  render(state)
  renderQuestions(state.snapshot)
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record
  return rest
}

/** `round`: the poll's opening the answer was given in; the server refuses it once the poll was reset or reopened. */
async function vote(pollId: string, answer: Answer, round = state.snapshot?.polls[pollId]?.round): Promise<void> {
  const session = state.snapshot?.session.id
  if (session === undefined)
    return
  if (state.connection.status !== 'online') {
    outbox.put(session, pollId, answer, round)
    return update({ drafts: without(state.drafts, pollId), feedback: without(state.feedback, pollId) })
  }
  update({ feedback: { ...state.feedback, [pollId]: { kind: 'sending', answer } } })
  const result = await client.send('vote', { pollId, answer, round })
  // Refused, it is not tried again; unanswered, it may not have arrived: it waits and goes again once back online.
  if (!result.ok && result.lost)
    outbox.put(session, pollId, answer, round)
  else
    outbox.remove(pollId)
  if (result.ok) {
    state = { ...state, drafts: without(state.drafts, pollId), feedback: without(state.feedback, pollId) }
    return client.amend(snapshot => ({ ...snapshot, answers: { ...snapshot.answers, [pollId]: answer } }))
  }
  update({ feedback: result.lost ? without(state.feedback, pollId) : { ...state.feedback, [pollId]: { kind: 'error', message: result.message } } })
}

/** Whether the voter opened the room's questions: they are not in snapshots, and come again after each. */
let followingQuestions = false

function followQuestions(): void {
  followingQuestions = true
  void client.send('questions:follow', {})
}

/** Back in step with the server: the room's questions again if the voter opened them, and what waited in the outbox. */
function resync(): void {
  if (followingQuestions)
    followQuestions()
  flushOutbox()
}

/** Back in step with the server: send what waited, unless its vote closed meanwhile. */
function flushOutbox(): void {
  const { snapshot } = state
  if (!snapshot)
    return
  for (const [pollId, answer] of outbox.entries(snapshot.session.id)) {
    if (state.feedback[pollId]?.kind === 'sending')
      continue
    if (snapshot.polls[pollId]?.status === 'open') {
      void vote(pollId, answer, outbox.round(pollId))
    }
    else {
      outbox.remove(pollId)
      update({ feedback: { ...state.feedback, [pollId]: { kind: 'error', message: 'Le vote a été clos avant le retour de la connexion : cette réponse n’a pas été comptée.' } } })
    }
  }
}
