import { describe, expect, it } from 'vitest'
import { loadDeckSlides } from '../../server/deck-source'
import { axeProblems } from '../support/axe'
import { useDeckInChromium } from '../support/slides'

const slides = await loadDeckSlides()

describe('contrast on every slide', () => {
  const deck = useDeckInChromium()

  it.each(slides.map(slide => [slide.number, slide] as const))('slide %i has no colour-contrast violation', async (slideNumber, slide) => {
    // WCAG AA contrast on the visible slide, not on Slidev's hidden navigation.
    const problems = await deck.onSlide(slideNumber, (_slide, page) =>
      axeProblems(page, `.slidev-page-${slideNumber}`, { runOnly: { type: 'rule', values: ['color-contrast'] } }))
    expect(problems, slide.location).toEqual([])
  })
})
