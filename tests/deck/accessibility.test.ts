import type { AxeResults } from 'axe-core'
import type { Browser, Page } from 'playwright-core'
import type { ServedDeck } from '../support/deck-server'
import { createRequire } from 'node:module'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { loadDeckSlides } from '../../server/deck-source'
import { launchChromium } from '../support/browser'
import { serveBuiltDeck } from '../support/deck-server'
import { openProjectorPage, showSlide } from '../support/slides'

const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const slides = await loadDeckSlides()

/**
 * axe-core's WCAG AA contrast rule on the visible slide (not Slidev's hidden navigation). Text axe could not judge
 * (« incomplete », e.g. hidden behind an overlay) counts as a failure: otherwise an overlay would silence the test.
 */
async function contrastProblems(page: Page, slideNumber: number): Promise<string[]> {
  await page.addScriptTag({ path: axeScript })
  return page.evaluate(async (selector) => {
    const { axe } = window as unknown as { axe: { run: (context: string, options: object) => Promise<AxeResults> } }
    const results = await axe.run(selector, { runOnly: { type: 'rule', values: ['color-contrast'] } })
    return [...results.violations, ...results.incomplete].flatMap(result =>
      result.nodes.map(node => `${node.target.join(' ')}: ${node.failureSummary ?? node.any.map(check => check.message).join(' ')}`))
  }, `.slidev-page-${slideNumber}`)
}

describe('contrast on every slide', () => {
  let deck: ServedDeck
  let browser: Browser

  beforeAll(async () => {
    deck = await serveBuiltDeck(inject('builtDeckDir'))
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await deck?.close()
  })

  it.each(slides.map(slide => [slide.number, slide] as const))('slide %i has no colour-contrast violation', async (slideNumber, slide) => {
    const page = await openProjectorPage(browser)
    try {
      await showSlide(page, deck.origin, slideNumber)
      expect(await contrastProblems(page, slideNumber), slide.location).toEqual([])
    }
    finally {
      await page.close()
    }
  })
})
