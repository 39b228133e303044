import { describe, expect, it } from 'vitest'
import { recordForeignRequests } from '../support/browser'
import { useDeckInChromium } from '../support/slides'

describe('the built deck offline', () => {
  const deck = useDeckInChromium()

  it('renders every slide without a request to another host', async () => {
    const page = await deck.browser.newPage()
    const foreign = recordForeignRequests(page, deck.origin)
    await page.goto(`${deck.origin}/1`, { waitUntil: 'networkidle' })
    await page.locator('.slidev-page').first().waitFor()
    await page.goto(`${deck.origin}/overview`, { waitUntil: 'networkidle' })
    expect(foreign).toEqual([])
  })

  it('uses the fonts it ships', async () => {
    const loaded = await deck.onSlide(1, (_slide, page) =>
      page.evaluate(() => [...document.fonts].filter(font => font.status === 'loaded').map(font => font.family)))
    expect(loaded).toContain('Inter Variable')
  })
})
