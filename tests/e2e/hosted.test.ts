// The built deck against a hosted server: `npm start` behind nginx (deploy/nginx.conf) over TLS, the presenter on a
// laptop, the projection on another device and a phone, all through the proxy as they would be over the internet.
import type { Browser } from 'playwright-core'
import type { PollDefinition } from '../../core/kinds/registry'
import type { HostedServer } from '../support/hosted'
import type { Device } from '../support/talk'
import { encode } from 'uqr'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { loadDeckSlides, loadPollCatalog } from '../../server/deck-source'
import { launchChromium, phoneDevice } from '../support/browser'
import { startHostedServer } from '../support/hosted'
import { goToSlide } from '../support/slides'
import { consoleErrors, openDevice } from '../support/talk'

const scale = Object.values((await loadPollCatalog()).polls).find((poll): poll is PollDefinition<'scale'> => poll.kind === 'scale' && !poll.repeats)!
const joinSlide = (await loadDeckSlides()).find(slide => slide.frontmatter.layout === 'join')!.number

/** The dark modules of a QR code drawn as SVG squares (`M x,y h s v s h -s z`), one row of booleans per line. */
function svgModules(svg: string): boolean[][] {
  const squares = [...svg.matchAll(/M(\d+),(\d+)h(\d+)v/g)].map(([, x, y, size]) => [Number(x), Number(y), Number(size)] as const)
  const size = squares[0]![2]
  // The finder pattern's corner is the top-left module, dark in every QR code: it fixes the origin whatever the border.
  const left = Math.min(...squares.map(([x]) => x))
  const top = Math.min(...squares.map(([, y]) => y))
  const width = (Math.max(...squares.map(([x]) => x)) - left) / size + 1
  const rows = Array.from({ length: width }, () => Array.from({ length: width }, () => false))
  for (const [x, y] of squares)
    rows[(y - top) / size]![(x - left) / size] = true
  return rows
}

/** Whether a QR code's modules encode this text, at whichever error-correction level it was drawn with. */
function encodes(modules: boolean[][], text: string): boolean {
  return (['L', 'M', 'Q', 'H'] as const).some(ecc => JSON.stringify(encode(text, { ecc, border: 0 }).data) === JSON.stringify(modules))
}

describe('a talk on a hosted server, through nginx over TLS', () => {
  let hosted: HostedServer
  let browser: Browser
  const devices: Device[] = []
  const device = async (options: Parameters<typeof openDevice>[1]): Promise<Device> => {
    const opened = await openDevice(browser, { ignoreHTTPSErrors: true, ...options })
    devices.push(opened)
    return opened
  }

  beforeAll(async () => {
    hosted = await startHostedServer({ DECK_DIR: inject('builtDeckDir') })
    browser = await launchChromium()
  })

  afterAll(async () => {
    await Promise.all(devices.map(({ context }) => context.close()))
    await browser?.close()
    await hosted?.close()
  })

  it('lets the presenter drive the deck from a laptop while the projection shows the https join address and phones vote', async () => {
    const joinUrl = `${hosted.publicUrl}/vote`
    const laptop = await device({ viewport: { width: 1400, height: 900 } })
    const screen = await device({ viewport: { width: 1280, height: 720 } })
    const errors = [...consoleErrors(laptop.page), ...consoleErrors(screen.page)]
    await laptop.page.goto(hosted.printedLink('Animateur'))
    await laptop.page.waitForURL(`${hosted.publicUrl}/presenter/1`)
    expect(await laptop.context.cookies(hosted.publicUrl)).toEqual([expect.objectContaining({ secure: true })])
    await screen.page.goto(hosted.printedLink('Projection'))
    await screen.page.locator('.slidev-page:visible').first().waitFor()

    // The join slide, moved to from the laptop: the address to type and the QR code are the https public ones.
    await goToSlide(laptop.page, joinSlide)
    const shortAddress = joinUrl.replace('https://', '')
    const qrCode = screen.page.getByRole('img', { name: `Code QR de l’adresse ${shortAddress}` })
    await qrCode.waitFor()
    await screen.page.getByText(shortAddress, { exact: true }).waitFor()
    const modules = svgModules(await qrCode.innerHTML())
    expect(encodes(modules, joinUrl)).toBe(true)
    expect(encodes(modules, joinUrl.replace('https:', 'http:'))).toBe(false)

    // A poll, opened from the presenter's controls: the phone follows, votes, and the projection counts it.
    await goToSlide(laptop.page, scale.slide)
    const phone = await device(phoneDevice)
    errors.push(...consoleErrors(phone.page))
    await phone.page.goto(joinUrl)
    await phone.page.getByText(scale.question).waitFor()
    await laptop.page.getByRole('button', { name: 'Ouvrir le vote' }).click()
    await phone.page.getByLabel('Plutôt d’accord').check()
    await phone.page.getByText('Réponse enregistrée').waitFor()
    await screen.page.getByText('Vote ouvert · 1 votant').waitFor()
    expect(errors).toEqual([])
  })
})
