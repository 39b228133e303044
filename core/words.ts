// Word-cloud entries: the same word typed differently, or disguised, must land in the same bubble and under the same ban.

/** Characters that show nothing (zero-width, bidi controls, fillers, private use) and would let a removed word back in. */
const invisible = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Default_Ignorable_Code_Point}\u2800]/gu

/** Letters from other scripts drawn like Latin ones, folded so that « ЕСОUTЕ » is « ecoute ». */
const lookAlikes: Record<string, string> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  Ё: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  У: 'Y',
  Х: 'X',
  Ѕ: 'S',
  І: 'I',
  Ї: 'I',
  Ј: 'J',
  Ү: 'Y',
  Ԛ: 'Q',
  Ԝ: 'W',
  а: 'a',
  е: 'e',
  ё: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ї: 'i',
  ј: 'j',
  һ: 'h',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  ү: 'y',
  ѵ: 'v',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  ο: 'o',
  ι: 'i',
  ν: 'v',
  ρ: 'p',
  κ: 'k',
  α: 'a',
  τ: 't',
  υ: 'u',
  օ: 'o',
  ս: 'u',
  ı: 'i',
  ȷ: 'j',
  ɡ: 'g',
  ɑ: 'a',
}
const lookAlikePattern = new RegExp(`[${Object.keys(lookAlikes).join('')}]`, 'g')

/** How a word is shown: its own spelling and case, without invisible characters or stacked marks, single-spaced. */
export function cleanWord(text: string): string {
  return text
    .replace(invisible, '')
    .normalize('NFC')
    // French accents compose into single characters; marks left over only stack up (« Zalgo » text).
    .replace(/\p{M}/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/** How words are grouped, counted and banned: also without case, accents, look-alike letters or surrounding punctuation. */
export function wordKey(text: string): string {
  return cleanWord(text)
    .normalize('NFKC')
    .replace(lookAlikePattern, letter => lookAlikes[letter]!)
    .toLocaleLowerCase('fr')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, '')
}
