import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { ClientSocket } from '../support/poll-server'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { axeProblems } from '../support/axe'
import { launchChromium, recordForeignRequests } from '../support/browser'
import { connectDeck, request, startTestServer } from '../support/poll-server'

type TestServer = Awaited<ReturnType<typeof startTestServer>>

/** Everything a phone's first visit costs, as Chromium counts it: bytes on the wire, headers included. */
const firstLoadBudget = 30 * 1024

describe('the phone page', () => {
  let server: TestServer
  let browser: Browser
  let presenter: ClientSocket
  let context: BrowserContext
  let phone: Page

  const show = async (pollId: string): Promise<void> => {
    expect(await request(presenter, 'poll:open', { pollId })).toEqual({ ok: true })
    expect(await request(presenter, 'focus', { pollId })).toEqual({ ok: true })
  }

  beforeAll(async () => {
    server = await startTestServer()
    presenter = (await connectDeck(server.url, { role: 'presenter', token: server.app.presenterToken })).socket
    browser = await launchChromium()
  })

  afterEach(async () => {
    await context?.close()
    for (const pollId of ['choix', 'plusieurs', 'devinette', 'mots'])
      await request(presenter, 'poll:reset', { pollId, confirm: true })
    await request(presenter, 'focus', { pollId: null })
  })

  afterAll(async () => {
    presenter?.close()
    await browser?.close()
    await server?.close()
  })

  async function openPhone(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
    context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, ...options })
    phone = await context.newPage()
    await phone.goto(`${server.url}/vote`)
    await phone.getByText('En attente de la prochaine question…').waitFor()
    return phone
  }

  it(`loads in at most ${firstLoadBudget / 1024} KB, with no request to another host`, async () => {
    context = await browser.newContext()
    phone = await context.newPage()
    const foreign = recordForeignRequests(context, server.url)
    const cdp = await context.newCDPSession(phone)
    await cdp.send('Network.enable')
    let transferred = 0
    cdp.on('Network.loadingFinished', event => transferred += event.encodedDataLength)
    cdp.on('Network.webSocketFrameReceived', event => transferred += event.response.payloadData.length)
    await phone.goto(`${server.url}/vote`)
    await phone.getByText('En attente de la prochaine question…').waitFor()
    await phone.waitForLoadState('networkidle')
    expect(transferred).toBeGreaterThan(5 * 1024)
    expect(transferred).toBeLessThanOrEqual(firstLoadBudget)
    expect(foreign).toEqual([])
  })

  it('has no accessibility problem, whatever it shows', async () => {
    const page = await openPhone()
    expect(await axeProblems(page, 'html')).toEqual([])

    await show('choix')
    await page.getByLabel('Peut-être').check()
    await page.getByText('Réponse enregistrée').waitFor()
    expect(await axeProblems(page, 'html')).toEqual([])

    await show('plusieurs')
    await page.getByText('Jusqu’à 2 réponses, puis validez.').waitFor()
    expect(await axeProblems(page, 'html')).toEqual([])

    await show('mots')
    const words = page.getByRole('article', { name: 'En un mot ?' })
    await words.getByLabel('Mot 1').fill('confiance')
    await words.getByRole('button', { name: 'Envoyer' }).click()
    await words.getByText('Réponse enregistrée').waitFor()
    expect(await axeProblems(page, 'html')).toEqual([])

    await request(presenter, 'poll:reveal', { pollId: 'mots' })
    await page.getByRole('heading', { name: 'Résultats' }).waitFor()
    expect(await axeProblems(page, 'html')).toEqual([])
  })

  it('offers 44-pixel targets, lets the voter zoom, and keeps still when asked to', async () => {
    const page = await openPhone({ reducedMotion: 'reduce' })
    await show('plusieurs')
    await page.getByText('Jusqu’à 2 réponses, puis validez.').waitFor()
    const heights = await page.locator('label.option, button').evaluateAll(elements => elements.map(element => element.getBoundingClientRect().height))
    expect(heights.length).toBe(5)
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(44)
    expect(await page.locator('meta[name=viewport]').getAttribute('content')).not.toMatch(/user-scalable\s*=\s*no|maximum-scale/)

    await page.getByLabel('Objectif').check()
    await page.getByRole('button', { name: 'Valider mon choix' }).click()
    await request(presenter, 'poll:reveal', { pollId: 'plusieurs' })
    const bar = page.locator('.results .bar').first()
    await bar.waitFor()
    expect(await bar.evaluate(element => getComputedStyle(element).transitionDuration)).toBe('0s')
  })

  it('votes in one tap, remembers the voter across reloads, and follows a change of mind', async () => {
    const page = await openPhone()
    await show('choix')
    await page.getByLabel('Oui').check()
    await page.getByText('Réponse enregistrée').waitFor()
    await page.reload()
    await page.getByText('Réponse enregistrée').waitFor()
    expect(await page.getByLabel('Oui').isChecked()).toBe(true)

    await page.getByLabel('Non').check()
    await page.getByText('Réponse enregistrée').waitFor()
    const { snapshot } = await connectDeck(server.url, { role: 'presenter', token: server.app.presenterToken })
    expect(snapshot.polls.choix).toMatchObject({ voters: 1, results: { counts: [0, 1, 0] } })
  })

  it('caps a multi-select at its maximum', async () => {
    const page = await openPhone()
    await show('plusieurs')
    await page.getByLabel('Objectif').check()
    await page.getByLabel('Charte').check()
    expect(await page.getByLabel('Ressources').isDisabled()).toBe(true)
    await page.getByLabel('Charte').uncheck()
    expect(await page.getByLabel('Ressources').isDisabled()).toBe(false)
  })

  it('explains a refusal in French', async () => {
    const page = await openPhone()
    await show('mots')
    await request(presenter, 'word:remove', { pollId: 'mots', word: 'bad buzz' })
    await page.getByLabel('Mot 1').fill('Bad Buzz')
    await page.getByRole('button', { name: 'Envoyer' }).click()
    await page.getByText('Ce mot a été retiré par l’animateur.').waitFor()
  })
})
