// Text from the room as the screen shows it: what people typed, without what shows nothing.

/** Characters that show nothing (zero-width, bidi controls, fillers, private use): they would disguise a text. */
export const invisibleCharacters = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Default_Ignorable_Code_Point}\u2800]/gu

/** A text as shown: composed, without invisible characters, single-spaced. */
export function cleanText(text: string): string {
  return text.replace(invisibleCharacters, '').normalize('NFC').replace(/\s+/g, ' ').trim()
}
