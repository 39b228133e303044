import type { Browser, Locator, Page } from 'playwright-core'
import type { ServedDeck } from '../../server/deck-files'
import type { DeckSlide } from '../../server/deck-source'
import { afterAll, beforeAll, inject } from 'vitest'
import { serveBuiltDeck } from '../../server/deck-files'
import { launchChromium } from './browser'
import { markdownHeading } from './markdown'

/** The heading of the slide that ends the session; what follows it is an appendix, shown only if asked. */
export const decisionHeading = 'Décision proposée'

/** The slides presented in the session: up to the decision, or the whole deck if it has none. */
export function mainPartOf(slides: DeckSlide[]): DeckSlide[] {
  const decision = slides.findIndex(slide => markdownHeading(slide.content) === decisionHeading)
  return decision < 0 ? slides : slides.slice(0, decision + 1)
}

/** A tab the size of a common projector, so slides are scaled as they are in the room. */
function openProjectorPage(browser: Browser): Promise<Page> {
  return browser.newPage({ viewport: { width: 1280, height: 720 } })
}

/**
 * Loads the deck once, on its first requested slide. Transitions are switched off: a slide fading in or out would be
 * judged half transparent, or seen beside its neighbour.
 */
async function openDeck(page: Page, origin: string, slideNumber: number): Promise<void> {
  // `load`, not `networkidle`: poll components may keep retrying a vote server that a static deck lacks.
  await page.goto(`${origin}/${slideNumber}`, { waitUntil: 'load' })
  await page.addStyleTag({ content: '*, *::before, *::after { transition: none !important; animation: none !important; }' })
}

/** Moves the open deck to a slide the way its own navigation does: a push on Slidev's router, no reload; the presenter view stays one. */
export async function goToSlide(page: Page, slideNumber: number): Promise<void> {
  await page.evaluate(async (slide) => {
    const app = document.querySelector<HTMLElement & { __vue_app__?: { config: { globalProperties: { $router: { push: (to: string) => Promise<unknown> } } } } }>('#app')?.__vue_app__
    if (!app)
      throw new Error('Slidev’s app is not mounted on #app')
    await app.config.globalProperties.$router.push(location.pathname.startsWith('/presenter/') ? `/presenter/${slide}` : `/${slide}`)
  }, slideNumber)
}

/** Waits until the slide, and only it, is drawn with its layout and its own fonts. */
async function drawnSlide(page: Page, slideNumber: number): Promise<Locator> {
  const slide = page.locator(`.slidev-page-${slideNumber}`)
  // The layout inside, not only the wrapper: each slide's component is loaded on demand.
  await slide.locator('.slidev-layout').first().waitFor({ state: 'visible' })
  await page.waitForFunction(current => [...document.querySelectorAll('.slidev-page')]
    .every(element => element.classList.contains(current) || !element.checkVisibility()), `slidev-page-${slideNumber}`)
  await page.evaluate(async () => {
    await document.fonts.ready
  })
  return slide
}

export interface DeckInChromium {
  readonly origin: string
  readonly browser: Browser
  /** Shows one slide in the suite's projector-sized tab and hands it to `inspect`; any slide, in any order. */
  onSlide: <T>(slideNumber: number, inspect: (slide: Locator, page: Page) => Promise<T>) => Promise<T>
}

/**
 * The built deck served on loopback (the suite's build unless `deckDir` names another), and Chromium to look at it,
 * for the tests of the calling `describe` block. One tab
 * serves the whole block: loading the app once and moving between slides costs a fraction of a load per slide.
 */
export function useDeckInChromium(deckDir: () => string = () => inject('builtDeckDir')): DeckInChromium {
  let deck: ServedDeck | undefined
  let browser: Browser | undefined
  let page: Page | undefined
  beforeAll(async () => {
    deck = await serveBuiltDeck(deckDir())
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
      if (page) {
        await goToSlide(page, slideNumber)
      }
      else {
        page = await openProjectorPage(browser!)
        await openDeck(page, deck!.origin, slideNumber)
      }
      return inspect(await drawnSlide(page, slideNumber), page)
    },
  }
}
