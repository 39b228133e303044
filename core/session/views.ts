// What each audience may see of a poll: blind results stay with the presenter until the reveal, phones see results only
// then, and a paused cloud stays as it was for the room. Summaries are computed once per change, however many ask.
import type { PollDefinition, PollResults } from '../kinds/registry'
import type { PollCatalog } from '../poll-catalog'
import type { ReadOnly } from './read-only'
import type { PollState, PollStatus } from './state'
import { summarizeTally } from '../kinds/registry'
import { pollDefinition } from '../poll-catalog'
import { freshPoll } from './state'

export type Audience = 'presenter' | 'screen' | 'phone'

export interface PollView {
  status: PollStatus
  revealed: boolean
  voters: number
  /** `null` while the results are hidden from this viewer. */
  results: PollResults | null
  /** The quiz's right option, once this viewer may know it. */
  correct: number | null
  /** A paused cloud: the room sees it as it was at the pause. */
  paused: boolean
  /** The poll's opening this view belongs to: a phone sends it with its answer. */
  round: number
  /** Words the presenter removed (their folded form), so that a removal can be undone; in the presenter's view only. */
  removed?: string[]
}

const summaries = new WeakMap<ReadOnly<PollState>, { version: number, live: PollResults, frozen?: PollResults }>()

function cachedSummary(definition: PollDefinition, poll: ReadOnly<PollState>, frozen: boolean): PollResults {
  let cached = summaries.get(poll)
  if (cached?.version !== poll.version) {
    cached = { version: poll.version, live: summarizeTally(definition, poll.tally, { voters: poll.ballots.size, banned: poll.banned }) }
    summaries.set(poll, cached)
  }
  if (!frozen || !poll.frozen)
    return cached.live
  return cached.frozen ??= summarizeTally(definition, poll.frozen.tally, { voters: poll.frozen.ballots.size, banned: poll.banned })
}

export function viewPoll(definition: PollDefinition, poll: ReadOnly<PollState>, audience: Audience): PollView {
  const resultsVisible = audience === 'presenter' || poll.revealed || (audience === 'screen' && !definition.blind)
  const answerVisible = audience === 'presenter' || poll.revealed
  const frozen = audience !== 'presenter' && poll.frozen !== null
  const view: PollView = {
    status: poll.status,
    revealed: poll.revealed,
    voters: frozen ? poll.frozen!.ballots.size : poll.ballots.size,
    results: resultsVisible ? cachedSummary(definition, poll, frozen) : null,
    correct: definition.kind === 'quiz' && answerVisible ? definition.answer : null,
    paused: poll.frozen !== null,
    round: poll.round,
  }
  if (audience === 'presenter')
    view.removed = [...poll.banned]
  return view
}

/** The views of some polls (all by default) for one audience; polls never touched are shown idle and empty. */
export function viewPolls(catalog: PollCatalog, polls: ReadonlyMap<string, ReadOnly<PollState>>, audience: Audience, pollIds: Iterable<string> = Object.keys(catalog.polls)): Record<string, PollView> {
  const views: Record<string, PollView> = {}
  for (const id of pollIds) {
    const definition = pollDefinition(catalog, id)
    const poll = polls.get(id) ?? freshPoll(catalog, id)
    if (definition && poll)
      views[id] = viewPoll(definition, poll, audience)
  }
  return views
}
