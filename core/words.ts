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
