// Agreement with a statement, on a five-point scale whose middle is neutral.
import * as v from 'valibot'
import { percentOf } from '../format'
import { countsSchema, definitionSchema, isOption, keepAll, optionCounts, optionIndexSchema, publicOptions, publicSchema } from './common'
import { definePollKind } from './kind'

/** The points of every `scale` poll, from strong disagreement to strong agreement. */
export const agreementScale = [
  'Pas du tout d’accord',
  'Plutôt pas d’accord',
  'Ni d’accord ni pas d’accord',
  'Plutôt d’accord',
  'Tout à fait d’accord',
]

/** The share of voters who agree, « plutôt » or « tout à fait »: the top two points of a scale's counts. */
export function agreeingPercent(counts: readonly number[], voters: number): number {
  return percentOf((counts.at(-1) ?? 0) + (counts.at(-2) ?? 0), voters)
}

const answerSchema = v.strictObject({ kind: v.literal('scale'), point: optionIndexSchema })
type ScaleAnswer = v.InferOutput<typeof answerSchema>

const resultsSchema = v.strictObject({ kind: v.literal('scale'), counts: countsSchema, mean: v.nullable(v.number()) })
const kicker = () => 'Votre avis'
const hint = () => 'Touchez votre réponse : elle est enregistrée aussitôt.'

const publicDefinition = /* @__PURE__ */ publicSchema('scale', publicOptions)

/** What every client of a scale poll needs: how its answers and results travel, what the slide and the phone say. */
export const scaleWire = { answerSchema, resultsSchema, publicSchema: publicDefinition, kicker, hint, agreement: true }

export const scale = /* @__PURE__ */ definePollKind({
  // By name, not `...wire`: a spread or a property read would keep bundlers from leaving the rest out of the phone page.
  answerSchema,
  resultsSchema,
  publicSchema: publicDefinition,
  kicker,
  hint,
  agreement: true,
  kind: 'scale',
  name: 'échelle d’accord',
  definitionSchema: /* @__PURE__ */ definitionSchema(() => ({ kind: v.literal('scale') })),
  define: () => ({ options: [...agreementScale] }),
  blindByDefault: false,
  publicSpec: keepAll,
  check: (poll, answer) => isOption(poll, answer.point) ? answer : 'invalid_answer',
  tally: /* @__PURE__ */ optionCounts((answer: ScaleAnswer) => [answer.point]),
  summarize: (_poll, counts, { voters }) => ({
    kind: 'scale',
    counts: [...counts],
    // Points count from 1, so the mean reads on the same 1-to-n scale as the labels.
    mean: voters === 0 ? null : counts.reduce((sum, count, index) => sum + count * (index + 1), 0) / voters,
  }),
  // Points run from disagreement to agreement: a rise is a move toward agreement.
  change: (before, after) => after.point - before.point,
})
