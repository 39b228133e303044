import type { Browser, Locator, Page } from 'playwright-core'
import type { ServedDeck } from './deck-server'
import { afterAll, beforeAll, inject } from 'vitest'
import { launchChromium } from './browser'
import { serveBuiltDeck } from './deck-server'

/** A tab the size of a common projector, so slides are scaled as they are in the room. */
function openProjectorPage(browser: Browser): Promise<Page> {
  return browser.newPage({ viewport: { width: 1280, height: 720 } })
}

/** Loads one slide of the served deck and waits until it is drawn with its own fonts. */
async function showSlide(page: Page, origin: string, slideNumber: number): Promise<Locator> {
  // `load`, not `networkidle`: poll components may keep retrying a vote server that a static deck lacks.
  await page.goto(`${origin}/${slideNumber}`, { waitUntil: 'load' })
  const slide = page.locator(`.slidev-page-${slideNumber}`)
  await slide.waitFor({ state: 'visible' })
  await page.evaluate(async () => {
    await document.fonts.ready
  })
  return slide
}

export interface DeckInChromium {
  readonly origin: string
  readonly browser: Browser
  /** Shows one slide in a fresh projector-sized tab, hands it to `inspect`, and closes the tab. */
  onSlide: <T>(slideNumber: number, inspect: (slide: Locator, page: Page) => Promise<T>) => Promise<T>
}

/** The built deck served on loopback, and Chromium to look at it, for the tests of the calling `describe` block. */
export function useDeckInChromium(): DeckInChromium {
  let deck: ServedDeck | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    deck = await serveBuiltDeck(inject('builtDeckDir'))
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await deck?.close()
  })
  return {
    get origin() {
      return deck!.origin
    },
    get browser() {
      return browser!
    },
    async onSlide(slideNumber, inspect) {
      const page = await openProjectorPage(browser!)
      try {
        return await inspect(await showSlide(page, deck!.origin, slideNumber), page)
      }
      finally {
        await page.close()
      }
    },
  }
}
