// Agreement with a statement, on a five-point scale whose middle is neutral.
import * as v from 'valibot'
import { commonEntries, countsSchema, isOption, keepAll, optionCounts, optionIndexSchema } from './common'
import { definePollKind } from './kind'

/** The points of every `scale` poll, from strong disagreement to strong agreement. */
export const agreementScale = [
  'Pas du tout d’accord',
  'Plutôt pas d’accord',
  'Ni d’accord ni pas d’accord',
  'Plutôt d’accord',
  'Tout à fait d’accord',
]

const answerSchema = v.strictObject({ kind: v.literal('scale'), point: optionIndexSchema })
type ScaleAnswer = v.InferOutput<typeof answerSchema>

export const scale = definePollKind({
  kind: 'scale',
  name: 'échelle d’accord',
  definitionSchema: v.strictObject({ ...commonEntries, kind: v.literal('scale') }),
  define: () => ({ options: [...agreementScale] }),
  blindByDefault: false,
  publicSpec: keepAll,
  answerSchema,
  check: (poll, answer) => isOption(poll, answer.point) ? answer : 'invalid_answer',
  tally: optionCounts((answer: ScaleAnswer) => [answer.point]),
  summarize: (_poll, counts, { voters }) => ({
    kind: 'scale',
    counts: [...counts],
    // Points count from 1, so the mean reads on the same 1-to-n scale as the labels.
    mean: voters === 0 ? null : counts.reduce((sum, count, index) => sum + count * (index + 1), 0) / voters,
  }),
  resultsSchema: v.strictObject({ kind: v.literal('scale'), counts: countsSchema, mean: v.nullable(v.number()) }),
  kicker: () => 'Votre avis',
  hint: () => 'Touchez votre réponse : elle est enregistrée aussitôt.',
})
