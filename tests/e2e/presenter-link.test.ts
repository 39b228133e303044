import type { Browser, Page } from 'playwright-core'
import type { ClientSocket, TestServer } from '../support/poll-server'
import type { Device } from '../support/talk'
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest'
import { defaultSlidesPath, loadDeckSlides } from '../../server/deck-source'
import { launchChromium } from '../support/browser'
import { connectDeck, eventMatching, request, startTestServer } from '../support/poll-server'
import { openDevice, openLink } from '../support/talk'

const deckSlides = await loadDeckSlides()
const last = deckSlides.length
/** Slides whose presenter view holds the presenter's controls, shown only with the presenter's rights on the vote server. */
const withControls = new Set(deckSlides.filter(slide => ['join', 'poll', 'questions'].includes(String(slide.frontmatter.layout))).map(slide => slide.number))
const polls = [...withControls].filter(number => deckSlides[number - 1]!.frontmatter.layout === 'poll')
/** Where the talk may stand when the presenter opens the link: early, the middle, the end, and slide 1 that always worked. */
const standing = [...new Set([1, 2, 3, polls[0]!, 9, polls[Math.floor(polls.length / 2)]!, polls.at(-1)!, last - 2, last])].sort((a, b) => a - b)
/** Long enough for a page that would still move on to do so. */
const settleMs = 2000

/** Records every path the page's history is given, from before Slidev's first line runs. */
async function recordPaths(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const paths: string[] = (window as unknown as { __paths: string[] }).__paths = []
    for (const method of ['pushState', 'replaceState'] as const) {
      const original = history[method].bind(history)
      history[method] = (data, unused, url) => {
        if (url)
          paths.push(new URL(url, location.href).pathname)
        original(data, unused, url)
      }
    }
  })
  return () => page.evaluate(() => (window as unknown as { __paths: string[] }).__paths)
}

describe('the printed presenter link', () => {
  let server: TestServer
  let browser: Browser
  /** The presenter's other device, which moves the talk as the presenter view would. */
  let driver: ClientSocket
  const devices: Device[] = []

  const standOn = async (page: number): Promise<void> => {
    const moved = eventMatching(driver, 'deck:update', update => update.nav?.page === page)
    expect(await request(driver, 'nav', { page, clicks: 0 })).toEqual({ ok: true })
    await moved
  }

  /** Opens the link in `device` and checks it is the presenter view of `slide`, and stays so. */
  const expectPresenterView = async (device: Device, slide: number): Promise<void> => {
    const paths = await recordPaths(device.page)
    // Every move the server sends from the opening to the end of the settling: a move the page would make on its own
    // reaches the driver within the broadcaster's 50 ms, so the settling is the window to watch, not a timeout's.
    const moves: unknown[] = []
    const recordMove = (update: { nav?: unknown }): void => {
      if (update.nav !== undefined)
        moves.push(update.nav)
    }
    driver.on('deck:update', recordMove)
    const page = await openLink(device, server, 'presenter')
    await page.locator('.slidev-presenter').waitFor()
    await page.locator(`.slidev-presenter .slidev-page-${slide}`).first().waitFor()
    await page.locator('.slidev-presenter .slidev-note').first().waitFor()
    if (withControls.has(slide))
      await page.locator('.slidev-presenter .presenter-panel').filter({ visible: true }).first().waitFor()
    await page.waitForTimeout(settleMs)
    driver.off('deck:update', recordMove)
    expect(new URL(page.url()).pathname, `opened on slide ${slide}`).toBe(`/presenter/${slide}`)
    // Vue Router writes the address it resolved back into the history: any other path means the page went elsewhere.
    expect((await paths()).filter(path => path !== `/presenter/${slide}`), `opened on slide ${slide}`).toEqual([])
    expect(await page.locator('.slidev-presenter .slidev-note').first().isVisible()).toBe(true)
    if (polls.includes(slide))
      expect(await page.getByRole('button', { name: 'Ouvrir le vote' }).isVisible()).toBe(true)
    // Opening a presenter view moves no one.
    expect(moves, `opened on slide ${slide}`).toEqual([])
  }

  beforeAll(async () => {
    server = await startTestServer({ deckDir: inject('builtDeckDir'), slidesPath: defaultSlidesPath })
    browser = await launchChromium()
    driver = (await connectDeck(server, 'presenter')).socket
  })

  afterEach(async () => {
    await Promise.all(devices.splice(0).map(({ context }) => context.close()))
  })

  afterAll(async () => {
    driver?.close()
    await browser?.close()
    await server?.close()
  })

  it.each(standing)('opens the presenter view in a fresh browser while the talk stands on slide %i', async (slide) => {
    await standOn(slide)
    const device = await openDevice(browser, { viewport: { width: 1400, height: 900 } })
    devices.push(device)
    await expectPresenterView(device, slide)
  })

  it('opens it again in a browser that already has it, on another slide, and after a rehearsal', async () => {
    const device = await openDevice(browser, { viewport: { width: 1400, height: 900 } })
    devices.push(device)
    await standOn(polls[1]!)
    await expectPresenterView(device, polls[1]!)
    // A warm browser: its cookie and the deck's files are at hand, and it loads faster than a cold one.
    await standOn(last - 1)
    device.page = await device.context.newPage()
    await expectPresenterView(device, last - 1)
    await server.app.engine.startSession('Le vrai exposé')
    await standOn(polls.at(-2)!)
    device.page = await device.context.newPage()
    await expectPresenterView(device, polls.at(-2)!)
  })
})
