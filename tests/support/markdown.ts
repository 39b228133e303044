/** The text a reader sees from one line of slide markdown: heading, list and emphasis markers removed. */
export function markdownLineText(line: string): string {
  return line
    .replace(/^\s*(?:#+|[-*]|\d+\.)\s+/, '')
    .replace(/\*\*|__|[*_]/g, '')
    .trim()
}

/** Markdown list items of a slide, as plain text. */
export function markdownListItems(markdown: string): string[] {
  return markdown.split('\n').filter(line => /^\s*(?:[-*]|\d+\.)\s/.test(line)).map(markdownLineText)
}

/** The slide's first heading, as plain text. */
export function markdownHeading(markdown: string): string | undefined {
  const heading = markdown.split('\n').find(line => /^#+\s/.test(line))
  return heading === undefined ? undefined : markdownLineText(heading)
}

/** Folds the differences a PDF or a browser introduces (no-break spaces, ligatures, line breaks) before comparing text. */
export function comparableText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase()
}
