// How the deck and the phone fold an update into the snapshot they hold: each feature that needs more than « replace
// the field » declares its fold next to its parsers (core/outbound/); every other field replaces the snapshot's.
import type { PollView } from '../../core/features/poll-views'
import type { QuestionView } from '../../core/features/question-list'
import type { DeckSnapshot, PhoneSnapshot } from '../../core/protocol'
import { parse } from 'valibot'
import { describe, expect, it } from 'vitest'
import { deckSnapshotSchema, deckUpdateSchema, foldDeckUpdate } from '../../core/outbound/deck'
import { foldPhoneUpdate, phoneSnapshotSchema, phoneUpdateSchema } from '../../core/outbound/phone'

const session = { id: 1, name: 'Test', startedAt: '2026-12-05T09:00:00.000Z' }
const poll = (status: PollView['status'], voters = 0): PollView => ({ status, revealed: false, voters, results: null, correct: null, paused: false, round: 0 })
const question = (id: string, upvotes: number, seq: number): QuestionView => ({ id, text: `Question ${id} ?`, status: 'approved', upvotes, highlighted: false, seq })

const deck: DeckSnapshot = parse(deckSnapshotSchema, {
  nav: { page: 3, clicks: 0 },
  focus: 'p1',
  phones: 4,
  addresses: 2,
  refused: 0,
  bounds: { votersPerAddress: 30, expectedAudience: null },
  polls: { p1: poll('open', 2), p2: poll('closed', 3) },
  moderated: false,
  health: { storing: true, problem: null },
  decision: null,
  role: 'presenter',
  session,
  joinUrl: 'http://127.0.0.1/vote',
  threshold: 3,
  questions: [question('q1', 2, 0), question('q2', 1, 1)],
})

const phone: PhoneSnapshot = parse(phoneSnapshotSchema, {
  session,
  threshold: 3,
  focus: 'p1',
  definitions: {},
  polls: { p1: poll('open', 2), p2: poll('closed', 3) },
  answers: { p1: { kind: 'quiz', choice: 0 }, p2: { kind: 'quiz', choice: 1 } },
  removed: {},
  questions: [question('q1', 2, 0)],
  asked: [],
  upvoted: [],
  moderated: false,
})

describe('folding a deck update', () => {
  it('merges polls by id, patches questions and ranks them again, and replaces any other field whole', () => {
    const update = parse(deckUpdateSchema, {
      polls: { p2: poll('idle') },
      questionPatch: { changed: [question('q2', 5, 1), question('q3', 0, 2)], removed: ['q1'] },
      phones: 5,
      nav: null,
    })
    const folded = foldDeckUpdate(deck, update)
    expect(folded.polls).toEqual({ p1: poll('open', 2), p2: poll('idle') })
    expect(folded.questions.map(({ id, upvotes }) => [id, upvotes])).toEqual([['q2', 5], ['q3', 0]])
    expect(folded).toMatchObject({ phones: 5, nav: null, addresses: 2, focus: 'p1' })
    expect(folded).not.toHaveProperty('questionPatch')
    expect(deck.polls.p2).toEqual(poll('closed', 3))
  })

  it('leaves the polls and the questions as they were when the update carries none', () => {
    const folded = foldDeckUpdate(deck, { refused: 1 })
    expect(folded).toEqual({ ...deck, refused: 1 })
  })
})

describe('folding a phone update', () => {
  it('drops the answer to a poll back to idle, keeps the others, and patches questions', () => {
    const update = parse(phoneUpdateSchema, { polls: { p2: poll('idle') }, questionPatch: { changed: [question('q4', 1, 3)], removed: [] }, focus: 'p2' })
    const folded = foldPhoneUpdate(phone, update)
    expect(folded.polls).toEqual({ p1: poll('open', 2), p2: poll('idle') })
    expect(folded.answers).toEqual({ p1: phone.answers.p1 })
    expect(folded.questions.map(({ id }) => id)).toEqual(['q1', 'q4'])
    expect(folded.focus).toBe('p2')
    expect(folded).not.toHaveProperty('questionPatch')
  })
})
