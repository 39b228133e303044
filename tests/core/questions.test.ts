import type { SessionEvent } from '../../core/session/events'
import type { Command } from '../../core/session/rules'
import type { SessionState } from '../../core/session/state'
import { describe, expect, it } from 'vitest'
import { diffQuestions, patchQuestions, phoneQuestions, viewQuestions } from '../../core/features/question-list'
import { limits } from '../../core/limits'
import { buildPollCatalog } from '../../core/poll-catalog'
import { apply, decide, replay } from '../../core/session/rules'
import { emptySession } from '../../core/session/state'

const catalog = buildPollCatalog([])
const info = { id: 1, name: 'Test', startedAt: '2026-11-24T09:00:00.000Z' }

function run(state: SessionState, command: Command): ReturnType<typeof decide> {
  const decision = decide(catalog, state, command)
  if (decision.ok)
    decision.events.forEach(event => apply(catalog, state, event))
  return decision
}

const ask = (questionId: string, voterId: string, text: string): Command => ({ type: 'ask', questionId, voterId, text })
const upvote = (questionId: string, voterId: string, upvoted = true): Command => ({ type: 'upvote', questionId, voterId, upvoted })

describe('questions from the room', () => {
  it('shows a question at once, cleaned of invisible characters, and counts each phone\'s vote once', () => {
    const state = emptySession(info)
    expect(run(state, ask('q1', 'a', '  Combien ça  coûte ?\u200B '))).toMatchObject({ ok: true, events: [{ type: 'question-asked', text: 'Combien ça coûte ?', pending: false }] })
    run(state, upvote('q1', 'b'))
    expect(run(state, upvote('q1', 'b'))).toEqual({ ok: true, events: [] })
    run(state, upvote('q1', 'c'))
    expect(viewQuestions(state.questions, 'room')).toEqual([{ id: 'q1', text: 'Combien ça coûte ?', status: 'approved', upvotes: 2, highlighted: false, seq: 0 }])
    run(state, upvote('q1', 'c', false))
    expect(viewQuestions(state.questions, 'room')[0]!.upvotes).toBe(1)
  })

  it('refuses an empty or overlong question, a vote for one\'s own question, and one on a question the room does not see', () => {
    const state = emptySession(info)
    expect(run(state, ask('q1', 'a', ' \u200B '))).toEqual({ ok: false, error: 'invalid_question' })
    expect(run(state, ask('q1', 'a', 'x'.repeat(limits.questionTextLength + 1)))).toEqual({ ok: false, error: 'invalid_question' })
    run(state, ask('q1', 'a', 'Pourquoi ?'))
    expect(run(state, upvote('q1', 'a'))).toEqual({ ok: false, error: 'own_question' })
    expect(run(state, upvote('absente', 'b'))).toEqual({ ok: false, error: 'unknown_question' })
    run(state, { type: 'moderate', questionId: 'q1', action: 'hide' })
    expect(run(state, upvote('q1', 'b'))).toEqual({ ok: false, error: 'unknown_question' })
  })

  it('takes the same question sent twice as one, and bounds what one phone may ask', () => {
    const state = emptySession(info)
    run(state, ask('q1', 'a', 'Et le budget ?'))
    expect(run(state, ask('q2', 'a', 'Et le budget ?'))).toEqual({ ok: true, events: [] })
    for (let index = 2; index <= limits.questionsPerVoter; index++)
      expect(run(state, ask(`q${index}`, 'a', `Question ${index}`)).ok).toBe(true)
    expect(run(state, ask('q9', 'a', 'Une de trop'))).toEqual({ ok: false, error: 'too_many_questions' })
    expect(run(state, ask('q10', 'b', 'Une autre personne')).ok).toBe(true)
  })

  /** Fills the session's cap: `phones` phones asking 5 questions each; returns the events. */
  function fill(state: SessionState, prefix: string, phones = limits.questionsPerSession / limits.questionsPerVoter): SessionEvent[] {
    const log: SessionEvent[] = []
    for (let phone = 0; phone < phones; phone++) {
      for (let index = 0; index < limits.questionsPerVoter; index++) {
        const decision = run(state, ask(`${prefix}-${phone}-${index}`, `voter-${prefix}-${phone}`, `Question ${index} de ${prefix} ${phone} ?`))
        expect(decision.ok).toBe(true)
        log.push(...(decision.ok ? decision.events : []))
      }
    }
    return log
  }

  it('holds at most 300 questions in a session, however many phones ask, even in a log that has more', () => {
    const state = emptySession(info)
    const log = fill(state, 'q')
    expect(state.questions.items.size).toBe(limits.questionsPerSession)
    // A phone that never asked is refused too: the cap is the session's, not the phone's.
    expect(run(state, ask('q-late', 'phone-late', 'Encore une place ?'))).toEqual({ ok: false, error: 'questions_full' })
    // Questions decided side by side all pass `decide`; applying them, and replaying the log, still stops at the cap.
    const extra = { type: 'question-asked', questionId: 'q-extra', voterId: 'phone-extra', text: 'En trop ?', pending: false } as const
    expect(apply(catalog, state, extra)).toBe(false)
    expect(replay(catalog, info, [...log, extra]).questions.items.size).toBe(limits.questionsPerSession)
  })

  it('gives a hidden question\'s place back: hiding a flood by sender lets the honest questions in again', () => {
    const state = emptySession(info)
    const log = fill(state, 'spam')
    expect(run(state, ask('honest-1', 'honest', 'Et la charte ?'))).toEqual({ ok: false, error: 'questions_full' })
    // The presenter sees each sender's handle, never its voter id, and hides all its open questions in one command.
    const views = viewQuestions(state.questions, 'presenter')
    expect(JSON.stringify(views)).not.toContain('voter-')
    const senders = [...new Set(views.map(view => view.sender))]
    expect(senders).toHaveLength(limits.questionsPerSession / limits.questionsPerVoter)
    const answered = run(state, { type: 'moderate', questionId: 'spam-0-0', action: 'answer' })
    log.push(...(answered.ok ? answered.events : []))
    const hidden = run(state, { type: 'hide-sender', sender: views.find(view => view.id === 'spam-0-1')!.sender! })
    // Four events: the answered question stays answered.
    expect(hidden).toMatchObject({ ok: true, events: Array.from({ length: 4 }, () => ({ type: 'question-hidden' })) })
    log.push(...(hidden.ok ? hidden.events : []))
    for (const sender of senders.slice(1)) {
      const decision = run(state, { type: 'hide-sender', sender: sender! })
      log.push(...(decision.ok ? decision.events : []))
    }
    expect(viewQuestions(state.questions, 'room').map(view => view.id)).toEqual(['spam-0-0'])
    const honest = run(state, ask('honest-1', 'honest', 'Et la charte ?'))
    expect(honest.ok).toBe(true)
    log.push(...(honest.ok ? honest.events : []))
    // The hidden ones still count for their sender: a silenced phone stays silenced.
    expect(run(state, ask('spam-again', 'voter-spam-1', 'Encore moi ?'))).toEqual({ ok: false, error: 'too_many_questions' })
    expect(run(state, { type: 'hide-sender', sender: 999 })).toEqual({ ok: false, error: 'unknown_sender' })
    // The log holds plain events, and replays to the same questions.
    expect(viewQuestions(replay(catalog, info, log).questions, 'presenter')).toEqual(viewQuestions(state.questions, 'presenter'))
  })

  it('stores a bounded number of questions, hidden ones included', () => {
    const state = emptySession(info)
    const rounds = limits.questionsStoredPerSession / limits.questionsPerSession
    for (let round = 0; round < rounds; round++) {
      fill(state, `round${round}`)
      for (const sender of new Set(viewQuestions(state.questions, 'presenter').map(view => view.sender)))
        run(state, { type: 'hide-sender', sender: sender! })
    }
    expect(state.questions.items.size).toBe(limits.questionsStoredPerSession)
    expect(run(state, ask('late', 'late', 'Encore ?'))).toEqual({ ok: false, error: 'questions_full' })
  })

  it('holds questions for approval when the presenter asks for it; a highlighted question is approved and shown first', () => {
    const state = emptySession(info)
    run(state, { type: 'set-moderation', moderated: true })
    run(state, ask('q1', 'a', 'Première ?'))
    run(state, ask('q2', 'b', 'Deuxième ?'))
    run(state, ask('q3', 'c', 'Troisième ?'))
    expect(viewQuestions(state.questions, 'room')).toEqual([])
    expect(viewQuestions(state.questions, 'presenter').map(question => question.status)).toEqual(['pending', 'pending', 'pending'])
    expect(phoneQuestions(state.questions, 'a').asked).toMatchObject([{ id: 'q1', status: 'pending' }])

    run(state, { type: 'moderate', questionId: 'q1', action: 'approve' })
    run(state, { type: 'moderate', questionId: 'q2', action: 'approve' })
    run(state, upvote('q1', 'c'))
    expect(run(state, { type: 'moderate', questionId: 'q3', action: 'highlight' })).toMatchObject({ events: [{ type: 'question-approved' }, { type: 'question-highlighted', questionId: 'q3' }] })
    expect(viewQuestions(state.questions, 'room').map(question => question.id)).toEqual(['q3', 'q1', 'q2'])

    run(state, { type: 'moderate', questionId: 'q3', action: 'answer' })
    expect(state.questions.highlighted).toBeNull()
    expect(viewQuestions(state.questions, 'room').map(question => [question.id, question.status])).toEqual([['q1', 'approved'], ['q2', 'approved'], ['q3', 'answered']])
    run(state, { type: 'moderate', questionId: 'q2', action: 'hide' })
    expect(viewQuestions(state.questions, 'room').map(question => question.id)).toEqual(['q1', 'q3'])
    expect(phoneQuestions(state.questions, 'b').asked).toMatchObject([{ id: 'q2', status: 'hidden' }])
    expect(phoneQuestions(state.questions, 'c').upvoted).toEqual(['q1'])
  })

  it('brings a client\'s list to the server\'s with patches of what changed only, in the same order, for the room and the presenter', () => {
    const state = emptySession(info)
    const limit = 3
    const views = { room: viewQuestions(state.questions, 'room', limit), presenter: viewQuestions(state.questions, 'presenter') }
    const held = { ...views }
    const steps: Command[] = [
      ask('q1', 'a', 'Un ?'),
      ask('q2', 'b', 'Deux ?'),
      ask('q3', 'c', 'Trois ?'),
      ask('q4', 'd', 'Quatre ?'),
      upvote('q4', 'a'),
      upvote('q3', 'a'),
      { type: 'moderate', questionId: 'q2', action: 'highlight' },
      { type: 'set-moderation', moderated: true },
      ask('q5', 'e', 'Cinq ?'),
      { type: 'moderate', questionId: 'q4', action: 'hide' },
      { type: 'moderate', questionId: 'q2', action: 'answer' },
      upvote('q3', 'a', false),
      { type: 'hide-sender', sender: 1 },
    ]
    for (const command of steps) {
      expect(run(state, command).ok).toBe(true)
      for (const audience of ['room', 'presenter'] as const) {
        const next = viewQuestions(state.questions, audience, audience === 'room' ? limit : undefined)
        const patch = diffQuestions(views[audience], next)
        // Only what changed travels: never a question whose view is the same as before.
        const unchanged = patch.changed.filter(view => JSON.stringify(view) === JSON.stringify(views[audience].find(old => old.id === view.id)))
        expect(unchanged).toEqual([])
        held[audience] = patchQuestions(held[audience], patch)
        expect(held[audience]).toEqual(next)
        views[audience] = next
      }
    }
    expect(held.room.map(view => view.id)).toEqual(['q3', 'q2'])
  })

  it('keeps no trace of who asked or voted in what a viewer sees', () => {
    const state = emptySession(info)
    run(state, ask('q1', 'voter-secret-a', 'Anonyme ?'))
    run(state, upvote('q1', 'voter-secret-b'))
    const seen = JSON.stringify([viewQuestions(state.questions, 'presenter'), viewQuestions(state.questions, 'room')])
    expect(seen).not.toMatch(/voter-secret/)
  })

  it('rebuilds the same questions when the log is replayed', () => {
    const state = emptySession(info)
    const log: Parameters<typeof replay>[2] extends Iterable<infer E> ? E[] : never = []
    for (const command of [ask('q1', 'a', 'Un ?'), ask('q2', 'b', 'Deux ?'), upvote('q1', 'b'), { type: 'moderate', questionId: 'q2', action: 'highlight' } as const]) {
      const decision = run(state, command)
      if (decision.ok)
        log.push(...decision.events)
    }
    expect(viewQuestions(replay(catalog, info, log).questions, 'presenter')).toEqual(viewQuestions(state.questions, 'presenter'))
  })
})
