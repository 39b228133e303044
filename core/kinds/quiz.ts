import type { Fail } from './kind'
// A question with one right answer, kept from the room (and from every device without the presenter's rights) until the reveal.
import * as v from 'valibot'
import { countsSchema, definitionSchema, isOption, optionCounts, optionIndexSchema, optionsSchema, publicOptions, publicSchema } from './common'
import { definePollKind } from './kind'

const answerSchema = v.strictObject({ kind: v.literal('quiz'), choice: optionIndexSchema })
type QuizAnswer = v.InferOutput<typeof answerSchema>

const resultsSchema = v.strictObject({ kind: v.literal('quiz'), counts: countsSchema })
const kicker = () => 'Quiz'
const hint = () => 'Touchez la réponse que vous croyez juste.'
const revealWhat = 'la réponse'
const chosenOption = (answer: QuizAnswer) => answer.choice

const publicDefinition = /* @__PURE__ */ publicSchema('quiz', publicOptions)

/** What every client of a quiz poll needs: how its answers and results travel, what the slide and the phone say. */
export const quizWire = { answerSchema, resultsSchema, publicSchema: publicDefinition, kicker, hint, revealWhat, chosenOption }

export const quiz = /* @__PURE__ */ definePollKind({
  // By name, not `...wire`: a spread or a property read would keep bundlers from leaving the rest out of the phone page.
  answerSchema,
  resultsSchema,
  publicSchema: publicDefinition,
  kicker,
  hint,
  revealWhat,
  chosenOption,
  kind: 'quiz',
  name: 'quiz',
  definitionSchema: /* @__PURE__ */ definitionSchema(() => ({
    kind: v.literal('quiz'),
    options: optionsSchema,
    answer: v.pipe(v.string('answer doit reprendre le texte de la bonne option'), v.trim()),
  })),
  define: ({ options, answer }: { options: string[], answer: string }, fail: Fail) => {
    const index = options.indexOf(answer)
    return index >= 0 ? { options, answer: index } : fail(`la bonne réponse « ${answer} » n’est pas l’une des options`)
  },
  blindByDefault: true,
  publicSpec: ({ options }) => ({ options }),
  check: (poll, answer) => isOption(poll, answer.choice) ? answer : 'invalid_answer',
  tally: /* @__PURE__ */ optionCounts((answer: QuizAnswer) => [answer.choice]),
  summarize: (_poll, counts) => ({ kind: 'quiz', counts: [...counts] }),
  correctOption: poll => poll.answer,
})
