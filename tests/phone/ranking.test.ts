import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import type { ClientSocket } from '../support/poll-server'
import { afterEach, describe, expect, it } from 'vitest'
import { loadPollCatalog } from '../../server/deck-source'
import { axeProblems } from '../support/axe'
import { phoneDevice } from '../support/browser'
import { phoneRoom } from '../support/phone-room'
import { connectDeck, connectPhone, fixtureSlides, request } from '../support/poll-server'

const catalog = await loadPollCatalog(fixtureSlides)
const pollId = 'classement'
/** The fixture's third option: markup an author (or anyone who can edit the deck) might write. */
const hostile = '<img src=x onerror=alert(1)>'

describe('a ranking on the phone', () => {
  // The smallest room the threshold allows: three voters show their results.
  const room = phoneRoom({ privacy: { threshold: 3, liveResults: false } })
  let context: BrowserContext
  const sockets: ClientSocket[] = []

  afterEach(async () => {
    await context?.close()
    sockets.splice(0).forEach(socket => socket.close())
    await request(room.presenter, 'poll:reset', { pollId, confirm: true })
    await request(room.presenter, 'nav', { page: 1, clicks: 0 })
  })

  /** A phone on the ranking, open on the presenter's slide; `dialogs` collects any alert a hostile text would raise. */
  async function openRanking(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ page: Page, card: Locator, dialogs: string[] }> {
    context = await room.browser.newContext({ ...phoneDevice, ...options })
    context.setDefaultTimeout(8000)
    const page = await context.newPage()
    const dialogs: string[] = []
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    await page.goto(`${room.server.url}/vote`)
    await page.getByText('En attente de la prochaine question…').waitFor()
    await request(room.presenter, 'poll:open', { pollId })
    await request(room.presenter, 'nav', { page: catalog.polls[pollId]!.slide, clicks: 0 })
    await page.getByText('Touchez les options par ordre de préférence, puis validez.').waitFor()
    return { page, card: page.getByRole('article', { name: 'Dans quel ordre ?' }), dialogs }
  }

  const rankedLabels = (card: Locator): Promise<string[]> => card.locator('ol.ranked li .label').allTextContents()

  /** Another phone's vote: the server's view of the poll changes, so the card is drawn again. */
  async function voteFromAnotherPhone(order: number[]): Promise<void> {
    const { socket } = await connectPhone(room.server.url)
    sockets.push(socket)
    expect(await request(socket, 'vote', { pollId, answer: { kind: 'ranking', order } })).toEqual({ ok: true })
  }

  it('ranks by taps, moves an option with ▲ and ▼, sends once all are placed, and keeps the ranking across a reload', async () => {
    const { page, card } = await openRanking()
    const send = card.getByRole('button', { name: 'Valider mon classement' })
    await card.getByRole('button', { name: 'Mesurer' }).click()
    await card.getByRole('button', { name: 'Écouter' }).click()
    expect(await rankedLabels(card)).toEqual(['Mesurer', 'Écouter'])
    expect(await card.locator('ol.ranked .place').allTextContents()).toEqual(['1', '2'])
    expect(await send.isDisabled()).toBe(true)
    await card.getByText('« Écouter » : position 2 sur 3.').waitFor()
    await card.getByText('Pas encore envoyé : validez pour enregistrer ce choix.').waitFor()

    await card.getByRole('button', { name: 'Monter « Écouter »' }).click()
    await card.getByText('« Écouter » : position 1 sur 3.').waitFor()
    // At the top, ▲ no longer applies: the focus moves to ▼ of the same option rather than falling to the page.
    expect(await card.getByRole('button', { name: 'Monter « Écouter »' }).isDisabled()).toBe(true)
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Descendre « Écouter »')
    await card.getByRole('button', { name: hostile }).click()
    await card.getByRole('button', { name: `Monter « ${hostile} »` }).click()
    await card.getByRole('button', { name: 'Descendre « Écouter »' }).click()
    expect(await rankedLabels(card)).toEqual([hostile, 'Écouter', 'Mesurer'])

    await send.click()
    const recorded = `✓ Réponse enregistrée : « 1. ${hostile}, 2. Écouter, 3. Mesurer »`
    await card.getByText(recorded).waitFor()
    expect((await connectDeck(room.server, 'presenter')).snapshot.polls[pollId]!.results).toMatchObject({ scores: [{ option: 2, points: 2 }, { option: 0, points: 1 }, { option: 1, points: 0 }] })

    await page.reload()
    await card.getByText(recorded).waitFor()
    expect(await rankedLabels(card)).toEqual([hostile, 'Écouter', 'Mesurer'])
    await card.getByRole('button', { name: 'Recommencer' }).click()
    expect(await rankedLabels(card)).toEqual([])
    await card.getByText(`Réponse enregistrée pour l’instant : « 1. ${hostile}, 2. Écouter, 3. Mesurer ».`).waitFor()
  })

  it('keeps an order not sent yet when the card is drawn again, as when the presenter closes too soon and reopens', async () => {
    const { card } = await openRanking()
    await card.getByRole('button', { name: 'Mesurer' }).click()
    await request(room.presenter, 'poll:close', { pollId })
    await card.getByText('Vote clos. Aucune réponse de ce téléphone.').waitFor()
    expect(await rankedLabels(card)).toEqual([])
    await request(room.presenter, 'poll:open', { pollId })
    await card.getByText('Pas encore envoyé : validez pour enregistrer ce choix.').waitFor()
    expect(await rankedLabels(card)).toEqual(['Mesurer'])
    await card.getByRole('button', { name: 'Écouter' }).click()
    expect(await rankedLabels(card)).toEqual(['Mesurer', 'Écouter'])
  })

  it('shows the results once revealed: best first, with the average rank and the points', async () => {
    const { card } = await openRanking()
    await voteFromAnotherPhone([1, 0, 2])
    await voteFromAnotherPhone([1, 2, 0])
    await voteFromAnotherPhone([1, 0, 2])
    await request(room.presenter, 'poll:reveal', { pollId })
    await card.getByRole('heading', { name: 'Résultats' }).waitFor()
    const rows = card.locator('ol.results li')
    expect(await rows.locator('.label').allTextContents()).toEqual(['Mesurer', 'Écouter', hostile])
    expect(await rows.locator('.figure').allTextContents()).toEqual(['rang moyen\u00A01,0', 'rang moyen\u00A02,3', 'rang moyen\u00A02,7'])
    expect(await rows.locator('.points').allTextContents()).toEqual(['6\u00A0points', '2\u00A0points', '1\u00A0point'])
    await card.getByText('Vote clos. Aucune réponse de ce téléphone.').waitFor()
  })

  it('has no accessibility problem, offers 44-pixel targets, and renders a hostile option as text', async () => {
    // axe runs as an inline script, which the page's own policy rightly blocks.
    const { page, card, dialogs } = await openRanking({ bypassCSP: true })
    expect(await axeProblems(page, 'html')).toEqual([])
    await card.getByRole('button', { name: 'Écouter' }).click()
    await card.getByRole('button', { name: hostile }).click()
    expect(await axeProblems(page, 'html')).toEqual([])
    const heights = await card.locator('button').evaluateAll(buttons => buttons.map(button => button.getBoundingClientRect().height))
    expect(heights.length).toBe(7)
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(44)
    const widths = await card.locator('button.move').evaluateAll(buttons => buttons.map(button => button.getBoundingClientRect().width))
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(44)

    await card.getByRole('button', { name: 'Mesurer' }).click()
    await card.getByRole('button', { name: 'Valider mon classement' }).click()
    await card.getByText('Réponse enregistrée').waitFor()
    await voteFromAnotherPhone([2, 1, 0])
    await voteFromAnotherPhone([2, 0, 1])
    await request(room.presenter, 'poll:reveal', { pollId })
    // The hostile option, first in the room's ranking, drawn as text.
    await card.locator('ol.results li .label').first().getByText(hostile).waitFor()
    expect(await axeProblems(page, 'html')).toEqual([])
    expect(await page.locator('main img').count()).toBe(0)
    expect(dialogs).toEqual([])
  })
})
