import type { Browser } from 'playwright-core'
import type { ServedDeck } from '../../server/deck-files'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { serveBuiltDeck } from '../../server/deck-files'
import { loadDeckSlides } from '../../server/deck-source'
import { launchChromium } from '../support/browser'
import { decisionHeading, goToSlide } from '../support/slides'

const slides = await loadDeckSlides()
const firstScale = slides.find(slide => (slide.frontmatter.poll as { kind?: string } | undefined)?.kind === 'scale')!
const decision = slides.find(slide => slide.content.includes(`# ${decisionHeading}`))!

describe('the presenter view’s block timer', () => {
  let deck: ServedDeck
  let browser: Browser
  beforeAll(async () => {
    deck = await serveBuiltDeck(inject('builtDeckDir'), 'presenter')
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await deck?.close()
  })

  it('shows the block in progress with its ⏱ budget from the notes and the time spent, reset on the next block', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    await page.goto(`${deck.origin}/presenter/${firstScale.number}`, { waitUntil: 'load' })
    const timer = page.locator('.block-timer')
    await expect.poll(() => timer.textContent()).toMatch(/objection n°\s1\s: énoncé, vote, faits, second vote, écart\s*0:0\d \/ 5\smin/)
    await expect.poll(() => timer.textContent(), { timeout: 5000 }).toMatch(/0:0[2-9] \/ 5\smin/)
    // In Slidev's bar of controls, never over the slide and its titles.
    const slide = (await page.locator(`.slidev-page-${firstScale.number}`).first().boundingBox())!
    const box = (await timer.boundingBox())!
    expect(box.y, 'below the current slide').toBeGreaterThanOrEqual(slide.y + slide.height)

    await goToSlide(page, decision.number)
    await expect.poll(() => timer.textContent()).toMatch(/la décision, à adopter maintenant\s*0:0[01] \/ 2\smin/)
    // Slidev's own timer counts the session down from its stated length.
    expect(await page.locator('[class~="i-carbon:timer"]').count(), 'Slidev’s timer in countdown mode').toBeGreaterThan(0)
    expect(await page.locator('.font-mono').filter({ hasText: /^\s*30\s*:\s*00\s*$/ }).count()).toBe(1)
  })

  it('is not on the projection screen', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    await page.goto(`${deck.origin}/${firstScale.number}`, { waitUntil: 'load' })
    await page.locator(`.slidev-page-${firstScale.number} .slidev-layout`).waitFor()
    expect(await page.locator('.block-timer').count()).toBe(0)
  })
})
