// What each audience may see of a poll: blind results stay with the presenter until the reveal, phones see results only
// then, a paused cloud stays as it was for the room, and under the small-room threshold nobody sees a distribution.
// Summaries are computed once per change, however many ask.
import type { PollDefinition, PollResults } from '../kinds/registry'
import type { PollCatalog } from '../poll-catalog'
import type { Movement } from './movement'
import type { Privacy } from './privacy'
import type { ReadOnly } from './read-only'
import type { PollState, PollStatus } from './state'
import { correctOption, summarizeTally } from '../kinds/registry'
import { pollDefinition } from '../poll-catalog'
import { movementOf } from './movement'
import { defaultPrivacy } from './privacy'
import { freshPoll } from './state'

/** `record`: the exports and the PDF, which see what the presenter sees once the vote is over, whatever its state. */
export type Audience = 'presenter' | 'screen' | 'phone' | 'record'

export interface PollView {
  status: PollStatus
  revealed: boolean
  voters: number
  /** `null` while the results are hidden from this viewer. */
  results: PollResults | null
  /**
   * Set when some voted, but fewer than the threshold: the results this viewer could see are withheld, only `voters`
   * is given. Absent otherwise, to keep the thousands of phones' updates light.
   */
  withheld?: true
  /**
   * Of a poll that repeats another, who moved between the two; absent elsewhere, before the vote, on phones (thousands
   * of them, which never show it), or while hidden from this viewer.
   */
  movement?: Movement
  /** The quiz's right option, once this viewer may know it. */
  correct: number | null
  /** A paused cloud: the room sees it as it was at the pause. */
  paused: boolean
  /** The poll's opening this view belongs to: a phone sends it with its answer. */
  round: number
  /** Words the presenter removed (their folded form), so that a removal can be undone; in the presenter's view only. */
  removed?: string[]
}

export interface ViewContext {
  privacy?: Privacy
  /** The poll this one repeats, for its movement. */
  before?: ReadOnly<PollState>
}

const summaries = new WeakMap<ReadOnly<PollState>, { version: number, live: PollResults, frozen?: PollResults }>()
const movements = new WeakMap<ReadOnly<PollState>, { key: string, movement: Movement }>()

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

function cachedMovement(definition: PollDefinition, before: ReadOnly<PollState>, after: ReadOnly<PollState>, threshold: number): Movement {
  const key = `${before.version}.${after.version}.${threshold}`
  const cached = movements.get(after)
  if (cached?.key === key)
    return cached.movement
  const movement = movementOf(definition, before.ballots, after.ballots, threshold)
  movements.set(after, { key, movement })
  return movement
}

/** The presenter's own screen alone sees a vote's bars while it is open, threshold aside; after that, what the room sees. */
function presenterLive(poll: ReadOnly<PollState>, audience: Audience): boolean {
  return audience === 'presenter' && poll.status === 'open'
}

/** Whether this viewer may see the poll's results at all, whatever the number of voters. */
function mayShow(definition: PollDefinition, poll: ReadOnly<PollState>, audience: Audience, privacy: Privacy): boolean {
  if (audience === 'presenter' || audience === 'record' || poll.revealed)
    return true
  return audience === 'screen' && !definition.blind && (poll.status !== 'open' || privacy.liveResults)
}

export function viewPoll(definition: PollDefinition, poll: ReadOnly<PollState>, audience: Audience, { privacy = defaultPrivacy, before }: ViewContext = {}): PollView {
  const frozen = audience !== 'presenter' && poll.frozen !== null
  const voters = frozen ? poll.frozen!.ballots.size : poll.ballots.size
  const live = presenterLive(poll, audience)
  const shown = mayShow(definition, poll, audience, privacy)
  // No voter, nothing to tell: an empty poll shows its empty bars.
  const withheld = shown && !live && voters > 0 && voters < privacy.threshold
  const answerVisible = audience === 'presenter' || audience === 'record' || poll.revealed
  const view: PollView = {
    status: poll.status,
    revealed: poll.revealed,
    voters,
    results: shown && !withheld ? cachedSummary(definition, poll, frozen) : null,
    correct: answerVisible ? correctOption(definition) : null,
    paused: poll.frozen !== null,
    round: poll.round,
  }
  if (withheld)
    view.withheld = true
  // A live movement reaches the presenter only, like the bars.
  if (before && shown && audience !== 'phone' && poll.status !== 'idle' && mayShow(definition, before, audience, privacy))
    view.movement = cachedMovement(definition, before, poll, live ? 0 : privacy.threshold)
  if (audience === 'presenter')
    view.removed = [...poll.banned]
  return view
}

/** The views of some polls (all by default) for one audience; polls never touched are shown idle and empty. */
export function viewPolls(catalog: PollCatalog, polls: ReadonlyMap<string, ReadOnly<PollState>>, audience: Audience, privacy: Privacy = defaultPrivacy, pollIds: Iterable<string> = Object.keys(catalog.polls)): Record<string, PollView> {
  const stateOf = (id: string): ReadOnly<PollState> | undefined => polls.get(id) ?? freshPoll(catalog, id)
  const views: Record<string, PollView> = {}
  for (const id of pollIds) {
    const definition = pollDefinition(catalog, id)
    const poll = stateOf(id)
    if (definition && poll)
      views[id] = viewPoll(definition, poll, audience, { privacy, before: definition.repeats === undefined ? undefined : stateOf(definition.repeats) })
  }
  return views
}
