import type { Browser } from 'playwright-core'
import type { ClientSocket, TestServer } from '../support/poll-server'
import type { Device } from '../support/talk'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { defaultSlidesPath, loadDeckSlides, loadPollCatalog } from '../../server/deck-source'
import { launchChromium } from '../support/browser'
import { connectPhone, randomVoterId, startTestServer } from '../support/poll-server'
import { goToSlide } from '../support/slides'
import { openDevice, openLink } from '../support/talk'

const deckSlides = await loadDeckSlides()
const joinSlide = deckSlides.find(slide => slide.frontmatter.layout === 'join')!.number
const pollSlide = Object.values((await loadPollCatalog()).polls)[0]!.slide

describe('limits the presenter sees and changes during the talk', () => {
  let server: TestServer
  let browser: Browser
  let laptop: Device
  const sockets: ClientSocket[] = []
  /** A phone of another machine than the presenter's, connected over socket.io as the phone page would. */
  const phone = (voterId = randomVoterId()): Promise<string> =>
    connectPhone(server.url, voterId, { localAddress: '127.0.0.41' }).then(({ socket }) => {
      sockets.push(socket)
      return 'ok'
    }, (error: Error) => error.message)

  beforeAll(async () => {
    server = await startTestServer({ deckDir: inject('builtDeckDir'), slidesPath: defaultSlidesPath, maxVotersPerAddress: 2, handshakesPerAddress: 10 })
    browser = await launchChromium()
    laptop = await openDevice(browser, { viewport: { width: 1400, height: 900 } })
    await openLink(laptop, server, 'presenter')
    await laptop.page.waitForURL(/\/presenter\/\d+/)
  })

  afterAll(async () => {
    sockets.splice(0).forEach(socket => socket.close())
    await browser?.close()
    await server?.close()
  })

  it('shows every phone refused on any slide, and admits them with one click, without a restart', async () => {
    await goToSlide(laptop.page, pollSlide)
    const strip = laptop.page.locator('.presenter-strip:visible')
    expect(await Promise.all([phone(), phone()])).toEqual(['ok', 'ok'])
    const refused = randomVoterId()
    expect(await phone(refused)).toBe('too_many_voters')
    // The alert holds its button too: its text is matched as a part.
    await strip.getByText('1 téléphone refusé : pas plus de 2 appareils par réseau.').waitFor()
    const another = randomVoterId()
    expect(await phone(another)).toBe('too_many_voters')
    await strip.getByText('2 téléphones refusés : pas plus de 2 appareils par réseau.').waitFor()

    // Another slide, the same alert.
    await goToSlide(laptop.page, joinSlide)
    await strip.getByText('2 téléphones refusés').waitFor()
    await strip.getByRole('button', { name: 'Autoriser 4 appareils par réseau' }).click()
    await expect.poll(() => phone(refused)).toBe('ok')
    expect(await phone(another)).toBe('ok')
    await strip.getByText(/téléphones? refusés?/).waitFor({ state: 'detached' })
    expect(await phone()).toBe('too_many_voters')
    await strip.getByText('1 téléphone refusé : pas plus de 4 appareils par réseau.').waitFor()
  })

  it('takes the audience expected on the join slide, and warns on every slide when voters exceed it', async () => {
    await goToSlide(laptop.page, joinSlide)
    const strip = laptop.page.locator('.presenter-strip:visible')
    const field = laptop.page.getByLabel('Personnes attendues')
    await field.fill('1')
    await laptop.page.getByRole('button', { name: 'Enregistrer' }).click()
    // The four phones admitted by the test before.
    await strip.getByText('4 votants pour 1 personne attendue : des votes viennent peut-être d’ailleurs que de la salle.', { exact: true }).waitFor()
    await goToSlide(laptop.page, pollSlide)
    await strip.getByText('4 votants pour 1 personne attendue').waitFor()

    await goToSlide(laptop.page, joinSlide)
    await field.fill('4')
    await laptop.page.getByRole('button', { name: 'Enregistrer' }).click()
    await strip.getByText('personne attendue').or(strip.getByText('personnes attendues')).waitFor({ state: 'detached' })
    await field.fill('3')
    await laptop.page.getByRole('button', { name: 'Enregistrer' }).click()
    await strip.getByText('4 votants pour 3 personnes attendues', { exact: false }).waitFor()
  })
})
