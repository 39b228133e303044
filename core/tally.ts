// The rules of a voting session, with no I/O: decide what a command changes, apply it, and summarise.
import type { PollCatalog, PollDefinition } from './poll-definitions'
import type { Answer, ErrorCode, PollResults, PollStatus, PollView, SessionInfo, WordCount } from './protocol'
import { optionsOf, wordLimits } from './poll-definitions'
import { cleanWord, wordKey } from './words'

export interface PollState {
  status: PollStatus
  revealed: boolean
  /** Bumped by each reset; ballots of earlier rounds are kept but no longer counted. */
  round: number
  /** Current answer of each voter. */
  ballots: Map<string, Answer>
  /** Keys (see `wordKey`) of words the presenter removed. */
  banned: Set<string>
}

export interface SessionState {
  session: SessionInfo
  focus: string | null
  polls: Map<string, PollState>
}

export type Command
  = | { type: 'vote', pollId: string, voterId: string, answer: Answer }
    | { type: 'open' | 'close' | 'reveal', pollId: string }
    | { type: 'reset', pollId: string, confirmed: boolean }
    | { type: 'remove-word', pollId: string, word: string }
    | { type: 'focus', pollId: string | null }

export type SessionEvent
  = | { type: 'ballot-cast', pollId: string, round: number, voterId: string, answer: Answer }
    | { type: 'status-changed', pollId: string, status: PollStatus }
    | { type: 'revealed', pollId: string }
    | { type: 'reset', pollId: string, round: number }
    | { type: 'word-banned', pollId: string, word: string }
    | { type: 'focus-changed', pollId: string | null }

export type Decision = { ok: true, events: SessionEvent[] } | { ok: false, error: ErrorCode }

export type Audience = 'presenter' | 'screen' | 'phone'

export function emptySession(session: SessionInfo): SessionState {
  return { session, focus: null, polls: new Map() }
}

export function freshPoll(round = 0): PollState {
  return { status: 'idle', revealed: false, round, ballots: new Map(), banned: new Set() }
}

function refuse(error: ErrorCode): Decision {
  return { ok: false, error }
}

function accept(...events: SessionEvent[]): Decision {
  return { ok: true, events }
}

function isOptionIndex(poll: PollDefinition, value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) < optionsOf(poll).length
}

/** The answer in its canonical form, or the reason it is not valid for this poll. */
function normalizeAnswer(poll: PollDefinition, answer: Answer, banned: Set<string>): Answer | ErrorCode {
  switch (poll.kind) {
    case 'single':
    case 'scale':
    case 'quiz':
      return isOptionIndex(poll, answer) ? answer : 'invalid_answer'
    case 'multi': {
      if (!Array.isArray(answer) || !answer.every(choice => isOptionIndex(poll, choice)))
        return 'invalid_answer'
      const choices = [...new Set(answer as number[])].sort((a, b) => a - b)
      return choices.length >= 1 && choices.length <= poll.max ? choices : 'invalid_answer'
    }
    case 'words': {
      if (!Array.isArray(answer) || !answer.every(word => typeof word === 'string'))
        return 'invalid_answer'
      const words = (answer as string[]).map(cleanWord)
      const keys = words.map(wordKey)
      if (words.length > poll.max || keys.includes('') || words.some(word => word.length > wordLimits.maxLength) || new Set(keys).size !== keys.length)
        return 'invalid_answer'
      return keys.some(key => banned.has(key)) ? 'word_banned' : words
    }
  }
}

function sameAnswer(a: Answer | undefined, b: Answer): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b)
}

/** What a command changes, decided against the current state without touching it. Repeating a command changes nothing. */
export function decide(catalog: PollCatalog, state: SessionState, command: Command): Decision {
  if (command.type === 'focus') {
    if (command.pollId !== null && !catalog.polls[command.pollId])
      return refuse('unknown_poll')
    return command.pollId === state.focus ? accept() : accept({ type: 'focus-changed', pollId: command.pollId })
  }

  const definition = catalog.polls[command.pollId]
  if (!definition)
    return refuse('unknown_poll')
  const poll = state.polls.get(command.pollId) ?? freshPoll()
  const { pollId } = command

  switch (command.type) {
    case 'vote': {
      if (poll.status !== 'open')
        return refuse(poll.status === 'idle' ? 'poll_not_open' : 'poll_closed')
      const answer = normalizeAnswer(definition, command.answer, poll.banned)
      if (typeof answer === 'string')
        return refuse(answer)
      if (sameAnswer(poll.ballots.get(command.voterId), answer))
        return accept()
      return accept({ type: 'ballot-cast', pollId, round: poll.round, voterId: command.voterId, answer })
    }
    case 'open':
      return poll.status === 'open' ? accept() : accept({ type: 'status-changed', pollId, status: 'open' })
    case 'close':
      return poll.status === 'open' ? accept({ type: 'status-changed', pollId, status: 'closed' }) : accept()
    case 'reveal':
      return poll.revealed ? accept() : accept({ type: 'revealed', pollId })
    case 'reset':
      return command.confirmed ? accept({ type: 'reset', pollId, round: poll.round + 1 }) : refuse('confirmation_required')
    case 'remove-word': {
      if (definition.kind !== 'words')
        return refuse('wrong_poll_kind')
      const key = wordKey(command.word)
      if (key === '')
        return refuse('invalid_answer')
      return poll.banned.has(key) ? accept() : accept({ type: 'word-banned', pollId, word: key })
    }
  }
}

/**
 * Applies a decided event. It updates the state in place, on purpose: copying a poll's ballots for every vote would
 * make a burst of votes quadratic. Deterministic and free of I/O, so replaying stored events rebuilds the same state.
 */
export function apply(state: SessionState, event: SessionEvent): void {
  if (event.type === 'focus-changed') {
    state.focus = event.pollId
    return
  }
  let poll = state.polls.get(event.pollId)
  if (!poll) {
    poll = freshPoll()
    state.polls.set(event.pollId, poll)
  }
  switch (event.type) {
    case 'ballot-cast':
      poll.ballots.set(event.voterId, event.answer)
      break
    case 'status-changed':
      poll.status = event.status
      break
    case 'revealed':
      poll.revealed = true
      break
    case 'reset':
      state.polls.set(event.pollId, { ...freshPoll(event.round), banned: poll.banned })
      break
    case 'word-banned':
      poll.banned.add(event.word)
      break
  }
}

function countChoices(size: number, ballots: Iterable<Answer>): number[] {
  const counts = Array.from({ length: size }, () => 0)
  for (const answer of ballots) {
    for (const choice of Array.isArray(answer) ? answer : [answer])
      counts[choice as number]! += 1
  }
  return counts
}

/** A word cloud past this many words is unreadable on a slide. */
const maxWordsShown = 40

function countWords(ballots: Iterable<Answer>, banned: Set<string>): WordCount[] {
  // Per key: how often it was given, and how often each spelling was, to show the most common spelling.
  const byKey = new Map<string, { count: number, spellings: Map<string, number> }>()
  for (const answer of ballots) {
    for (const word of answer as string[]) {
      const key = wordKey(word)
      if (banned.has(key))
        continue
      const entry = byKey.get(key) ?? { count: 0, spellings: new Map() }
      entry.count += 1
      entry.spellings.set(word, (entry.spellings.get(word) ?? 0) + 1)
      byKey.set(key, entry)
    }
  }
  return [...byKey.values()]
    .map(({ count, spellings }) => ({
      text: [...spellings].sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b, 'fr'))[0]![0],
      count,
    }))
    .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text, 'fr'))
    .slice(0, maxWordsShown)
}

export function summarize(definition: PollDefinition, poll: PollState): PollResults {
  const ballots = poll.ballots.values()
  switch (definition.kind) {
    case 'words':
      return { kind: 'words', words: countWords(ballots, poll.banned) }
    case 'scale': {
      const counts = countChoices(definition.options.length, ballots)
      const voters = poll.ballots.size
      const total = counts.reduce((sum, count, index) => sum + count * (index + 1), 0)
      return { kind: 'scale', counts, mean: voters === 0 ? null : total / voters }
    }
    default:
      return { kind: 'choices', counts: countChoices(definition.options.length, ballots) }
  }
}

/**
 * A poll as one audience may see it: blind results stay with the presenter until the reveal; phones see results only
 * then. `results` lets a caller that shows one poll to several audiences summarise its ballots once.
 */
export function viewPoll(definition: PollDefinition, poll: PollState | undefined, audience: Audience, results = (): PollResults => summarize(definition, poll ?? freshPoll())): PollView {
  const state = poll ?? freshPoll()
  const resultsVisible = audience === 'presenter' || state.revealed || (audience === 'screen' && !definition.blind)
  const answerVisible = audience === 'presenter' || state.revealed
  return {
    status: state.status,
    revealed: state.revealed,
    voters: state.ballots.size,
    results: resultsVisible ? results() : null,
    correct: definition.kind === 'quiz' && answerVisible ? definition.answer : null,
  }
}
