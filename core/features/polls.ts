// The polls feature: who may vote when, what the presenter's controls change, and how each event applies.
import type { Answer, PollDefinition, PollTally } from '../kinds/registry'
import type { PollCatalog } from '../poll-catalog'
import type { SessionFeature, Verdict } from './feature'
import * as v from 'valibot'
import { voterIdSchema } from '../inbound'
import { checkAnswer, countBallot, emptyTally } from '../kinds/registry'
import { answerSchema, isModerated } from '../kinds/wire'
import { limits } from '../limits'
import { pollDefinition } from '../poll-catalog'
import { wordKey } from '../words'
import { accept, message, refuse } from './feature'

export type PollStatus = 'idle' | 'open' | 'closed'

export interface PollState {
  status: PollStatus
  revealed: boolean
  /** Current answer of each voter. */
  ballots: Map<string, Answer>
  tally: PollTally
  /** Keys (see `wordKey`) of words the presenter removed. */
  banned: Set<string>
  /** While a cloud is paused, the room keeps seeing the ballots as they were at the pause. */
  frozen: { ballots: Map<string, Answer>, tally: PollTally } | null
  /** Bumped by every change, so that a summary is computed once per change. */
  version: number
  /** How many times the poll was opened: an answer given in an earlier round (before a reset or a reopening) is stale. */
  round: number
}

export function freshPoll(catalog: PollCatalog, pollId: string): PollState | undefined {
  const definition = pollDefinition(catalog, pollId)
  return definition && { status: 'idle', revealed: false, ballots: new Map(), tally: emptyTally(definition), banned: new Set(), frozen: null, version: 0, round: 0 }
}

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

type Decision = Verdict<PollEvent>

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

function decidePoll(catalog: PollCatalog, polls: ReadonlyMap<string, PollState>, command: PollCommand): Decision {
  const { pollId } = command
  const definition = pollDefinition(catalog, pollId)
  const poll = polls.get(pollId) ?? freshPoll(catalog, pollId)
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
function applyPoll(catalog: PollCatalog, polls: Map<string, PollState>, event: PollEvent): boolean {
  const { pollId } = event
  const definition = pollDefinition(catalog, pollId)
  const poll = polls.get(pollId) ?? freshPoll(catalog, pollId)
  if (!definition || !poll)
    return false
  polls.set(pollId, poll)

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

// Any spelling: whatever a client names, a poll the catalog does not own (`constructor` included) is `unknown_poll`.
const anyPollId = v.pipe(v.string(), v.maxLength(limits.pollIdLength))
const anyWord = v.pipe(v.string(), v.maxLength(limits.wordLength * 2))

const messages = {
  'vote': message({
    schema: v.strictObject({ pollId: anyPollId, answer: answerSchema, round: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))) }),
    right: 'phone',
    command: ({ pollId, answer, round }, { voterId }): PollCommand => ({ type: 'vote', pollId, answer, round, voterId }),
  }),
  'poll:open': message({ schema: v.strictObject({ pollId: anyPollId }), right: 'presenter', command: ({ pollId }): PollCommand => ({ type: 'open', pollId }) }),
  'poll:close': message({ schema: v.strictObject({ pollId: anyPollId }), right: 'presenter', command: ({ pollId }): PollCommand => ({ type: 'close', pollId }) }),
  'poll:reveal': message({ schema: v.strictObject({ pollId: anyPollId }), right: 'presenter', command: ({ pollId }): PollCommand => ({ type: 'reveal', pollId }) }),
  'poll:reset': message({ schema: v.strictObject({ pollId: anyPollId, confirm: v.optional(v.boolean()) }), right: 'presenter', command: ({ pollId, confirm }): PollCommand => ({ type: 'reset', pollId, confirmed: confirm === true }) }),
  'word:remove': message({ schema: v.strictObject({ pollId: anyPollId, word: anyWord }), right: 'presenter', command: ({ pollId, word }): PollCommand => ({ type: 'remove-word', pollId, word }) }),
  'word:restore': message({ schema: v.strictObject({ pollId: anyPollId, word: anyWord }), right: 'presenter', command: ({ pollId, word }): PollCommand => ({ type: 'restore-word', pollId, word }) }),
  'cloud:pause': message({ schema: v.strictObject({ pollId: anyPollId, paused: v.boolean() }), right: 'presenter', command: ({ pollId, paused }): PollCommand => ({ type: 'pause-cloud', pollId, paused }) }),
}

// Only catalog polls get events, and a catalog id follows the pattern: any other id in a log was not written by us.
const loggedPollId = v.pipe(v.string(), v.regex(limits.pollIdPattern))
const loggedWord = v.pipe(v.string(), v.maxLength(limits.wordLength * 4))
const pollEvent = <T extends 'poll-opened' | 'poll-closed' | 'poll-revealed' | 'poll-reset'>(type: T) => ({ schema: v.strictObject({ type: v.literal(type), pollId: loggedPollId }), version: 1 })
const wordEvent = <T extends 'word-banned' | 'word-restored'>(type: T) => ({ schema: v.strictObject({ type: v.literal(type), pollId: loggedPollId, word: loggedWord }), version: 1 })

export const pollsFeature: SessionFeature<Map<string, PollState>, PollCommand, PollEvent, typeof messages> = {
  messages,
  initial: () => new Map(),
  commandTypes: { 'vote': true, 'open': true, 'close': true, 'reveal': true, 'reset': true, 'remove-word': true, 'restore-word': true, 'pause-cloud': true },
  events: {
    'poll-opened': pollEvent('poll-opened'),
    'poll-closed': pollEvent('poll-closed'),
    'poll-revealed': pollEvent('poll-revealed'),
    'poll-reset': pollEvent('poll-reset'),
    'ballot-cast': { schema: v.strictObject({ type: v.literal('ballot-cast'), pollId: loggedPollId, voterId: voterIdSchema, answer: answerSchema }), version: 1 },
    'word-banned': wordEvent('word-banned'),
    'word-restored': wordEvent('word-restored'),
    'cloud-paused': { schema: v.strictObject({ type: v.literal('cloud-paused'), pollId: loggedPollId, paused: v.boolean() }), version: 1 },
  },
  decide: decidePoll,
  apply: (catalog, slice, event) => applyPoll(catalog, slice, event) ? slice : null,
  /**
   * The rules never log a ballot of another kind than its poll's, nor a word cloud's action on another kind of poll.
   * Events of polls the deck no longer has fit: they are kept, and skipped.
   */
  misfit: (catalog, event) => {
    const definition = pollDefinition(catalog, event.pollId)
    if (!definition)
      return null
    if (event.type === 'ballot-cast' && event.answer.kind !== definition.kind)
      return `un vote de type « ${event.answer.kind} » pour le sondage « ${definition.id} », de type « ${definition.kind} » dans la présentation`
    if (['word-banned', 'word-restored', 'cloud-paused'].includes(event.type) && !isModerated(definition.kind))
      return `une action de nuage de mots pour le sondage « ${definition.id} », de type « ${definition.kind} » dans la présentation`
    return null
  },
}
