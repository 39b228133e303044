import { describe, expect, it } from 'vitest'
import { loadDeckSlides } from '../../server/deck-source'
import { recordForeignRequests } from '../support/browser'
import { useDeckInChromium } from '../support/slides'

const slides = await loadDeckSlides()

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

  it('shows a calm placeholder on live slides while the vote server cannot be reached', async () => {
    const slideWith = (layout: string): number => slides.find(slide => slide.frontmatter.layout === layout)!.number
    // The deck is served here without its vote server, as when the laptop has just lost the network.
    const poll = await deck.onSlide(slideWith('poll'), slide => slide.textContent())
    expect(poll).toContain('Les résultats s’afficheront dès que le serveur de vote sera joignable.')
    expect(poll).toContain('Connexion au serveur de vote…')
    const join = await deck.onSlide(slideWith('join'), slide => slide.textContent())
    expect(join).toContain('Connexion au serveur de vote…')
  })
})
