import type { DeckSlide } from '../../server/deck-source'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { loadDeckSlides } from '../../server/deck-source'
import { run } from '../support/commands'
import { comparableText, markdownHeading, markdownListItems } from '../support/markdown'
import { pdfPageCount, pdfPagesText } from '../support/pdf'

describe('pdf export of the deck', () => {
  let pdfPath: string
  let slides: DeckSlide[]
  let pages: string[]
  /** What the presenter reads in the terminal. */
  let output: string

  /** The text of the page that prints this slide, folded for comparison. */
  const pageOf = (slide: DeckSlide) => comparableText(pages[slide.number - 1] ?? '')
  const withLayout = (layout: string) => slides.filter(slide => slide.frontmatter.layout === layout)

  beforeAll(async () => {
    // One export for every assertion: it is the slowest step of the suite.
    pdfPath = join(await mkdtemp(join(tmpdir(), 'deck-export-')), 'deck.pdf')
    // No session recorded yet: the deck as it prints before it was ever presented.
    output = await run('tsx', ['scripts/export.ts', '--output', pdfPath], { DATA_DIR: await mkdtemp(join(tmpdir(), 'no-votes-')), DECK_DIR: inject('builtDeckDir') })
    slides = await loadDeckSlides()
    pages = await pdfPagesText(pdfPath)
  }, 600_000)

  it('tells the presenter, in French, that it runs and where the PDF went, and nothing of Slidev\'s own log', () => {
    // No session yet: no compte rendu either (tests/server/handout.test.ts prints them).
    expect(output.trim().split('\n')).toEqual(['Aucune session enregistrée : pas de compte rendu.', 'Export du PDF en cours…', `PDF enregistré : ${pdfPath}`])
  })

  it('has one page per slide, numbered from the second', async () => {
    expect(await pdfPageCount(pdfPath)).toBe(slides.length)
    for (const slide of slides.slice(1))
      expect(pageOf(slide), slide.location).toContain(`${slide.number} / ${slides.length}`)
  })

  it('shows the deck title on its first page', () => {
    expect(pageOf(slides[0]!)).toContain(comparableText('Web 2.0 et réseaux sociaux'))
  })

  it('prints each of the five objections as « l’énoncé », then « les faits » with the line that keeps them honest', () => {
    const fears = withLayout('fear')
    const facts = withLayout('facts')
    expect(fears.map(slide => slide.frontmatter.prejudice)).toEqual([1, 2, 3, 4, 5])
    expect(facts.map(slide => slide.frontmatter.prejudice)).toEqual([1, 2, 3, 4, 5])
    for (const [index, fear] of fears.entries()) {
      expect(pageOf(fear), fear.location).toContain(comparableText(markdownHeading(fear.content) ?? '—'))
      expect(pageOf(fear), fear.location).toContain('l’énoncé')
      expect(pageOf(facts[index]!), facts[index]!.location).toContain('les faits')
      expect(pageOf(facts[index]!), facts[index]!.location).toContain(comparableText(String(facts[index]!.frontmatter.caveat)))
      expect(fear.number).toBeLessThan(facts[index]!.number)
    }
  })

  it('prints every source named on the sources slides', () => {
    const sourceSlides = withLayout('sources')
    expect(sourceSlides.length).toBeGreaterThan(0)
    for (const slide of sourceSlides) {
      const missing = markdownListItems(slide.content).filter(item => !pageOf(slide).includes(comparableText(item)))
      expect(missing, slide.location).toEqual([])
    }
  })

  it('prints a poll the session never held as « Vote non tenu », with no grid of zeros, and a shift with no sides as such', () => {
    const polls = withLayout('poll')
    expect(polls.length).toBeGreaterThan(5)
    for (const slide of polls) {
      expect(pageOf(slide), slide.location).toContain('vote non tenu')
      expect(pageOf(slide), slide.location).not.toMatch(/\b0\s?%/)
    }
    for (const slide of withLayout('shift'))
      expect(pageOf(slide), slide.location).toContain('votes non tenus : pas de comparaison.')
    const everything = comparableText(pages.join(' '))
    expect(everything).not.toMatch(/connexion|déconnecté|chargement|loading|réponses masquées/)
  })

  it('prints the join slide in the past tense, with no address of the presenter\'s network and no live count', () => {
    const [join] = withLayout('join')
    expect(pageOf(join!)).not.toMatch(/:\d+\/vote|\d+\.\d+\.\d+\.\d+/)
    expect(pageOf(join!)).not.toMatch(/connecté/)
    // Read after the talk, the slide tells what happened rather than what to do.
    expect(pageOf(join!)).toContain(comparableText('Le vote en direct'))
    expect(pageOf(join!)).not.toContain(comparableText(markdownHeading(join!.content) ?? '—'))
    expect(pageOf(join!)).toContain('pendant la séance, chacun a voté depuis son téléphone')
  })
})
