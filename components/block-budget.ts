// The session's blocks, as the speaker notes budget them: a block starts on a slide whose note opens with
// `⏱ 5 min · what the block holds`, and runs until the next such slide.

export interface BlockBudget {
  /** The block's first slide, counted from 1. */
  start: number
  minutes: number
  /** What the block holds, as its budget line says it. */
  label: string
}

const budgetLine = /^\s*⏱\s*(\d+)\s*min\b\s*·?\s*([^\n<]*)/

/** Each slide's rendered note (`noteHTML`, empty where the build has no notes) → the blocks they open. */
export function blockBudgets(notesHtml: string[]): BlockBudget[] {
  return notesHtml.flatMap((html, index) => {
    const match = budgetLine.exec(html.replace(/^\s*<p>/, ''))
    return match ? [{ start: index + 1, minutes: Number(match[1]), label: match[2]!.trim().replace(/\.$/, '') }] : []
  })
}

/** The block a slide belongs to: the last one that starts at or before it. */
export function blockOf(blocks: BlockBudget[], slide: number): BlockBudget | null {
  return blocks.findLast(block => block.start <= slide) ?? null
}
