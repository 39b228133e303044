import type { Fail } from './kind'
// Several answers, up to a maximum; each option's share is of voters, so shares may add up to more than 100.
import * as v from 'valibot'
import { limits } from '../limits'
import { countsSchema, definitionSchema, isOption, keepAll, optionCounts, optionIndexSchema, optionsSchema, positiveInteger, publicOptions, publicSchema } from './common'
import { definePollKind } from './kind'

const answerSchema = v.strictObject({
  kind: v.literal('multi'),
  choices: v.pipe(v.array(optionIndexSchema), v.minLength(1), v.maxLength(limits.options.max)),
})
type MultiAnswer = v.InferOutput<typeof answerSchema>

const resultsSchema = v.strictObject({ kind: v.literal('multi'), counts: countsSchema })
const kicker = (poll: { max?: number }) => `Votre choix · ${poll.max ?? 1} réponse${(poll.max ?? 1) > 1 ? 's' : ''} au plus`
const hint = (poll: { max?: number }) => (poll.max ?? 1) === 1 ? 'Cochez une réponse, puis validez.' : `Cochez jusqu’à ${poll.max} réponses, puis validez.`

const publicDefinition = /* @__PURE__ */ publicSchema('multi', { ...publicOptions, max: v.optional(v.number()) })

/** What every client of a multi poll needs: how its answers and results travel, what the slide and the phone say. */
export const multiWire = { answerSchema, resultsSchema, publicSchema: publicDefinition, kicker, hint }

export const multi = /* @__PURE__ */ definePollKind({
  // By name, not `...wire`: a spread or a property read would keep bundlers from leaving the rest out of the phone page.
  answerSchema,
  resultsSchema,
  publicSchema: publicDefinition,
  kicker,
  hint,
  kind: 'multi',
  name: 'choix multiple',
  definitionSchema: /* @__PURE__ */ definitionSchema(() => ({ kind: v.literal('multi'), options: optionsSchema, max: positiveInteger('max') })),
  define: ({ options, max }: { options: string[], max: number }, fail: Fail): { options: string[], max: number } => max <= options.length ? { options, max } : fail(`max (${max}) dépasse le nombre d’options (${options.length})`),
  blindByDefault: false,
  publicSpec: keepAll,
  check: (poll, answer) => {
    const choices = [...new Set(answer.choices)].sort((a, b) => a - b)
    return choices.length <= poll.max && choices.every(choice => isOption(poll, choice)) ? { kind: 'multi', choices } : 'invalid_answer'
  },
  tally: /* @__PURE__ */ optionCounts((answer: MultiAnswer) => answer.choices),
  summarize: (_poll, counts) => ({ kind: 'multi', counts: [...counts] }),
})
