import type { Answer } from '../../core/kinds/registry'
import type { Command } from '../../core/session/rules'
import type { SessionState } from '../../core/session/state'
import { describe, expect, it } from 'vitest'
import { viewPolls } from '../../core/features/poll-views'
import { buildPollCatalog } from '../../core/poll-catalog'
import { apply, decide } from '../../core/session/rules'
import { emptySession } from '../../core/session/state'

const catalog = buildPollCatalog([
  { number: 2, location: 'x:1', frontmatter: { poll: { id: 'avant', kind: 'scale', question: 'Q ?' } } },
  { number: 3, location: 'x:2', frontmatter: { poll: { id: 'apres', repeats: 'avant' } } },
  { number: 4, location: 'x:3', frontmatter: { poll: { id: 'choix', kind: 'single', question: 'Q ?', options: ['A', 'B'] } } },
  { number: 5, location: 'x:4', frontmatter: { poll: { id: 'choix-bis', repeats: 'choix' } } },
])

function run(state: SessionState, command: Command): void {
  const decision = decide(catalog, state, command)
  if (!decision.ok)
    throw new Error(decision.error)
  decision.events.forEach(event => apply(catalog, state, event))
}

/** Opens a poll, takes each voter's answer, closes it. */
function hold(state: SessionState, pollId: string, answers: [string, Answer][]): void {
  run(state, { type: 'open', pollId })
  answers.forEach(([voterId, answer]) => run(state, { type: 'vote', pollId, voterId, answer }))
  run(state, { type: 'close', pollId })
}

const point = (value: number): Answer => ({ kind: 'scale', point: value })

/** 8 voters of both votes: 3 toward disagreement (one by two points), 1 toward agreement, 4 unchanged; 2 voted once. */
function scriptedSession(): SessionState {
  const state = emptySession({ id: 1, name: 'Test', startedAt: '2026-12-05T09:00:00.000Z' })
  const before = [3, 3, 4, 2, 0, 1, 2, 4].map((value, index): [string, Answer] => [`v${index}`, point(value)])
  const after = [2, 2, 2, 3, 0, 1, 2, 4].map((value, index): [string, Answer] => [`v${index}`, point(value)])
  hold(state, 'avant', [...before, ['only-before', point(4)]])
  hold(state, 'apres', [...after, ['only-after', point(0)]])
  return state
}

describe('the shift voter by voter', () => {
  it('counts the voters of both votes by the way they moved, and their mean change', () => {
    const state = scriptedSession()
    // The presenter's own view of an open vote is the one place where no count is withheld.
    run(state, { type: 'open', pollId: 'apres' })
    const views = viewPolls(catalog, state.polls, 'presenter', { threshold: 5, liveResults: false })
    // Changes: −1, −1, −2, +1, 0, 0, 0, 0 → a mean of −3/8.
    expect(views.apres!.movement).toEqual({ both: 8, towardAgreement: 1, towardDisagreement: 3, unchanged: 4, meanPoints: -3 / 8, withheld: false })
    expect(views.avant!.movement).toBeUndefined()
  })

  it('withholds a second count when one alone is under the threshold, since the others would give it away', () => {
    // 1 toward agreement is under 3: with 8 and 4 unchanged it would read 3, so the 3 goes too.
    const views = viewPolls(catalog, scriptedSession().polls, 'record', { threshold: 3, liveResults: false })
    expect(views.apres!.movement).toEqual({ both: 8, towardAgreement: null, towardDisagreement: null, unchanged: 4, meanPoints: -3 / 8, withheld: true })
    const strict = viewPolls(catalog, scriptedSession().polls, 'record', { threshold: 5, liveResults: false })
    expect(strict.apres!.movement).toEqual({ both: 8, towardAgreement: null, towardDisagreement: null, unchanged: null, meanPoints: -3 / 8, withheld: true })
  })

  it('shows every count at or above the threshold, and none once both votes hold too few voters', () => {
    const state = emptySession({ id: 1, name: 'Test', startedAt: '2026-12-05T09:00:00.000Z' })
    const voters = Array.from({ length: 9 }, (_, index) => `v${index}`)
    hold(state, 'avant', voters.map((voterId): [string, Answer] => [voterId, point(2)]))
    hold(state, 'apres', voters.map((voterId, index): [string, Answer] => [voterId, point(index < 3 ? 4 : index < 6 ? 0 : 2)]))
    expect(viewPolls(catalog, state.polls, 'record', { threshold: 3, liveResults: false }).apres!.movement)
      .toEqual({ both: 9, towardAgreement: 3, towardDisagreement: 3, unchanged: 3, meanPoints: 0, withheld: false })
    expect(viewPolls(catalog, state.polls, 'record', { threshold: 10, liveResults: false }).apres!.movement)
      .toEqual({ both: 9, towardAgreement: null, towardDisagreement: null, unchanged: null, meanPoints: null, withheld: true })
  })

  it('counts changed and unchanged answers of a kind without a direction', () => {
    const state = emptySession({ id: 1, name: 'Test', startedAt: '2026-12-05T09:00:00.000Z' })
    const voters = Array.from({ length: 8 }, (_, index) => `v${index}`)
    hold(state, 'choix', voters.map((voterId): [string, Answer] => [voterId, { kind: 'single', choice: 0 }]))
    hold(state, 'choix-bis', voters.map((voterId, index): [string, Answer] => [voterId, { kind: 'single', choice: index < 3 ? 1 : 0 }]))
    expect(viewPolls(catalog, state.polls, 'record', { threshold: 3, liveResults: false })['choix-bis']!.movement)
      .toEqual({ both: 8, towardAgreement: null, towardDisagreement: null, unchanged: 5, meanPoints: null, withheld: false })
    // 3 changed is under 4: the 5 unchanged would give it away.
    expect(viewPolls(catalog, state.polls, 'record', { threshold: 4, liveResults: false })['choix-bis']!.movement)
      .toMatchObject({ both: 8, unchanged: null, withheld: true })
  })

  it('reaches the presenter live while the « après » is open, the room only once it is closed, phones never', () => {
    const state = scriptedSession()
    run(state, { type: 'open', pollId: 'apres' })
    const privacy = { threshold: 5, liveResults: false }
    expect(viewPolls(catalog, state.polls, 'presenter', privacy).apres!.movement).toMatchObject({ both: 8, towardAgreement: 1, towardDisagreement: 3, unchanged: 4, withheld: false })
    expect(viewPolls(catalog, state.polls, 'screen', privacy).apres!.movement).toBeUndefined()
    run(state, { type: 'close', pollId: 'apres' })
    expect(viewPolls(catalog, state.polls, 'presenter', privacy).apres!.movement).toMatchObject({ towardAgreement: null, towardDisagreement: null, unchanged: null })
    expect(viewPolls(catalog, state.polls, 'screen', privacy).apres!.movement).toMatchObject({ both: 8, unchanged: null, withheld: true })
    run(state, { type: 'reveal', pollId: 'apres' })
    expect(viewPolls(catalog, state.polls, 'phone', privacy).apres!.movement).toBeUndefined()
  })
})

describe('the small-room threshold', () => {
  const privacy = { threshold: 5, liveResults: false }
  const fourVoters = (): SessionState => {
    const state = emptySession({ id: 1, name: 'Test', startedAt: '2026-12-05T09:00:00.000Z' })
    run(state, { type: 'open', pollId: 'choix' })
    for (const voterId of ['a', 'b', 'c', 'd'])
      run(state, { type: 'vote', pollId: 'choix', voterId, answer: { kind: 'single', choice: voterId === 'a' ? 1 : 0 } })
    return state
  }

  it('shows the presenter live bars while the vote is open, and the projection only how many voted', () => {
    const state = fourVoters()
    const shown = (audience: 'presenter' | 'screen', rules: typeof privacy) => viewPolls(catalog, state.polls, audience, rules).choix!
    expect(shown('presenter', privacy)).toMatchObject({ voters: 4, results: { counts: [3, 1] } })
    expect(shown('screen', privacy)).toMatchObject({ voters: 4, results: null })
    // Not withheld: hidden while the vote is open, whatever the number of voters.
    expect(shown('screen', privacy)).not.toHaveProperty('withheld')
    // A large room may ask for live bars: still not under the threshold.
    expect(shown('screen', { threshold: 5, liveResults: true })).toMatchObject({ voters: 4, withheld: true, results: null })
    expect(shown('screen', { threshold: 4, liveResults: true })).toMatchObject({ voters: 4, results: { counts: [3, 1] } })
    expect(shown('screen', { threshold: 4, liveResults: true })).not.toHaveProperty('withheld')
  })

  it('withholds the distribution from everyone once the vote is closed or revealed, and from the record', () => {
    const state = fourVoters()
    run(state, { type: 'reveal', pollId: 'choix' })
    for (const audience of ['presenter', 'screen', 'phone', 'record'] as const)
      expect(viewPolls(catalog, state.polls, audience, privacy).choix).toMatchObject({ voters: 4, withheld: true, results: null })
    run(state, { type: 'reset', pollId: 'choix', confirmed: true })
    run(state, { type: 'open', pollId: 'choix' })
    for (const voterId of ['a', 'b', 'c', 'd', 'e'])
      run(state, { type: 'vote', pollId: 'choix', voterId, answer: { kind: 'single', choice: 0 } })
    run(state, { type: 'reveal', pollId: 'choix' })
    expect(viewPolls(catalog, state.polls, 'phone', privacy).choix).toMatchObject({ voters: 5, results: { counts: [5, 0] } })
    expect(viewPolls(catalog, state.polls, 'phone', privacy).choix).not.toHaveProperty('withheld')
  })
})
