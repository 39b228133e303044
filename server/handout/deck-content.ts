// What the compte rendu takes from slides.md, as Slidev parses it: each objection's statement and facts cards with
// their « À savoir » caveat, the closing polls, and the annex's sources. Inline markdown stays as written.
import type { DeckSlide } from '../deck-source'

export interface FactCard {
  /** The big figure, `50 %`. */
  figure: string
  text: string
  /** `INSEE, 2017`: the card's source, as the slide prints it. */
  source: string | null
}

export interface ObjectionContent {
  number: number
  statement: string
  /** The lines under the statement: its gloss and where it comes from. */
  lines: string[]
  /** The polls of this objection, in slide order: before, quiz, after. */
  pollIds: string[]
  facts: { heading: string, cards: FactCard[], caveat: string | null } | null
}

export interface SourceList {
  title: string
  items: string[]
  note: string | null
}

export interface HandoutDeck {
  title: string
  subtitle: string | null
  objections: ObjectionContent[]
  /** The polls after the objections (word cloud, closing ranking), in slide order; not the decision's vote. */
  closingPollIds: string[]
  sources: SourceList[]
}

/** A slide's body in blocks: its heading (`#`), list items (`-`) and paragraphs; components and comments left out. */
function blocks(markdown: string): { headings: string[], items: string[], paragraphs: string[] } {
  const found = { headings: [] as string[], items: [] as string[], paragraphs: [] as string[] }
  for (const block of markdown.split(/\n\s*\n/).map(part => part.trim()).filter(Boolean)) {
    if (block.startsWith('<'))
      continue
    if (/^#+\s/.test(block)) {
      found.headings.push(...block.split('\n').map(line => line.replace(/^#+\s+/, '').trim()))
      continue
    }
    if (/^[-*]\s/.test(block)) {
      // An item may wrap onto indented lines.
      found.items.push(...block.split(/\n(?=[-*]\s)/).map(item => item.replace(/^[-*]\s+/, '').replace(/\s*\n\s*/g, ' ').trim()))
      continue
    }
    found.paragraphs.push(block.replace(/\s*\n\s*/g, ' '))
  }
  return found
}

/** `**50 %** des sociétés… _INSEE, 2017_`: the layout's card, figure first and source last. */
function factCard(item: string): FactCard {
  const figure = /^\*\*([^*]+)\*\*/.exec(item)
  const source = /_([^_]+)_$/.exec(item)
  const text = item.slice(figure?.[0].length ?? 0, source ? item.length - source[0].length : undefined).trim()
  return { figure: figure?.[1] ?? '', text, source: source?.[1] ?? null }
}

const prejudiceOf = (slide: DeckSlide): number | null => typeof slide.frontmatter.prejudice === 'number' ? slide.frontmatter.prejudice : null

function pollIdOf(slide: DeckSlide): string | null {
  const { poll } = slide.frontmatter
  const id = typeof poll === 'object' && poll !== null ? (poll as { id?: unknown }).id : undefined
  return typeof id === 'string' ? id : null
}

function objection(slides: DeckSlide[], number: number): ObjectionContent {
  const own = slides.filter(slide => prejudiceOf(slide) === number)
  const fear = own.find(slide => slide.frontmatter.layout === 'fear')
  const facts = own.find(slide => slide.frontmatter.layout === 'facts')
  const statement = fear ? blocks(fear.content) : { headings: [], paragraphs: [] }
  const factBlocks = facts && blocks(facts.content)
  return {
    number,
    statement: statement.headings[0] ?? '',
    lines: statement.paragraphs,
    pollIds: own.map(pollIdOf).filter(id => id !== null),
    facts: factBlocks
      ? { heading: factBlocks.headings[0] ?? '', cards: factBlocks.items.map(factCard), caveat: typeof facts.frontmatter.caveat === 'string' ? facts.frontmatter.caveat : null }
      : null,
  }
}

export function handoutDeck(slides: DeckSlide[]): HandoutDeck {
  const numbers = [...new Set(slides.map(prejudiceOf).filter(number => number !== null))].sort((a, b) => a - b)
  const lastObjectionSlide = Math.max(0, ...slides.filter(slide => prejudiceOf(slide) !== null).map(slide => slide.number))
  const opening = blocks(slides[0]?.content ?? '')
  return {
    title: opening.headings[0] ?? String(slides[0]?.frontmatter.title ?? ''),
    subtitle: opening.headings[1] ?? null,
    objections: numbers.map(number => objection(slides, number)),
    // The decision slide's own vote is printed with the decision.
    closingPollIds: slides.filter(slide => slide.number > lastObjectionSlide && slide.frontmatter.layout !== 'decision').map(pollIdOf).filter(id => id !== null),
    sources: slides.filter(slide => slide.frontmatter.layout === 'sources').map((slide) => {
      const parts = blocks(slide.content)
      return { title: parts.headings[0] ?? '', items: parts.items, note: parts.paragraphs.join(' ') || null }
    }),
  }
}
