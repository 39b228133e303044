// Word-cloud entries: the same word typed differently, or disguised, must land in the same bubble and under the same ban.
import { cleanText } from './text'

/**
 * Letters from other scripts drawn like Latin ones, each above the Latin letter it passes for, folded so that
 * « ЕСОUTЕ » is « ecoute ».
 */
const lookAlikePairs = [
  ['АВЕЁКМНОРСТУХЅІЇЈҮԚԜаеёорсухѕіїјһԁԛԝӏүѵ', 'ABEEKMHOPCTYXSIIJYQWaeeopcyxsiijhdqwlyv'],
  ['ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοινρκατυ', 'ABEZHIKMNOPTYXoivpkatu'],
  ['օսıȷɡɑ', 'ouijga'],
]
const lookAlikes = new Map(lookAlikePairs.flatMap(([others, latin]) => [...others!].map((letter, index) => [letter, latin![index]!])))
const lookAlikePattern = new RegExp(`[${[...lookAlikes.keys()].join('')}]`, 'g')

/**
 * How a word is shown: its own spelling and case, without invisible characters (they would let a removed word back in)
 * or stacked marks, single-spaced.
 */
export function cleanWord(text: string): string {
  // French accents compose into single characters; marks left over only stack up (« Zalgo » text).
  return cleanText(text).replace(/\p{M}/gu, '')
}

/** How words are grouped, counted and banned: also without case, accents, look-alike letters or surrounding punctuation. */
export function wordKey(text: string): string {
  return cleanWord(text)
    .normalize('NFKC')
    .replace(lookAlikePattern, letter => lookAlikes.get(letter)!)
    .toLocaleLowerCase('fr')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, '')
}

/** Longest word still read as an acronym when written in capitals: « ROI », « RSE », « CNIL ». */
const acronymLength = 4

/**
 * Between spellings of one word typed as often, the one that reads naturally comes first: accents kept (« écoute »
 * over « ecoute »), capitals only for an acronym (« ROI » over « roi », but « Visibilité » over « VISIBILITÉ »), then
 * its capitals (« LinkedIn » over « linkedin »).
 */
export function byNaturalSpelling(a: string, b: string): number {
  const [rankA, rankB] = [spellingRank(a), spellingRank(b)]
  return rankB.reduce((difference, value, index) => difference || value - rankA[index]!, 0)
}

function spellingRank(spelling: string): [accents: number, fitsCase: number, capitals: number] {
  const letters = [...spelling].filter(char => /\p{L}/u.test(char))
  const capitals = letters.filter(char => char !== char.toLocaleLowerCase('fr')).length
  const allCapitals = capitals > 1 && capitals === letters.length
  return [
    letters.filter(char => char.normalize('NFD').length > 1).length,
    allCapitals === (letters.length <= acronymLength) ? 1 : 0,
    capitals,
  ]
}
