import type { Answer } from '../../core/protocol'
import type { Command, SessionState } from '../../core/tally'
import { describe, expect, it } from 'vitest'
import { buildPollCatalog } from '../../core/poll-definitions'
import { apply, decide, emptySession, viewPoll } from '../../core/tally'

const catalog = buildPollCatalog([
  { number: 2, location: 'x:1', frontmatter: { poll: { id: 'choix', kind: 'single', question: 'Q ?', options: ['A', 'B', 'C'] } } },
  { number: 3, location: 'x:2', frontmatter: { poll: { id: 'multi', kind: 'multi', question: 'Q ?', options: ['A', 'B', 'C'], max: 2 } } },
  { number: 4, location: 'x:3', frontmatter: { poll: { id: 'echelle', kind: 'scale', question: 'Q ?' } } },
  { number: 5, location: 'x:4', frontmatter: { poll: { id: 'quiz', kind: 'quiz', question: 'Q ?', options: ['10 %', '79 %'], answer: '79 %' } } },
  { number: 6, location: 'x:5', frontmatter: { poll: { id: 'mots', kind: 'words', question: 'Q ?', max: 2 } } },
])

function session(): SessionState {
  return emptySession({ id: 1, name: 'Test', startedAt: '2026-11-24T09:00:00.000Z' })
}

/** Decides and applies, as the engine does; returns the decision. */
function run(state: SessionState, command: Command): ReturnType<typeof decide> {
  const decision = decide(catalog, state, command)
  if (decision.ok)
    decision.events.forEach(event => apply(state, event))
  return decision
}

function openPoll(state: SessionState, pollId: string): SessionState {
  run(state, { type: 'open', pollId })
  return state
}

function vote(pollId: string, voterId: string, answer: Answer): Command {
  return { type: 'vote', pollId, voterId, answer }
}

describe('votes', () => {
  it('counts one vote per voter, and a repeated vote changes nothing', () => {
    const state = openPoll(session(), 'choix')
    expect(run(state, vote('choix', 'v1', 1))).toEqual({ ok: true, events: [{ type: 'ballot-cast', pollId: 'choix', round: 0, voterId: 'v1', answer: 1 }] })
    expect(run(state, vote('choix', 'v1', 1))).toEqual({ ok: true, events: [] })
    run(state, vote('choix', 'v2', 1))
    expect(viewPoll(catalog.polls.choix!, state.polls.get('choix'), 'screen')).toMatchObject({ voters: 2, results: { kind: 'choices', counts: [0, 2, 0] } })
  })

  it('lets a voter change their vote while the poll is open', () => {
    const state = openPoll(session(), 'choix')
    run(state, vote('choix', 'v1', 0))
    run(state, vote('choix', 'v1', 2))
    expect(viewPoll(catalog.polls.choix!, state.polls.get('choix'), 'screen').results).toEqual({ kind: 'choices', counts: [0, 0, 1] })
  })

  it('refuses votes on unknown, not yet open and closed polls', () => {
    const state = session()
    expect(run(state, vote('absent', 'v1', 0))).toEqual({ ok: false, error: 'unknown_poll' })
    expect(run(state, vote('choix', 'v1', 0))).toEqual({ ok: false, error: 'poll_not_open' })
    openPoll(state, 'choix')
    run(state, { type: 'close', pollId: 'choix' })
    expect(run(state, vote('choix', 'v1', 0))).toEqual({ ok: false, error: 'poll_closed' })
  })

  it.each([
    ['choix', 3],
    ['choix', [0]],
    ['multi', [0, 1, 2]],
    ['multi', 1],
    ['echelle', 5],
    ['mots', ['un', 'deux', 'trois']],
    ['mots', ['même', 'meme']],
    ['mots', ['!!!']],
    ['mots', ['x'.repeat(31)]],
  ] as const)('refuses an answer that does not fit the poll: %s %j', (pollId, answer) => {
    const state = openPoll(session(), pollId)
    expect(run(state, vote(pollId, 'v1', answer as Answer))).toEqual({ ok: false, error: 'invalid_answer' })
  })

  it('treats multi-select choices as a set, up to the maximum', () => {
    const state = openPoll(session(), 'multi')
    run(state, vote('multi', 'v1', [2, 0, 2]))
    expect(run(state, vote('multi', 'v1', [0, 2]))).toEqual({ ok: true, events: [] })
    run(state, vote('multi', 'v2', [2]))
    expect(viewPoll(catalog.polls.multi!, state.polls.get('multi'), 'screen')).toMatchObject({ voters: 2, results: { counts: [1, 0, 2] } })
  })

  it('reports the distribution and the mean of a scale', () => {
    const state = openPoll(session(), 'echelle')
    run(state, vote('echelle', 'v1', 0))
    run(state, vote('echelle', 'v2', 4))
    run(state, vote('echelle', 'v3', 4))
    expect(viewPoll(catalog.polls.echelle!, state.polls.get('echelle'), 'screen').results).toEqual({ kind: 'scale', counts: [1, 0, 0, 0, 2], mean: 11 / 3 })
    expect(viewPoll(catalog.polls.echelle!, undefined, 'screen').results).toEqual({ kind: 'scale', counts: [0, 0, 0, 0, 0], mean: null })
  })
})

describe('word clouds', () => {
  it('groups spellings of a word and shows the most common one', () => {
    const state = openPoll(session(), 'mots')
    run(state, vote('mots', 'v1', ['Sécurité', 'temps']))
    run(state, vote('mots', 'v2', ['sécurité']))
    run(state, vote('mots', 'v3', ['SECURITE']))
    expect(viewPoll(catalog.polls.mots!, state.polls.get('mots'), 'screen').results).toEqual({
      kind: 'words',
      words: [{ text: 'sécurité', count: 3 }, { text: 'temps', count: 1 }],
    })
  })

  it('hides a removed word and refuses it afterwards, in any spelling', () => {
    const state = openPoll(session(), 'mots')
    run(state, vote('mots', 'v1', ['buzz']))
    expect(run(state, { type: 'remove-word', pollId: 'mots', word: 'Buzz' })).toMatchObject({ ok: true })
    expect(viewPoll(catalog.polls.mots!, state.polls.get('mots'), 'screen').results).toEqual({ kind: 'words', words: [] })
    expect(run(state, vote('mots', 'v2', ['BUZZ !']))).toEqual({ ok: false, error: 'word_banned' })
    expect(run(state, { type: 'remove-word', pollId: 'choix', word: 'x' })).toEqual({ ok: false, error: 'wrong_poll_kind' })
  })
})

describe('presenter actions', () => {
  it('resets only with confirmation, starting a new round', () => {
    const state = openPoll(session(), 'choix')
    run(state, vote('choix', 'v1', 0))
    expect(run(state, { type: 'reset', pollId: 'choix', confirmed: false })).toEqual({ ok: false, error: 'confirmation_required' })
    expect(run(state, { type: 'reset', pollId: 'choix', confirmed: true })).toEqual({ ok: true, events: [{ type: 'reset', pollId: 'choix', round: 1 }] })
    expect(viewPoll(catalog.polls.choix!, state.polls.get('choix'), 'screen')).toMatchObject({ status: 'idle', voters: 0 })
  })

  it('repeats nothing when a state is already reached', () => {
    const state = openPoll(session(), 'choix')
    expect(run(state, { type: 'open', pollId: 'choix' })).toEqual({ ok: true, events: [] })
    expect(run(state, { type: 'focus', pollId: 'choix' })).toMatchObject({ events: [{ type: 'focus-changed' }] })
    expect(run(state, { type: 'focus', pollId: 'choix' })).toEqual({ ok: true, events: [] })
    expect(run(state, { type: 'focus', pollId: 'absent' })).toEqual({ ok: false, error: 'unknown_poll' })
  })
})

describe('who sees what', () => {
  it('keeps a blind quiz from the room and its answer from everyone but the presenter until the reveal', () => {
    const state = openPoll(session(), 'quiz')
    run(state, vote('quiz', 'v1', 1))
    const quiz = catalog.polls.quiz!
    expect(viewPoll(quiz, state.polls.get('quiz'), 'screen')).toMatchObject({ voters: 1, results: null, correct: null })
    expect(viewPoll(quiz, state.polls.get('quiz'), 'phone')).toMatchObject({ results: null, correct: null })
    expect(viewPoll(quiz, state.polls.get('quiz'), 'presenter')).toMatchObject({ results: { counts: [0, 1] }, correct: 1 })
    run(state, { type: 'reveal', pollId: 'quiz' })
    expect(viewPoll(quiz, state.polls.get('quiz'), 'screen')).toMatchObject({ results: { counts: [0, 1] }, correct: 1 })
    expect(viewPoll(quiz, state.polls.get('quiz'), 'phone')).toMatchObject({ results: { counts: [0, 1] }, correct: 1 })
  })

  it('shows an open poll live on the screen, but on phones only once revealed', () => {
    const state = openPoll(session(), 'choix')
    run(state, vote('choix', 'v1', 0))
    expect(viewPoll(catalog.polls.choix!, state.polls.get('choix'), 'screen').results).not.toBeNull()
    expect(viewPoll(catalog.polls.choix!, state.polls.get('choix'), 'phone').results).toBeNull()
  })
})
