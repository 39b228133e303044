import type { Browser } from 'playwright-core'
import type { ServedDeck } from '../support/deck-server'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchChromium, recordForeignRequests } from '../support/browser'
import { serveBuiltDeck } from '../support/deck-server'
import { openProjectorPage, showSlide } from '../support/slides'

describe('the built deck offline', () => {
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

  it('renders every slide without a request to another host', async () => {
    const page = await browser.newPage()
    const foreign = recordForeignRequests(page, deck.origin)
    await page.goto(`${deck.origin}/1`, { waitUntil: 'networkidle' })
    await page.locator('.slidev-page').first().waitFor()
    await page.goto(`${deck.origin}/overview`, { waitUntil: 'networkidle' })
    expect(foreign).toEqual([])
  })

  it('uses the fonts it ships', async () => {
    const page = await openProjectorPage(browser)
    await showSlide(page, deck.origin, 1)
    const loaded = await page.evaluate(() => [...document.fonts].filter(font => font.status === 'loaded').map(font => font.family))
    expect(loaded).toContain('Inter Variable')
  })
})
