// A word cloud: a few words per voter, grouped whatever their case, accents or disguise, shown in the spelling most used.
import * as v from 'valibot'
import { limits } from '../limits'
import { byNaturalSpelling, cleanWord, wordKey } from '../words'
import { definitionSchema, keepAll, positiveInteger, publicSchema } from './common'
import { definePollKind } from './kind'

export interface WordCount {
  text: string
  count: number
}

/** Per word key: how often it was given, and how often in each spelling. */
type WordTally = Map<string, { count: number, spellings: Map<string, number> }>

function addWord(tally: WordTally, word: string, delta: 1 | -1): void {
  const key = wordKey(word)
  const entry = tally.get(key) ?? { count: 0, spellings: new Map<string, number>() }
  entry.count += delta
  const spelling = (entry.spellings.get(word) ?? 0) + delta
  if (spelling === 0)
    entry.spellings.delete(word)
  else
    entry.spellings.set(word, spelling)
  if (entry.count === 0)
    tally.delete(key)
  else
    tally.set(key, entry)
}

const byFrench = (a: string, b: string): number => a.localeCompare(b, 'fr')

const answerSchema = v.strictObject({
  kind: v.literal('words'),
  // Raw text: cleaning may shorten it, so the limit applies after cleaning, in `check`.
  words: v.pipe(v.array(v.pipe(v.string(), v.maxLength(limits.wordLength * 2))), v.minLength(1), v.maxLength(limits.wordsPerVoter)),
})
const resultsSchema = v.strictObject({
  kind: v.literal('words'),
  words: v.pipe(v.array(v.strictObject({ text: v.string(), count: v.number() })), v.maxLength(limits.wordsShown)),
})
const kicker = (poll: { max?: number }) => (poll.max ?? 1) === 1 ? 'En un mot' : 'En quelques mots'
const hint = (poll: { max?: number }) => (poll.max ?? 1) === 1 ? 'Un mot ou une courte expression, puis envoyez.' : `Jusqu’à ${poll.max} mots, puis envoyez.`

const moderation = {
  wordsOf: (answer: v.InferOutput<typeof answerSchema>) => answer.words,
  shownWords: (results: v.InferOutput<typeof resultsSchema>) => results.words,
}

const publicDefinition = /* @__PURE__ */ publicSchema('words', { max: v.optional(v.number()) })

/** What every client of a words poll needs: how its answers and results travel, what the slide and the phone say. */
export const wordsWire = { answerSchema, resultsSchema, publicSchema: publicDefinition, kicker, hint, moderation }

export const words = /* @__PURE__ */ definePollKind({
  // By name, not `...wire`: a spread or a property read would keep bundlers from leaving the rest out of the phone page.
  answerSchema,
  resultsSchema,
  publicSchema: publicDefinition,
  kicker,
  hint,
  moderation,
  kind: 'words',
  name: 'nuage de mots',
  definitionSchema: /* @__PURE__ */ definitionSchema(() => ({ kind: v.literal('words'), max: v.optional(positiveInteger('max', limits.wordsPerVoter), 1) })),
  define: ({ max }: { max: number }) => ({ max }),
  blindByDefault: false,
  publicSpec: keepAll,
  check: (poll, answer, { tally, banned }) => {
    const cleaned = answer.words.map(cleanWord)
    const keys = cleaned.map(wordKey)
    if (cleaned.length > poll.max || keys.includes('') || cleaned.some(word => word.length > limits.wordLength) || new Set(keys).size !== keys.length)
      return 'invalid_answer'
    if (keys.some(key => banned.has(key)))
      return 'word_banned'
    if (tally.size + keys.filter(key => !tally.has(key)).length > limits.distinctWordsPerPoll)
      return 'cloud_full'
    return { kind: 'words', words: cleaned }
  },
  tally: {
    empty: (): WordTally => new Map(),
    add: (tally, answer) => answer.words.forEach(word => addWord(tally, word, 1)),
    remove: (tally, answer) => answer.words.forEach(word => addWord(tally, word, -1)),
  },
  summarize: (_poll, tally, { banned }) => ({
    kind: 'words',
    words: [...tally]
      .filter(([key]) => !banned.has(key))
      .map(([, { count, spellings }]): WordCount => ({
        text: [...spellings].sort(([a, countA], [b, countB]) => countB - countA || byNaturalSpelling(a, b) || byFrench(a, b))[0]![0],
        count,
      }))
      .sort((a, b) => b.count - a.count || byFrench(a.text, b.text))
      .slice(0, limits.wordsShown),
  }),
})
