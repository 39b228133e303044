// One answer among a few options.
import * as v from 'valibot'
import { countsSchema, definitionSchema, isOption, keepAll, optionCounts, optionIndexSchema, optionsSchema, publicOptions, publicSchema } from './common'
import { definePollKind } from './kind'

const answerSchema = v.strictObject({ kind: v.literal('single'), choice: optionIndexSchema })
type SingleAnswer = v.InferOutput<typeof answerSchema>

const resultsSchema = v.strictObject({ kind: v.literal('single'), counts: countsSchema })
const kicker = () => 'Votre avis'
const hint = () => 'Touchez une réponse : elle est enregistrée aussitôt.'

const publicDefinition = /* @__PURE__ */ publicSchema('single', publicOptions)

/** What every client of a single poll needs: how its answers and results travel, what the slide and the phone say. */
export const singleWire = { answerSchema, resultsSchema, publicSchema: publicDefinition, kicker, hint }

export const single = /* @__PURE__ */ definePollKind({
  // By name, not `...wire`: a spread or a property read would keep bundlers from leaving the rest out of the phone page.
  answerSchema,
  resultsSchema,
  publicSchema: publicDefinition,
  kicker,
  hint,
  kind: 'single',
  name: 'choix unique',
  definitionSchema: /* @__PURE__ */ definitionSchema(() => ({ kind: v.literal('single'), options: optionsSchema })),
  define: ({ options }: { options: string[] }) => ({ options }),
  blindByDefault: false,
  publicSpec: keepAll,
  check: (poll, answer) => isOption(poll, answer.choice) ? answer : 'invalid_answer',
  tally: /* @__PURE__ */ optionCounts((answer: SingleAnswer) => [answer.choice]),
  summarize: (_poll, counts) => ({ kind: 'single', counts: [...counts] }),
})
