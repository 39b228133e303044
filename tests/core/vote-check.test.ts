// A vote's payload is checked by hand on the hot path (core/features/polls.ts): it must accept exactly what the vote's
// valibot schema accepts, which every other message still goes through.
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { messageTable } from '../../core/features/registry'
import { limits } from '../../core/limits'

const { schema, check } = messageTable.vote

const answers = {
  valid: [
    { kind: 'single', choice: 0 },
    { kind: 'scale', point: 4 },
    { kind: 'quiz', choice: 2 },
    { kind: 'multi', choices: [0, 2] },
    { kind: 'ranking', order: [2, 0, 1] },
    { kind: 'words', words: ['lent', 'cher'] },
  ],
  invalid: [
    undefined,
    null,
    'single',
    [],
    {},
    { kind: 'single' },
    { kind: 'single', choice: -1 },
    { kind: 'single', choice: 1.5 },
    { kind: 'single', choice: '1' },
    { kind: 'single', choice: Number.NaN },
    { kind: 'single', choice: limits.options.max },
    { kind: 'single', choice: 1, extra: true },
    { kind: 'scale', choice: 1 },
    { kind: 'unknown', choice: 1 },
    { kind: 'constructor', choice: 1 },
    { kind: 'multi', choices: [] },
    { kind: 'words', words: ['x'.repeat(limits.wordLength * 2 + 1)] },
  ],
}

const pollIds = {
  valid: ['choix', '', 'constructor', '__proto__', 'x'.repeat(limits.pollIdLength)],
  invalid: [undefined, null, 3, ['choix'], { id: 'choix' }, 'x'.repeat(limits.pollIdLength + 1)],
}

const rounds = {
  valid: [0, 1, 7, -0, undefined],
  invalid: [-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, '1', null, true],
}

/** Each value with whether it is valid. */
function tagged({ valid, invalid }: { valid: unknown[], invalid: unknown[] }): [unknown, boolean][] {
  return [...valid.map((value): [unknown, boolean] => [value, true]), ...invalid.map((value): [unknown, boolean] => [value, false])]
}

/** Every combination of a valid or invalid poll id, answer and round, with the round's key present or absent. */
function corpus(): { payload: unknown, valid: boolean }[] {
  const cases: { payload: unknown, valid: boolean }[] = []
  for (const [pollId, pollIdValid] of tagged(pollIds)) {
    for (const [answer, answerValid] of tagged(answers)) {
      cases.push({ payload: { pollId, answer }, valid: pollIdValid && answerValid })
      for (const [round, roundValid] of tagged(rounds))
        cases.push({ payload: { pollId, answer, round }, valid: pollIdValid && answerValid && roundValid })
    }
  }
  return cases
}

/** Shapes that are not a vote whatever their fields. */
const malformed: unknown[] = [
  undefined,
  null,
  0,
  'vote',
  true,
  [],
  ['choix', { kind: 'single', choice: 0 }],
  {},
  { pollId: 'choix' },
  { answer: { kind: 'single', choice: 0 } },
  { pollId: 'choix', answer: { kind: 'single', choice: 0 }, extra: 1 },
  { pollId: 'choix', answer: { kind: 'single', choice: 0 }, voterId: 'a'.repeat(24) },
  JSON.parse('{"pollId":"choix","answer":{"kind":"single","choice":0},"__proto__":{"round":-1}}'),
  Object.assign(Object.create({ round: -1 }), { pollId: 'choix', answer: { kind: 'single', choice: 0 } }),
  new Uint8Array(0),
  new Uint8Array([1, 2]),
]

describe('the vote\'s hand-written check', () => {
  it('exists, so that votes take it', () => {
    expect(check).toBeTypeOf('function')
  })

  it('accepts and refuses exactly what the vote\'s schema does, over every combination of fields', () => {
    const cases = corpus()
    expect(cases.filter(({ valid }) => valid).length).toBeGreaterThan(100)
    for (const { payload, valid } of cases) {
      expect(v.is(schema, payload), JSON.stringify(payload)).toBe(valid)
      expect(check!(payload), JSON.stringify(payload)).toBe(valid)
    }
  })

  it('refuses what is not a vote\'s shape, as the schema does', () => {
    for (const payload of malformed)
      expect([check!(payload), String(payload)]).toEqual([v.is(schema, payload), String(payload)])
    expect(malformed.filter(payload => v.is(schema, payload))).toEqual([])
  })
})
