import type { PollCatalog } from '../core/poll-catalog'
import { relative, resolve } from 'node:path'
import { load } from '@slidev/parser/fs'
import { buildPollCatalog } from '../core/poll-catalog'

export const defaultSlidesPath = resolve(import.meta.dirname, '..', 'slides.md')

export interface DeckSlide {
  /** The number Slidev shows: hidden and disabled slides are not counted. */
  number: number
  /** Where the slide starts, as `file:line`, for messages that point the author to it. */
  location: string
  title?: string
  frontmatter: Record<string, unknown>
  content: string
  note: string
}

/**
 * Reads the deck with Slidev's own parser, so numbering and imports match what Slidev renders. `source`: the file's
 * text as already read, when the caller has it.
 */
export async function loadDeckSlides(slidesPath = defaultSlidesPath, source?: string): Promise<DeckSlide[]> {
  const root = resolve(slidesPath, '..')
  const deck = await load(root, slidesPath, source === undefined ? {} : { [slidesPath]: source })
  const errors = Object.values(deck.markdownFiles).flatMap(file =>
    (file.errors ?? []).map(error => `${relative(root, file.filepath)}:${error.row + 1} ${error.message}`),
  )
  if (errors.length > 0)
    throw new Error(`Le fichier de diapositives contient des erreurs :\n${errors.join('\n')}`)

  return deck.slides.map(slide => ({
    number: slide.index + 1,
    location: `${relative(root, slide.source.filepath)}:${slide.source.start + 1}`,
    title: slide.title,
    frontmatter: slide.frontmatter,
    content: slide.content,
    note: slide.note ?? '',
  }))
}

/** The deck's polls, validated: a mistake in a definition stops here with the slide's number. */
export async function loadPollCatalog(slidesPath = defaultSlidesPath, source?: string): Promise<PollCatalog> {
  return buildPollCatalog(await loadDeckSlides(slidesPath, source))
}
