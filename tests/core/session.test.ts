import type { Answer } from '../../core/kinds/registry'
import type { Command } from '../../core/session/rules'
import type { SessionState } from '../../core/session/state'
import { describe, expect, it } from 'vitest'
import { viewPoll } from '../../core/features/poll-views'
import { freshPoll } from '../../core/features/polls'
import { limits } from '../../core/limits'
import { buildPollCatalog } from '../../core/poll-catalog'
import { apply, decide, replay } from '../../core/session/rules'
import { emptySession } from '../../core/session/state'

const catalog = buildPollCatalog([
  { number: 2, location: 'x:1', frontmatter: { poll: { id: 'choix', kind: 'single', question: 'Q ?', options: ['A', 'B', 'C'] } } },
  { number: 3, location: 'x:2', frontmatter: { poll: { id: 'multi', kind: 'multi', question: 'Q ?', options: ['A', 'B', 'C'], max: 2 } } },
  { number: 4, location: 'x:3', frontmatter: { poll: { id: 'echelle', kind: 'scale', question: 'Q ?' } } },
  { number: 5, location: 'x:4', frontmatter: { poll: { id: 'quiz', kind: 'quiz', question: 'Q ?', options: ['10 %', '79 %'], answer: '79 %' } } },
  { number: 6, location: 'x:5', frontmatter: { poll: { id: 'mots', kind: 'words', question: 'Q ?', max: 2 } } },
])
const info = { id: 1, name: 'Test', startedAt: '2026-11-24T09:00:00.000Z' }

function session(): SessionState {
  return emptySession(info)
}

/** Decides and applies, as the engine does; returns the decision. */
function run(state: SessionState, command: Command): ReturnType<typeof decide> {
  const decision = decide(catalog, state, command)
  if (decision.ok)
    decision.events.forEach(event => apply(catalog, state, event))
  return decision
}

function openPoll(state: SessionState, pollId: string): SessionState {
  run(state, { type: 'open', pollId })
  return state
}

function vote(pollId: string, voterId: string, answer: Answer): Command {
  return { type: 'vote', pollId, voterId, answer }
}

/** A room of the smallest threshold, whose projection shows the bars as they grow. */
const largeRoom = { threshold: 3, liveResults: true }

function view(state: SessionState, pollId: string, audience: 'presenter' | 'screen' | 'phone' = 'screen'): ReturnType<typeof viewPoll> {
  return viewPoll(catalog.polls[pollId]!, state.polls.get(pollId) ?? freshPoll(catalog, pollId)!, audience, { privacy: largeRoom })
}

/** What the presenter's own screen shows of an open vote: every count, whatever the number of voters. */
function tally(state: SessionState, pollId: string): ReturnType<typeof viewPoll> {
  return view(state, pollId, 'presenter')
}

describe('votes', () => {
  it('counts one vote per voter, and a repeated vote changes nothing', () => {
    const state = openPoll(session(), 'choix')
    expect(run(state, vote('choix', 'v1', { kind: 'single', choice: 1 }))).toEqual({ ok: true, events: [{ type: 'ballot-cast', pollId: 'choix', voterId: 'v1', answer: { kind: 'single', choice: 1 } }] })
    expect(run(state, vote('choix', 'v1', { kind: 'single', choice: 1 }))).toEqual({ ok: true, events: [] })
    run(state, vote('choix', 'v2', { kind: 'single', choice: 1 }))
    expect(tally(state, 'choix')).toMatchObject({ voters: 2, results: { kind: 'single', counts: [0, 2, 0] } })
  })

  it('lets a voter change their vote while the poll is open', () => {
    const state = openPoll(session(), 'choix')
    run(state, vote('choix', 'v1', { kind: 'single', choice: 0 }))
    run(state, vote('choix', 'v1', { kind: 'single', choice: 2 }))
    expect(tally(state, 'choix').results).toEqual({ kind: 'single', counts: [0, 0, 1] })
  })

  it('refuses votes on unknown, not yet open and closed polls', () => {
    const state = session()
    expect(run(state, vote('absent', 'v1', { kind: 'single', choice: 0 }))).toEqual({ ok: false, error: 'unknown_poll' })
    expect(run(state, vote('choix', 'v1', { kind: 'single', choice: 0 }))).toEqual({ ok: false, error: 'poll_not_open' })
    openPoll(state, 'choix')
    run(state, { type: 'close', pollId: 'choix' })
    expect(run(state, vote('choix', 'v1', { kind: 'single', choice: 0 }))).toEqual({ ok: false, error: 'poll_closed' })
  })

  it.each([
    ['choix', { kind: 'single', choice: 3 }, 'invalid_answer'],
    ['choix', { kind: 'multi', choices: [0] }, 'wrong_poll_kind'],
    ['multi', { kind: 'multi', choices: [0, 1, 2] }, 'invalid_answer'],
    ['echelle', { kind: 'scale', point: 5 }, 'invalid_answer'],
    ['echelle', { kind: 'single', choice: 2 }, 'wrong_poll_kind'],
    ['mots', { kind: 'words', words: ['un', 'deux', 'trois'] }, 'invalid_answer'],
    ['mots', { kind: 'words', words: ['même', 'meme'] }, 'invalid_answer'],
    ['mots', { kind: 'words', words: ['!!!'] }, 'invalid_answer'],
    ['mots', { kind: 'words', words: ['x'.repeat(limits.wordLength + 1)] }, 'invalid_answer'],
  ] as const)('refuses an answer that does not fit the poll: %s %j', (pollId, answer, error) => {
    const state = openPoll(session(), pollId)
    expect(run(state, vote(pollId, 'v1', answer as Answer))).toEqual({ ok: false, error })
  })

  it('treats multi-select choices as a set, up to the maximum', () => {
    const state = openPoll(session(), 'multi')
    run(state, vote('multi', 'v1', { kind: 'multi', choices: [2, 0, 2] }))
    expect(run(state, vote('multi', 'v1', { kind: 'multi', choices: [0, 2] }))).toEqual({ ok: true, events: [] })
    run(state, vote('multi', 'v2', { kind: 'multi', choices: [2] }))
    expect(tally(state, 'multi')).toMatchObject({ voters: 2, results: { counts: [1, 0, 2] } })
  })

  it('reports the distribution and the mean of a scale, from its own points', () => {
    const state = openPoll(session(), 'echelle')
    run(state, vote('echelle', 'v1', { kind: 'scale', point: 0 }))
    run(state, vote('echelle', 'v2', { kind: 'scale', point: 4 }))
    run(state, vote('echelle', 'v3', { kind: 'scale', point: 4 }))
    expect(view(state, 'echelle').results).toEqual({ kind: 'scale', counts: [1, 0, 0, 0, 2], mean: 11 / 3 })
    expect(tally(openPoll(session(), 'echelle'), 'echelle').results).toEqual({ kind: 'scale', counts: [0, 0, 0, 0, 0], mean: null })
  })
})

describe('word clouds', () => {
  it('groups a word whatever its spelling, and shows it as most voters wrote it', () => {
    const state = openPoll(session(), 'mots')
    run(state, vote('mots', 'v1', { kind: 'words', words: ['ROI', 'Visibilité'] }))
    run(state, vote('mots', 'v2', { kind: 'words', words: ['roi', 'visibilite'] }))
    run(state, vote('mots', 'v3', { kind: 'words', words: ['ROI', 'Visibilité'] }))
    expect(view(state, 'mots').results).toEqual({ kind: 'words', words: [{ text: 'ROI', count: 3 }, { text: 'Visibilité', count: 3 }] })
  })

  it('shows, between spellings used as often, the one with its capitals and accents', () => {
    const state = openPoll(session(), 'mots')
    run(state, vote('mots', 'v1', { kind: 'words', words: ['roi', 'ecoute'] }))
    run(state, vote('mots', 'v2', { kind: 'words', words: ['ROI', 'écoute'] }))
    expect(tally(state, 'mots').results).toEqual({ kind: 'words', words: [{ text: 'écoute', count: 2 }, { text: 'ROI', count: 2 }] })
  })

  it('shows, between four spellings used as often, the natural one rather than capitals', () => {
    const state = openPoll(session(), 'mots')
    for (const [voter, word] of [['v1', 'VISIBILITÉ'], ['v2', 'visibilité'], ['v3', 'Visibilité'], ['v4', 'visibilite']])
      run(state, vote('mots', voter!, { kind: 'words', words: [word!] }))
    expect(view(state, 'mots').results).toEqual({ kind: 'words', words: [{ text: 'Visibilité', count: 4 }] })
  })

  it('keeps the count right when voters change their words', () => {
    const state = openPoll(session(), 'mots')
    run(state, vote('mots', 'v1', { kind: 'words', words: ['temps'] }))
    run(state, vote('mots', 'v1', { kind: 'words', words: ['argent'] }))
    expect(tally(state, 'mots').results).toEqual({ kind: 'words', words: [{ text: 'argent', count: 1 }] })
  })

  it('hides a removed word and refuses it afterwards, in any spelling or disguise, until it is restored', () => {
    const state = openPoll(session(), 'mots')
    run(state, vote('mots', 'v1', { kind: 'words', words: ['buzz'] }))
    expect(run(state, { type: 'remove-word', pollId: 'mots', word: 'Buzz' })).toMatchObject({ ok: true })
    expect(tally(state, 'mots').results).toEqual({ kind: 'words', words: [] })
    for (const disguise of ['BUZZ !', 'bu\u200Bzz', 'ＢＵＺＺ', '\u202Ebuzz'])
      expect(run(state, vote('mots', 'v2', { kind: 'words', words: [disguise] }))).toEqual({ ok: false, error: 'word_banned' })
    expect(view(state, 'mots', 'presenter').removed).toEqual(['buzz'])
    // The room never learns which words were taken down.
    expect(view(state, 'mots', 'screen')).not.toHaveProperty('removed')
    expect(view(state, 'mots', 'phone')).not.toHaveProperty('removed')
    expect(run(state, { type: 'remove-word', pollId: 'choix', word: 'x' })).toEqual({ ok: false, error: 'wrong_poll_kind' })

    run(state, { type: 'restore-word', pollId: 'mots', word: 'buzz' })
    expect(tally(state, 'mots').results).toEqual({ kind: 'words', words: [{ text: 'buzz', count: 1 }] })
    expect(run(state, vote('mots', 'v2', { kind: 'words', words: ['Buzz'] }))).toMatchObject({ ok: true })
  })

  it('caps the number of distinct words a cloud holds', () => {
    const state = openPoll(session(), 'mots')
    for (let voter = 0; voter < limits.distinctWordsPerPoll; voter++)
      expect(run(state, vote('mots', `v${voter}`, { kind: 'words', words: [`mot${voter}`] })).ok).toBe(true)
    expect(run(state, vote('mots', 'late', { kind: 'words', words: ['nouveau'] }))).toEqual({ ok: false, error: 'cloud_full' })
    expect(run(state, vote('mots', 'late', { kind: 'words', words: ['mot1'] }))).toMatchObject({ ok: true })
    expect(view(state, 'mots').results).toMatchObject({ kind: 'words' })
    expect((view(state, 'mots').results as { words: unknown[] }).words).toHaveLength(limits.wordsShown)
  })

  it('keeps a paused cloud as it was for the room, while the presenter sees new words and cleans it', () => {
    const state = openPoll(session(), 'mots')
    run(state, vote('mots', 'v1', { kind: 'words', words: ['confiance', 'buzz'] }))
    run(state, vote('mots', 'v3', { kind: 'words', words: ['confiance'] }))
    run(state, vote('mots', 'v4', { kind: 'words', words: ['confiance'] }))
    run(state, { type: 'pause-cloud', pollId: 'mots', paused: true })
    run(state, vote('mots', 'v2', { kind: 'words', words: ['nouveau'] }))
    run(state, { type: 'remove-word', pollId: 'mots', word: 'buzz' })
    expect(view(state, 'mots')).toMatchObject({ paused: true, voters: 3, results: { words: [{ text: 'confiance', count: 3 }] } })
    expect(view(state, 'mots', 'presenter')).toMatchObject({ voters: 4, results: { words: [{ text: 'confiance', count: 3 }, { text: 'nouveau', count: 1 }] } })
    run(state, { type: 'pause-cloud', pollId: 'mots', paused: false })
    expect(view(state, 'mots')).toMatchObject({ paused: false, voters: 4 })
  })
})

describe('presenter actions', () => {
  it('resets only with confirmation; the earlier ballots stop counting', () => {
    const state = openPoll(session(), 'choix')
    run(state, vote('choix', 'v1', { kind: 'single', choice: 0 }))
    expect(run(state, { type: 'reset', pollId: 'choix', confirmed: false })).toEqual({ ok: false, error: 'confirmation_required' })
    expect(run(state, { type: 'reset', pollId: 'choix', confirmed: true })).toEqual({ ok: true, events: [{ type: 'poll-reset', pollId: 'choix' }] })
    expect(view(state, 'choix')).toMatchObject({ status: 'idle', voters: 0 })
  })

  it('closes a vote before revealing it, and will not reopen it after', () => {
    const state = openPoll(session(), 'quiz')
    expect(run(state, { type: 'reveal', pollId: 'quiz' })).toEqual({ ok: true, events: [{ type: 'poll-closed', pollId: 'quiz' }, { type: 'poll-revealed', pollId: 'quiz' }] })
    expect(run(state, vote('quiz', 'v1', { kind: 'quiz', choice: 1 }))).toEqual({ ok: false, error: 'poll_closed' })
    expect(run(state, { type: 'open', pollId: 'quiz' })).toEqual({ ok: false, error: 'already_revealed' })
    run(state, { type: 'reset', pollId: 'quiz', confirmed: true })
    expect(run(state, { type: 'open', pollId: 'quiz' })).toMatchObject({ ok: true })
  })

  it('moves the presenter\'s slide only when it changes', () => {
    const state = session()
    expect(run(state, { type: 'move', page: 4, clicks: 0 })).toEqual({ ok: true, events: [{ type: 'presenter-moved', page: 4, clicks: 0 }] })
    expect(run(state, { type: 'move', page: 4, clicks: 0 })).toEqual({ ok: true, events: [] })
    expect(state.nav).toEqual({ page: 4, clicks: 0 })
  })
})

describe('who sees what', () => {
  it('keeps a blind quiz from the room and its answer from everyone but the presenter until the reveal', () => {
    const state = openPoll(session(), 'quiz')
    for (const voterId of ['v1', 'v2', 'v3'])
      run(state, vote('quiz', voterId, { kind: 'quiz', choice: 1 }))
    expect(view(state, 'quiz', 'screen')).toMatchObject({ voters: 3, results: null, correct: null })
    expect(view(state, 'quiz', 'phone')).toMatchObject({ results: null, correct: null })
    expect(view(state, 'quiz', 'presenter')).toMatchObject({ results: { counts: [0, 3] }, correct: 1 })
    run(state, { type: 'reveal', pollId: 'quiz' })
    expect(view(state, 'quiz', 'screen')).toMatchObject({ results: { counts: [0, 3] }, correct: 1 })
    expect(view(state, 'quiz', 'phone')).toMatchObject({ results: { counts: [0, 3] }, correct: 1 })
  })

  it('shows an open poll live on the screen of a room that asks for it, but on phones only once revealed', () => {
    const state = openPoll(session(), 'choix')
    for (const voterId of ['v1', 'v2', 'v3'])
      run(state, vote('choix', voterId, { kind: 'single', choice: 0 }))
    expect(view(state, 'choix', 'screen').results).not.toBeNull()
    expect(view(state, 'choix', 'phone').results).toBeNull()
  })
})

describe('the log', () => {
  it('rebuilds the same state when replayed', () => {
    const state = openPoll(session(), 'mots')
    const log = [{ type: 'poll-opened' as const, pollId: 'mots' }]
    const record = (command: Command): void => {
      const decision = run(state, command)
      if (decision.ok)
        log.push(...decision.events as typeof log)
    }
    record(vote('mots', 'v1', { kind: 'words', words: ['Confiance'] }))
    record(vote('mots', 'v2', { kind: 'words', words: ['buzz'] }))
    record({ type: 'remove-word', pollId: 'mots', word: 'buzz' })
    record({ type: 'pause-cloud', pollId: 'mots', paused: true })
    record({ type: 'move', page: 6, clicks: 1 })
    const rebuilt = replay(catalog, info, log)
    expect(view(rebuilt, 'mots', 'presenter')).toEqual(view(state, 'mots', 'presenter'))
    expect(view(rebuilt, 'mots', 'screen')).toEqual(view(state, 'mots', 'screen'))
    expect(rebuilt.nav).toEqual({ page: 6, clicks: 1 })
  })

  it('skips a ballot the log puts after its poll closed, as several servers sharing one log must', () => {
    const rebuilt = replay(catalog, info, [
      { type: 'poll-opened', pollId: 'choix' },
      ...['v1', 'v3', 'v4'].map(voterId => ({ type: 'ballot-cast' as const, pollId: 'choix', voterId, answer: { kind: 'single' as const, choice: 0 } })),
      { type: 'poll-closed', pollId: 'choix' },
      { type: 'ballot-cast', pollId: 'choix', voterId: 'v2', answer: { kind: 'single', choice: 1 } },
      { type: 'ballot-cast', pollId: 'absent', voterId: 'v2', answer: { kind: 'single', choice: 1 } },
    ])
    expect(view(rebuilt, 'choix')).toMatchObject({ voters: 3, results: { counts: [3, 0, 0] } })
  })
})
