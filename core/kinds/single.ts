// One answer among a few options.
import * as v from 'valibot'
import { commonEntries, countsSchema, isOption, keepAll, optionCounts, optionIndexSchema, optionsSchema } from './common'
import { definePollKind } from './kind'

const answerSchema = v.strictObject({ kind: v.literal('single'), choice: optionIndexSchema })
type SingleAnswer = v.InferOutput<typeof answerSchema>

export const single = definePollKind({
  kind: 'single',
  name: 'choix unique',
  definitionSchema: v.strictObject({ ...commonEntries, kind: v.literal('single'), options: optionsSchema }),
  define: ({ options }) => ({ options }),
  blindByDefault: false,
  publicSpec: keepAll,
  answerSchema,
  check: (poll, answer) => isOption(poll, answer.choice) ? answer : 'invalid_answer',
  tally: optionCounts((answer: SingleAnswer) => [answer.choice]),
  summarize: (_poll, counts) => ({ kind: 'single', counts: [...counts] }),
  resultsSchema: v.strictObject({ kind: v.literal('single'), counts: countsSchema }),
  kicker: () => 'Votre avis',
  hint: () => 'Touchez une réponse : elle est enregistrée aussitôt.',
})
