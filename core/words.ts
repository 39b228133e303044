// Word-cloud entries: the same word typed differently must land in the same bubble.

/** How a word is shown: trimmed, single-spaced, lower case, accents kept. */
export function cleanWord(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('fr')
}

/** How words are compared, counted and banned: also without accents or surrounding punctuation. */
export function wordKey(text: string): string {
  return cleanWord(text)
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/^[\p{P}\p{S}\s]+|[\p{P}\p{S}\s]+$/gu, '')
}
