import type { Browser, Locator, Page } from 'playwright-core'

/** A tab the size of a common projector, so slides are scaled as they are in the room. */
export function openProjectorPage(browser: Browser): Promise<Page> {
  return browser.newPage({ viewport: { width: 1280, height: 720 } })
}

/** Loads one slide of the served deck and waits until it is drawn with its own fonts. */
export async function showSlide(page: Page, origin: string, slideNumber: number): Promise<Locator> {
  // `load`, not `networkidle`: poll components may keep retrying a vote server that a static deck lacks.
  await page.goto(`${origin}/${slideNumber}`, { waitUntil: 'load' })
  const slide = page.locator(`.slidev-page-${slideNumber}`)
  await slide.waitFor({ state: 'visible' })
  await page.evaluate(async () => {
    await document.fonts.ready
  })
  return slide
}
