// Several answers, up to a maximum; each option's share is of voters, so shares may add up to more than 100.
import * as v from 'valibot'
import { limits } from '../limits'
import { commonEntries, countsSchema, isOption, keepAll, optionCounts, optionIndexSchema, optionsSchema, positiveInteger } from './common'
import { definePollKind } from './kind'

const answerSchema = v.strictObject({
  kind: v.literal('multi'),
  choices: v.pipe(v.array(optionIndexSchema), v.minLength(1), v.maxLength(limits.options.max)),
})
type MultiAnswer = v.InferOutput<typeof answerSchema>

export const multi = definePollKind({
  kind: 'multi',
  name: 'choix multiple',
  definitionSchema: v.strictObject({ ...commonEntries, kind: v.literal('multi'), options: optionsSchema, max: positiveInteger('max') }),
  define: ({ options, max }, fail) => max <= options.length ? { options, max } : fail(`max (${max}) dépasse le nombre d’options (${options.length})`),
  blindByDefault: false,
  publicSpec: keepAll,
  answerSchema,
  check: (poll, answer) => {
    const choices = [...new Set(answer.choices)].sort((a, b) => a - b)
    return choices.length <= poll.max && choices.every(choice => isOption(poll, choice)) ? { kind: 'multi', choices } : 'invalid_answer'
  },
  tally: optionCounts((answer: MultiAnswer) => answer.choices),
  summarize: (_poll, counts) => ({ kind: 'multi', counts: [...counts] }),
  resultsSchema: v.strictObject({ kind: v.literal('multi'), counts: countsSchema }),
  kicker: poll => `Votre choix · ${poll.max ?? 1} réponse${(poll.max ?? 1) > 1 ? 's' : ''} au plus`,
  hint: poll => (poll.max ?? 1) === 1 ? 'Cochez une réponse, puis validez.' : `Cochez jusqu’à ${poll.max} réponses, puis validez.`,
})
