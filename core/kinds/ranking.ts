// Every option put in order of preference. Scores are Borda points: of n options, first place earns n − 1, last 0.
import * as v from 'valibot'
import { formatMean } from '../format'
import { limits } from '../limits'
import { definitionSchema, isOption, keepAll, optionIndexSchema, optionsSchema, publicOptions, publicSchema } from './common'
import { definePollKind } from './kind'

const answerSchema = v.strictObject({
  kind: v.literal('ranking'),
  /** Option indices, the voter's first choice first. */
  order: v.pipe(v.array(optionIndexSchema), v.minLength(limits.options.min), v.maxLength(limits.options.max)),
})
type RankingAnswer = v.InferOutput<typeof answerSchema>

export interface RankingScore {
  option: number
  /** `null` while nobody voted. */
  averageRank: number | null
  points: number
}

/**
 * A score as the room reads it, the same on the deck, the phone and the PDF: « rang moyen 1,8 » and « 12 points », never
 * cut before the figure; while nobody voted, « — » and no points, so that no option reads as measured last.
 */
export function scoreFigures({ averageRank, points }: RankingScore): { rank: string, points: string | null } {
  return averageRank === null
    ? { rank: '—', points: null }
    : { rank: `rang moyen\u00A0${formatMean(averageRank)}`, points: `${points}\u00A0point${points > 1 ? 's' : ''}` }
}

/** Every option exactly once: a partial ranking would leave the others' places undefined. */
function placesEveryOption(poll: { options: string[] }, order: number[]): boolean {
  return order.length === poll.options.length && new Set(order).size === order.length && order.every(option => isOption(poll, option))
}

/** Per option, the sum of the places voters gave it (1 for first); with the number of voters, that is all a score needs. */
type RankSums = number[]

function countPlaces(rankSums: RankSums, answer: RankingAnswer, sign: 1 | -1): void {
  answer.order.forEach((option, index) => rankSums[option]! += sign * (index + 1))
}

const resultsSchema = v.strictObject({
  kind: v.literal('ranking'),
  scores: v.pipe(
    v.array(v.strictObject({ option: optionIndexSchema, averageRank: v.nullable(v.number()), points: v.pipe(v.number(), v.integer(), v.minValue(0)) })),
    v.maxLength(limits.options.max),
  ),
})
const kicker = (): string => 'Votre classement'
const hint = (): string => 'Touchez les options par ordre de préférence, puis validez.'

const publicDefinition = /* @__PURE__ */ publicSchema('ranking', publicOptions)
const leadingOption = (results: v.InferOutput<typeof resultsSchema>): number | null => results.scores[0]?.option ?? null

/** What every client of a ranking poll needs: how its answers and results travel, what the slide and the phone say. */
export const rankingWire = { answerSchema, resultsSchema, publicSchema: publicDefinition, kicker, hint, leadingOption }

export const ranking = /* @__PURE__ */ definePollKind({
  // By name, not `...wire`: a spread or a property read would keep bundlers from leaving the rest out of the phone page.
  answerSchema,
  resultsSchema,
  publicSchema: publicDefinition,
  kicker,
  hint,
  leadingOption,
  kind: 'ranking',
  name: 'classement',
  definitionSchema: /* @__PURE__ */ definitionSchema(() => ({ kind: v.literal('ranking'), options: optionsSchema })),
  define: ({ options }: { options: string[] }) => ({ options }),
  blindByDefault: false,
  publicSpec: keepAll,
  check: (poll, answer) => placesEveryOption(poll, answer.order) ? answer : 'invalid_answer',
  tally: {
    empty: (poll): RankSums => poll.options.map(() => 0),
    add: (rankSums, answer) => countPlaces(rankSums, answer, 1),
    remove: (rankSums, answer) => countPlaces(rankSums, answer, -1),
  },
  // Best first, ties in the deck's order; a place p of n earns n − p points, so points = n × voters − sum of places.
  summarize: (poll, rankSums, { voters }) => ({
    kind: 'ranking',
    scores: rankSums
      .map((rankSum, option): RankingScore => ({ option, averageRank: voters === 0 ? null : rankSum / voters, points: poll.options.length * voters - rankSum }))
      .sort((a, b) => b.points - a.points || a.option - b.option),
  }),
})
