// The polls feature: who may vote when, what the presenter's controls change, and how each event applies.
import type { Answer, PollDefinition } from '../kinds/registry'
import type { PollCatalog } from '../poll-catalog'
import type { Decision } from './decision'
import type { PollState, SessionState } from './state'
import { checkAnswer, countBallot, emptyTally } from '../kinds/registry'
import { isModerated } from '../kinds/wire'
import { pollDefinition } from '../poll-catalog'
import { wordKey } from '../words'
import { accept, refuse } from './decision'
import { freshPoll } from './state'

export type PollCommand
  = | { type: 'vote', pollId: string, voterId: string, answer: Answer, round?: number }
    | { type: 'open' | 'close' | 'reveal', pollId: string }
    | { type: 'reset', pollId: string, confirmed: boolean }
    | { type: 'remove-word' | 'restore-word', pollId: string, word: string }
    | { type: 'pause-cloud', pollId: string, paused: boolean }

export type PollEvent
  = | { type: 'poll-opened' | 'poll-closed' | 'poll-revealed' | 'poll-reset', pollId: string }
    | { type: 'ballot-cast', pollId: string, voterId: string, answer: Answer }
    | { type: 'word-banned' | 'word-restored', pollId: string, word: string }
    | { type: 'cloud-paused', pollId: string, paused: boolean }

function sameAnswer(a: Answer | undefined, b: Answer): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b)
}

/** The ballot in canonical form if this poll, in this state, can count it; otherwise why not. */
function admissibleBallot(definition: PollDefinition, poll: PollState, answer: Answer): Answer | Decision {
  if (poll.status !== 'open')
    return refuse(poll.status === 'idle' ? 'poll_not_open' : 'poll_closed')
  const checked = checkAnswer(definition, answer, { tally: poll.tally, banned: poll.banned })
  return typeof checked === 'string' ? refuse(checked) : checked
}

export function decidePoll(catalog: PollCatalog, state: SessionState, command: PollCommand): Decision {
  const { pollId } = command
  const definition = pollDefinition(catalog, pollId)
  const poll = state.polls.get(pollId) ?? freshPoll(catalog, pollId)
  if (!definition || !poll)
    return refuse('unknown_poll')

  switch (command.type) {
    case 'vote': {
      // An answer kept in a phone's outbox across a reset or a reopening was given to another vote.
      if (command.round !== undefined && command.round !== poll.round)
        return refuse('stale_round')
      const ballot = admissibleBallot(definition, poll, command.answer)
      if ('ok' in ballot)
        return ballot
      return sameAnswer(poll.ballots.get(command.voterId), ballot) ? accept() : accept({ type: 'ballot-cast', pollId, voterId: command.voterId, answer: ballot })
    }
    case 'open':
      if (poll.revealed)
        return refuse('already_revealed')
      return poll.status === 'open' ? accept() : accept({ type: 'poll-opened', pollId })
    case 'close':
      return poll.status === 'open' ? accept({ type: 'poll-closed', pollId }) : accept()
    case 'reveal':
      // No answer may change once the room has seen the results (or the quiz's answer): the vote closes first.
      if (poll.revealed)
        return accept()
      return poll.status === 'open' ? accept({ type: 'poll-closed', pollId }, { type: 'poll-revealed', pollId }) : accept({ type: 'poll-revealed', pollId })
    case 'reset':
      return command.confirmed ? accept({ type: 'poll-reset', pollId }) : refuse('confirmation_required')
    case 'remove-word':
    case 'restore-word': {
      if (!isModerated(definition.kind))
        return refuse('wrong_poll_kind')
      const key = wordKey(command.word)
      if (key === '')
        return refuse('invalid_answer')
      const removing = command.type === 'remove-word'
      return poll.banned.has(key) === removing ? accept() : accept({ type: removing ? 'word-banned' : 'word-restored', pollId, word: key })
    }
    case 'pause-cloud':
      if (!isModerated(definition.kind))
        return refuse('wrong_poll_kind')
      return (poll.frozen !== null) === command.paused ? accept() : accept({ type: 'cloud-paused', pollId, paused: command.paused })
  }
}

function copyOf(definition: PollDefinition, ballots: Map<string, Answer>): NonNullable<PollState['frozen']> {
  const tally = emptyTally(definition)
  for (const answer of ballots.values())
    countBallot(definition, tally, answer, 'add')
  return { ballots: new Map(ballots), tally }
}

/**
 * Applies one event in place (copying a poll's ballots for every vote would make a burst quadratic), and says whether
 * it took effect. Deterministic and free of I/O, so replaying a session's log rebuilds its state; an event the state
 * cannot take at its place in the log (a ballot after the poll closed, decided while its commit was under way or by another
 * server sharing the log) is skipped, and the same in every replay.
 */
export function applyPoll(catalog: PollCatalog, state: SessionState, event: PollEvent): boolean {
  const { pollId } = event
  const definition = pollDefinition(catalog, pollId)
  const poll = state.polls.get(pollId) ?? freshPoll(catalog, pollId)
  if (!definition || !poll)
    return false
  state.polls.set(pollId, poll)

  switch (event.type) {
    case 'ballot-cast': {
      const ballot = admissibleBallot(definition, poll, event.answer)
      if ('ok' in ballot)
        return false
      const previous = poll.ballots.get(event.voterId)
      if (previous)
        countBallot(definition, poll.tally, previous, 'remove')
      countBallot(definition, poll.tally, ballot, 'add')
      poll.ballots.set(event.voterId, ballot)
      break
    }
    case 'poll-opened':
      // Two servers may decide an opening and a reveal at once: once revealed, no answer may change.
      if (poll.revealed)
        return false
      poll.status = 'open'
      poll.round += 1
      break
    case 'poll-closed':
      poll.status = 'closed'
      break
    case 'poll-revealed':
      poll.revealed = true
      break
    case 'poll-reset':
      // The earlier ballots stay in the log; they just stop counting. Removed words stay removed.
      Object.assign(poll, { status: 'idle', revealed: false, ballots: new Map(), tally: emptyTally(definition), frozen: null })
      break
    case 'word-banned':
      poll.banned.add(event.word)
      break
    case 'word-restored':
      poll.banned.delete(event.word)
      break
    case 'cloud-paused':
      poll.frozen = event.paused ? copyOf(definition, poll.ballots) : null
      break
  }
  poll.version += 1
  return true
}
