// The polls on the phone: the cards (`poll-cards.ts`), the answers sent, and those kept in the outbox while offline,
// sent again once back in step with the server.
import type { Answer } from '../../core/kinds/registry'
import type { PhoneFeature } from './feature'
import type { PhoneState } from './poll-cards'
import { createOutbox } from '../outbox'
import { createRenderer } from './poll-cards'

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record
  return rest
}

export const polls: PhoneFeature = {
  section: 'polls',
  mount: (container, client) => {
    const outbox = createOutbox()
    let state: PhoneState = { connection: { status: 'connecting', refusal: null }, snapshot: null, drafts: {}, queued: {}, feedback: {} }
    const render = createRenderer(container, {
      vote: (pollId, answer) => void vote(pollId, answer),
      draft: (pollId, answer) => update({ drafts: { ...state.drafts, [pollId]: answer } }),
    })

    function update(next: Partial<PhoneState>): void {
      state = { ...state, ...next }
      state.queued = Object.fromEntries(outbox.entries(state.snapshot?.session.id ?? 0))
      render(state)
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

    return { redraw: update, resync: flushOutbox }
  },
}
