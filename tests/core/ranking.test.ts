import type { Answer } from '../../core/kinds/registry'
import type { SessionEvent } from '../../core/session/events'
import type { Command } from '../../core/session/rules'
import type { SessionState } from '../../core/session/state'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { viewPoll } from '../../core/features/poll-views'
import { freshPoll } from '../../core/features/polls'
import { messageTable } from '../../core/features/registry'
import { scoreFigures } from '../../core/kinds/ranking'
import { pollKinds, publicDefinition } from '../../core/kinds/registry'
import { publicHint, publicKicker } from '../../core/kinds/wire'
import { buildPollCatalog } from '../../core/poll-catalog'
import { apply, decide, replay } from '../../core/session/rules'
import { emptySession } from '../../core/session/state'

const slide = (poll: Record<string, unknown>) => ({ number: 2, location: 'x:1', frontmatter: { poll: { id: 'rang', kind: 'ranking', question: 'Q ?', ...poll } } })
const catalog = buildPollCatalog([slide({ options: ['A', 'B', 'C', 'D'] })])
const info = { id: 1, name: 'Test', startedAt: '2026-11-24T09:00:00.000Z' }
const ranked = (...order: number[]): Answer => ({ kind: 'ranking', order })

/** An open ranking poll, and a way to vote on it as the engine does: decide, then apply what was decided. */
function openRanking(): { state: SessionState, vote: (voterId: string, answer: Answer) => ReturnType<typeof decide>, log: SessionEvent[] } {
  const state = emptySession(info)
  const log: SessionEvent[] = []
  const run = (command: Command): ReturnType<typeof decide> => {
    const decision = decide(catalog, state, command)
    if (decision.ok) {
      decision.events.forEach(event => apply(catalog, state, event))
      log.push(...decision.events)
    }
    return decision
  }
  run({ type: 'open', pollId: 'rang' })
  return { state, log, vote: (voterId, answer) => run({ type: 'vote', pollId: 'rang', voterId, answer }) }
}

/** The scores as the presenter's own screen shows the open vote: every figure, whatever the number of voters. */
function results(state: SessionState): unknown {
  return viewPoll(catalog.polls.rang!, state.polls.get('rang') ?? freshPoll(catalog, 'rang')!, 'presenter').results
}

describe('a ranking poll', () => {
  it('is declared with 2 to 8 options', () => {
    expect(catalog.polls.rang).toEqual({ id: 'rang', kind: 'ranking', question: 'Q ?', options: ['A', 'B', 'C', 'D'], slide: 2, blind: false })
    expect(() => buildPollCatalog([slide({ options: ['A'] })])).toThrow(/il faut au moins 2 options/)
    expect(() => buildPollCatalog([slide({ options: ['1', '2', '3', '4', '5', '6', '7', '8', '9'] })])).toThrow(/il faut au plus 8 options/)
    expect(() => buildPollCatalog([slide({ options: ['A', 'B'], max: 2 })])).toThrow(/max/)
  })

  it('takes an order of every option, each once', () => {
    const { vote } = openRanking()
    expect(vote('v1', ranked(2, 0, 3, 1))).toEqual({ ok: true, events: [{ type: 'ballot-cast', pollId: 'rang', voterId: 'v1', answer: ranked(2, 0, 3, 1) }] })
    expect(vote('v1', ranked(2, 0, 3, 1))).toEqual({ ok: true, events: [] })
  })

  it.each([
    ['a duplicate', ranked(0, 1, 1, 3)],
    ['a missing option', ranked(0, 1, 2)],
    ['an option out of range', ranked(0, 1, 2, 4)],
    ['an extra place', ranked(0, 1, 2, 3, 4)],
  ])('refuses an order with %s', (_, answer) => {
    const { state, vote } = openRanking()
    expect(vote('v1', answer)).toEqual({ ok: false, error: 'invalid_answer' })
    expect(state.polls.get('rang')!.ballots.size).toBe(0)
  })

  it('refuses another kind\'s answer, and the wire refuses an order that is not a list of option indices', () => {
    const { vote } = openRanking()
    expect(vote('v1', { kind: 'multi', choices: [0, 1] })).toEqual({ ok: false, error: 'wrong_poll_kind' })
    for (const order of [[0, 1.5, 2, 3], [0, -1, 2, 3], ['0', 1, 2, 3], [0], 'tout'])
      expect(v.is(messageTable.vote.schema, { pollId: 'rang', answer: { kind: 'ranking', order } }), JSON.stringify(order)).toBe(false)
    expect(v.is(messageTable.vote.schema, { pollId: 'rang', answer: { kind: 'ranking', order: [0, 1], extra: true } })).toBe(false)
  })

  it('scores each option in Borda points (n − 1 for first, 0 for last) and average rank, best first', () => {
    const { state, vote } = openRanking()
    vote('v1', ranked(0, 1, 2, 3))
    vote('v2', ranked(1, 0, 2, 3))
    vote('v3', ranked(1, 2, 0, 3))
    expect(results(state)).toEqual({
      kind: 'ranking',
      scores: [
        { option: 1, points: 8, averageRank: 4 / 3 },
        { option: 0, points: 6, averageRank: 2 },
        { option: 2, points: 4, averageRank: 8 / 3 },
        { option: 3, points: 0, averageRank: 4 },
      ],
    })
    expect(v.is(pollKinds.ranking.resultsSchema, results(state))).toBe(true)
  })

  it('shows every option with no figure while nobody voted, ties in the deck\'s order', () => {
    const { state } = openRanking()
    const empty = { kind: 'ranking', scores: [0, 1, 2, 3].map(option => ({ option, points: 0, averageRank: null })) }
    expect(results(state)).toEqual(empty)
    expect(scoreFigures(empty.scores[0]!)).toEqual({ rank: '—', points: null })
    expect(scoreFigures({ option: 0, points: 1, averageRank: 11 / 6 })).toEqual({ rank: 'rang moyen\u00A01,8', points: '1\u00A0point' })
    expect(scoreFigures({ option: 0, points: 12, averageRank: 1 })).toEqual({ rank: 'rang moyen\u00A01,0', points: '12\u00A0points' })
  })

  it('follows a change of mind: the old order stops counting', () => {
    const { state, vote } = openRanking()
    vote('v1', ranked(0, 1, 2, 3))
    vote('v1', ranked(3, 2, 1, 0))
    expect(results(state)).toMatchObject({ scores: [{ option: 3, points: 3, averageRank: 1 }, { option: 2, points: 2 }, { option: 1, points: 1 }, { option: 0, points: 0, averageRank: 4 }] })
  })

  it('rebuilds the same results when its log is replayed', () => {
    const { state, vote, log } = openRanking()
    vote('v1', ranked(0, 1, 2, 3))
    vote('v2', ranked(2, 3, 0, 1))
    vote('v1', ranked(1, 0, 3, 2))
    const rebuilt = replay(catalog, info, log)
    expect(results(rebuilt)).toEqual(results(state))
    expect(rebuilt.polls.get('rang')!.ballots.get('v1')).toEqual(ranked(1, 0, 3, 2))
  })

  it('speaks French to the room and to the phone', () => {
    const poll = publicDefinition(catalog.polls.rang!)
    expect(publicKicker(poll)).toBe('Votre classement')
    expect(publicHint(poll)).toBe('Touchez les options par ordre de préférence, puis validez.')
  })
})
