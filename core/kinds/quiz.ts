// A question with one right answer, kept from the room (and from every device without the presenter's rights) until the reveal.
import * as v from 'valibot'
import { commonEntries, countsSchema, isOption, optionCounts, optionIndexSchema, optionsSchema } from './common'
import { definePollKind } from './kind'

const answerSchema = v.strictObject({ kind: v.literal('quiz'), choice: optionIndexSchema })
type QuizAnswer = v.InferOutput<typeof answerSchema>

export const quiz = definePollKind({
  kind: 'quiz',
  name: 'quiz',
  definitionSchema: v.strictObject({
    ...commonEntries,
    kind: v.literal('quiz'),
    options: optionsSchema,
    answer: v.pipe(v.string('answer doit reprendre le texte de la bonne option'), v.trim()),
  }),
  define: ({ options, answer }, fail) => {
    const index = options.indexOf(answer)
    return index >= 0 ? { options, answer: index } : fail(`la bonne réponse « ${answer} » n’est pas l’une des options`)
  },
  blindByDefault: true,
  publicSpec: ({ options }) => ({ options }),
  answerSchema,
  check: (poll, answer) => isOption(poll, answer.choice) ? answer : 'invalid_answer',
  tally: optionCounts((answer: QuizAnswer) => [answer.choice]),
  summarize: (_poll, counts) => ({ kind: 'quiz', counts: [...counts] }),
  resultsSchema: v.strictObject({ kind: v.literal('quiz'), counts: countsSchema }),
  kicker: () => 'Quiz',
  hint: () => 'Touchez la réponse que vous croyez juste.',
})
