import type { DeckSlide } from '../../server/deck-source'
import { describe, expect, it } from 'vitest'
import { loadDeckSlides } from '../../server/deck-source'
import { markdownHeading } from '../support/markdown'
import { decisionHeading, mainPartOf } from '../support/slides'

interface SlidePoll { id: string, kind?: string, question?: string, repeats?: string }

const slides = await loadDeckSlides()
const pollOf = (slide: DeckSlide) => slide.frontmatter.poll as SlidePoll | undefined

/** A before/after statement is one quoted claim, then the neutral question of the agreement scale. */
const statementQuestion = /^«\u00A0(.+)\u00A0»\sDans\squelle\smesure\sêtes-vous\sd’accord\u00A0\?$/
const befores = slides.filter(slide => pollOf(slide)?.kind === 'scale')
const statementOf = (slide: DeckSlide) => pollOf(slide)!.question!.match(statementQuestion)?.[1]

/** Every quotation in the deck: slide text, notes and the polls' wording. */
const quotations = slides.flatMap(slide =>
  [slide.content, slide.note, pollOf(slide)?.question ?? ''].flatMap(text =>
    [...text.matchAll(/«\u00A0([^«»]+)\u00A0»/g)].map(match => ({ slide, quoted: match[1]! }))))

/** Spaces folded: a no-break space changes where a line may end, not what the statement says. */
const words = (text: string) => text.split(/\s+/)
const firstWords = (text: string) => words(text).slice(0, 3).join(' ')

describe('the before/after statements', () => {
  it('exist for at least one prejudice', () => {
    expect(befores.length).toBeGreaterThan(0)
  })

  it.each(befores.map(slide => [pollOf(slide)!.id, slide] as const))('%s quotes one statement and asks how far the room agrees', (_, slide) => {
    expect(statementOf(slide), `${slide.location}: « … » Dans quelle mesure êtes-vous d’accord ?`).toBeDefined()
  })

  it.each(befores.map(slide => [pollOf(slide)!.id, slide] as const))('%s is the heading of its prejudice’s « crainte »', (_, slide) => {
    const fear = slides.find(other => other.frontmatter.layout === 'fear' && other.frontmatter.prejudice === slide.frontmatter.prejudice)
    expect(fear, `${slide.location}: a fear slide with prejudice: ${String(slide.frontmatter.prejudice)}`).toBeDefined()
    expect(markdownHeading(fear!.content)).toBe(`«\u00A0${statementOf(slide)}\u00A0»`)
    expect(fear!.number).toBeLessThan(slide.number)
  })

  it.each(befores.map(slide => [pollOf(slide)!.id, slide] as const))('%s is asked again after the facts, and the shift is shown', (id, slide) => {
    const after = slides.find(other => pollOf(other)?.repeats === id)
    expect(after, `${slide.location}: a poll that repeats ${id}`).toBeDefined()
    const facts = slides.filter(other => other.frontmatter.layout === 'facts' && other.number > slide.number && other.number < after!.number)
    expect(facts.map(other => other.frontmatter.prejudice)).toContain(slide.frontmatter.prejudice)
    const shift = slides.find(other => other.frontmatter.shift === pollOf(after!)!.id)
    expect(shift?.number).toBeGreaterThan(after!.number)
  })

  it.each(befores.map(slide => [pollOf(slide)!.id, slide] as const))('%s reads the same wherever it is quoted', (_, slide) => {
    const statement = statementOf(slide)!
    const variants = quotations.filter(({ quoted }) => firstWords(quoted) === firstWords(statement) && words(quoted).join(' ') !== words(statement).join(' '))
    expect(variants.map(({ slide: other, quoted }) => `${other.location}: « ${quoted} »`)).toEqual([])
  })
})

describe('the end of the session', () => {
  const mainPart = mainPartOf(slides)
  const appendix = slides.slice(mainPart.length)

  it(`is a « ${decisionHeading} » slide`, () => {
    expect(markdownHeading(mainPart.at(-1)!.content)).toBe(decisionHeading)
  })

  it('leaves the sources to an appendix after it', () => {
    expect(appendix.length).toBeGreaterThan(0)
    expect(appendix.map(slide => slide.frontmatter.layout)).toEqual(appendix.map(() => 'sources'))
    expect(mainPart.filter(slide => slide.frontmatter.layout === 'sources').map(slide => slide.location)).toEqual([])
  })
})
