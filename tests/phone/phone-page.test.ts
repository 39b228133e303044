import type { Browser, BrowserContext, Page } from 'playwright-core'
import { Buffer } from 'node:buffer'
import { afterEach, describe, expect, it } from 'vitest'
import { limits } from '../../core/limits'
import { loadPollCatalog } from '../../server/deck-source'
import { axeProblems } from '../support/axe'
import { phoneDevice, recordForeignRequests } from '../support/browser'
import { phoneRoom } from '../support/phone-room'
import { connectDeck, connectPhone, fixtureSlides, openRoomQuestions, request, waitFor } from '../support/poll-server'

/** Everything a phone's first visit costs, as Chromium counts it: bytes on the wire, headers included. */
const firstLoadBudget = 30 * 1024
const catalog = await loadPollCatalog(fixtureSlides)

describe('the phone page', () => {
  // The smallest room the threshold allows: three voters show their results.
  const room = phoneRoom({ privacy: { threshold: 3, liveResults: false } })
  let context: BrowserContext
  let phone: Page

  /** Opens a poll and moves the presenter to its slide, as the presenter view does. */
  const show = async (pollId: string): Promise<void> => {
    expect(await request(room.presenter, 'poll:open', { pollId })).toEqual({ ok: true })
    expect(await request(room.presenter, 'nav', { page: catalog.polls[pollId]!.slide, clicks: 0 })).toEqual({ ok: true })
  }

  afterEach(async () => {
    await context?.close()
    for (const pollId of ['choix', 'plusieurs', 'devinette', 'mots', 'avant', 'apres'])
      await request(room.presenter, 'poll:reset', { pollId, confirm: true })
    await request(room.presenter, 'nav', { page: 1, clicks: 0 })
  })

  async function openPhone(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
    context = await room.browser.newContext({ ...phoneDevice, ...options })
    // A step that does not happen fails on its own line, well before the test's timeout.
    context.setDefaultTimeout(8000)
    phone = await context.newPage()
    await phone.goto(`${room.server.url}/vote`)
    await phone.getByText('En attente de la prochaine question…').waitFor()
    return phone
  }

  /** Opens the page in a fresh context and counts what its first visit costs, until the network is idle. */
  async function firstLoad(): Promise<{ transferred: number, foreign: string[] }> {
    context = await room.browser.newContext()
    phone = await context.newPage()
    const foreign = recordForeignRequests(context, room.server.url)
    const cdp = await context.newCDPSession(phone)
    await cdp.send('Network.enable')
    let transferred = 0
    cdp.on('Network.loadingFinished', event => transferred += event.encodedDataLength)
    // Counted in bytes: the questions below are full of accents, two bytes each.
    cdp.on('Network.webSocketFrameReceived', event => transferred += Buffer.byteLength(event.response.payloadData))
    await phone.goto(`${room.server.url}/vote`)
    await phone.getByText('En attente de la prochaine question…').waitFor()
    await phone.waitForLoadState('networkidle')
    return { transferred, foreign }
  }

  it(`loads in at most ${firstLoadBudget / 1024} KB, with no request to another host`, async () => {
    const { transferred, foreign } = await firstLoad()
    expect(transferred).toBeGreaterThan(5 * 1024)
    expect(transferred).toBeLessThanOrEqual(firstLoadBudget)
    expect(foreign).toEqual([])
    // socket.io-client's WebTransport code stays out of the bundle: phones use WebSocket or polling.
    expect(await (await fetch(`${room.server.url}/vote`)).text()).not.toContain('new WebTransport(')
  })

  it(`loads in at most ${firstLoadBudget / 1024} KB in a session holding ${limits.questionsPerSession} of the longest questions`, async () => {
    const { engine } = room.server.app
    const text = (index: number): string => `N° ${index} ${'é'.repeat(limits.questionTextLength)}`.slice(0, limits.questionTextLength)
    try {
      for (let index = 0; index < limits.questionsPerSession; index++)
        await engine.execute({ type: 'ask', questionId: `q-${String(index).padStart(12, '0')}`, voterId: `asker-${String(index).padStart(16, '0')}`, text: text(index) })
      // Phones get the list once it went out to them: wait for a phone to hold it.
      const watcher = await connectPhone(room.server.url)
      const held = await openRoomQuestions(watcher)
      await waitFor('the room\'s questions on a phone', () => held.list().length === limits.questionsShownToRoom)
      watcher.socket.close()

      const { transferred } = await firstLoad()
      expect(transferred).toBeLessThanOrEqual(firstLoadBudget)
      // The room's questions come when the voter opens them: the most voted ones only.
      await phone.getByRole('button', { name: 'Voir les questions de la salle' }).click()
      const shown = phone.getByRole('list', { name: 'Questions de la salle' }).locator('li')
      await shown.first().waitFor()
      expect(await shown.count()).toBe(limits.questionsShownToRoom)
    }
    finally {
      await engine.startSession('Séance suivante')
    }
  })

  it('runs under its Content-Security-Policy without a single violation', async () => {
    const page = await openPhone()
    const problems: string[] = []
    page.on('console', message => message.type() === 'error' && problems.push(message.text()))
    await show('choix')
    await page.getByLabel('Oui').check()
    await page.getByText('Réponse enregistrée').waitFor()
    expect(problems).toEqual([])
  })

  it('has no accessibility problem, whatever it shows', async () => {
    // axe runs as an inline script, which the page's own policy rightly blocks.
    const page = await openPhone({ bypassCSP: true })
    expect(await axeProblems(page, 'html')).toEqual([])

    await show('choix')
    await page.getByLabel('Peut-être').check()
    await page.getByText('Réponse enregistrée').waitFor()
    expect(await axeProblems(page, 'html')).toEqual([])

    await show('plusieurs')
    await page.getByText('Cochez jusqu’à 2 réponses, puis validez.').waitFor()
    expect(await axeProblems(page, 'html')).toEqual([])

    await show('mots')
    const words = page.getByRole('article', { name: 'En un mot ?' })
    await words.getByLabel('Mot 1').fill('confiance')
    await words.getByRole('button', { name: 'Envoyer', exact: true }).click()
    await words.getByText('Réponse enregistrée').waitFor()
    expect(await axeProblems(page, 'html')).toEqual([])

    await request(room.presenter, 'poll:reveal', { pollId: 'mots' })
    await page.getByRole('heading', { name: 'Résultats' }).waitFor()
    expect(await axeProblems(page, 'html')).toEqual([])
  })

  it('offers 44-pixel targets, lets the voter zoom, and keeps still when asked to', async () => {
    const page = await openPhone({ reducedMotion: 'reduce' })
    await show('plusieurs')
    await page.getByText('Cochez jusqu’à 2 réponses, puis validez.').waitFor()
    const heights = await page.locator('label.option, button').evaluateAll(elements => elements.map(element => element.getBoundingClientRect().height))
    // Four options, « Valider », « Envoyer la question », « Voir les questions de la salle » and four reactions.
    expect(heights.length).toBe(11)
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(44)
    expect(await page.locator('meta[name=viewport]').getAttribute('content')).not.toMatch(/user-scalable\s*=\s*no|maximum-scale/)

    await page.getByLabel('Objectif').check()
    await page.getByRole('button', { name: 'Valider mon choix' }).click()
    await page.getByText('Réponse enregistrée').waitFor()
    for (const choices of [[0], [1, 2]]) {
      const { socket } = await connectPhone(room.server.url)
      expect(await request(socket, 'vote', { pollId: 'plusieurs', answer: { kind: 'multi', choices } })).toEqual({ ok: true })
      socket.close()
    }
    await request(room.presenter, 'poll:reveal', { pollId: 'plusieurs' })
    const bar = page.locator('.results .bar').first()
    await bar.waitFor()
    expect(await bar.evaluate(element => getComputedStyle(element).transitionDuration)).toBe('0s')
  })

  it('votes in one tap, remembers the voter across reloads, and follows a change of mind', async () => {
    const page = await openPhone()
    await show('choix')
    await page.getByLabel('Oui').check()
    await page.getByText('✓ Réponse enregistrée : « Oui »').waitFor()
    await page.reload()
    await page.getByText('✓ Réponse enregistrée : « Oui »').waitFor()
    expect(await page.getByLabel('Oui').isChecked()).toBe(true)

    await page.getByLabel('Non', { exact: true }).check()
    await page.getByText('✓ Réponse enregistrée : « Non »').waitFor()
    const { snapshot } = await connectDeck(room.server, 'presenter')
    expect(snapshot.polls.choix).toMatchObject({ voters: 1, results: { counts: [0, 1, 0] } })
  })

  it('says what a multi-select has recorded and what is not sent yet, open, changed and closed', async () => {
    const page = await openPhone()
    await show('plusieurs')
    await page.getByLabel('Objectif').check()
    await page.getByLabel('Charte').check()
    expect(await page.getByLabel('Ressources').isDisabled()).toBe(true)
    await page.getByText('Pas encore envoyé : validez pour enregistrer ce choix.').waitFor()
    await page.getByRole('button', { name: 'Valider mon choix' }).click()
    await page.getByText('✓ Réponse enregistrée : « Objectif, Charte »').waitFor()

    await page.getByLabel('Charte').uncheck()
    expect(await page.getByLabel('Ressources').isDisabled()).toBe(false)
    await page.getByText('Pas encore envoyé : validez pour enregistrer ce choix. Réponse enregistrée pour l’instant : « Objectif, Charte ».').waitFor()

    // The vote closes before the change is sent: the phone shows what counted, not the unsent ticks.
    await request(room.presenter, 'poll:close', { pollId: 'plusieurs' })
    await page.getByText('Vote clos. Réponse comptée : « Objectif, Charte ».').waitFor()
    expect(await page.getByLabel('Charte').isChecked()).toBe(true)
    expect(await page.getByLabel('Objectif').isChecked()).toBe(true)
  })

  it('keeps an answer given offline, sends it when the network is back, and says so all along', async () => {
    const page = await openPhone()
    await show('choix')
    await page.getByText('Un seul choix ?').waitFor()
    await context.setOffline(true)
    await page.getByText('Connexion perdue, reconnexion en cours…').waitFor()
    await page.getByLabel('Peut-être').check()
    await page.getByText('Hors ligne : votre réponse « Peut-être » partira dès le retour de la connexion.').waitFor()
    // The answer waiting to go (or on its way) stays ticked: a voter who sees nothing chosen taps again.
    expect(await page.getByLabel('Peut-être').isChecked()).toBe(true)
    await context.setOffline(false)
    await page.getByText('✓ Réponse enregistrée : « Peut-être »').waitFor()
    const { snapshot } = await connectDeck(room.server, 'presenter')
    expect(snapshot.polls.choix).toMatchObject({ voters: 1, results: { counts: [0, 0, 1] } })
  })

  it('drops an answer given offline if the vote closed meanwhile, and says it did not count', async () => {
    const page = await openPhone()
    await show('choix')
    await page.getByText('Un seul choix ?').waitFor()
    await context.setOffline(true)
    await page.getByLabel('Oui').check()
    await request(room.presenter, 'poll:close', { pollId: 'choix' })
    await context.setOffline(false)
    await page.getByText('Le vote a été clos avant le retour de la connexion : cette réponse n’a pas été comptée.').waitFor()
    const { snapshot } = await connectDeck(room.server, 'presenter')
    expect(snapshot.polls.choix).toMatchObject({ voters: 0 })
  })

  it('drops an answer given offline before a reset or a reopening, and says so: it belonged to another round', async () => {
    const page = await openPhone()
    await show('choix')
    await page.getByText('Un seul choix ?').waitFor()
    await context.setOffline(true)
    await page.getByLabel('Oui').check()
    await request(room.presenter, 'poll:reset', { pollId: 'choix', confirm: true })
    await request(room.presenter, 'poll:open', { pollId: 'choix' })
    await context.setOffline(false)
    await page.getByText('Le vote a été relancé depuis cette réponse : elle n’a pas été comptée. Répondez à nouveau.').waitFor()
    const { snapshot } = await connectDeck(room.server, 'presenter')
    expect(snapshot.polls.choix).toMatchObject({ voters: 0, status: 'open' })

    // The same for a vote closed then reopened; an answer given in the current round still counts.
    await context.setOffline(true)
    await page.getByLabel('Peut-être').check()
    await request(room.presenter, 'poll:close', { pollId: 'choix' })
    await request(room.presenter, 'poll:open', { pollId: 'choix' })
    await context.setOffline(false)
    await page.getByText('Le vote a été relancé depuis cette réponse').waitFor()
    await page.getByLabel('Oui').check()
    await page.getByText('Réponse enregistrée').waitFor()
    expect((await connectDeck(room.server, 'presenter')).snapshot.polls.choix).toMatchObject({ voters: 1, results: { counts: [1, 0, 0] } })
  })

  it('says the second vote is the same question after the facts, and shows another open vote under its own heading', async () => {
    const page = await openPhone()
    await show('avant')
    await request(room.presenter, 'poll:close', { pollId: 'avant' })
    await show('apres')
    await page.getByText('Même question qu’avant les faits : votre avis a-t-il changé ?').waitFor()
    await request(room.presenter, 'poll:open', { pollId: 'choix' })
    await page.getByRole('heading', { name: 'Autre vote encore ouvert' }).waitFor()
    expect(await page.locator('article').count()).toBe(2)
    expect(await page.locator('article').first().textContent()).toContain('Êtes-vous d’accord\u00A0?')
  })

  it('keeps the tapped answer ticked while it is on its way to the server', async () => {
    const page = await openPhone()
    // The vote's frame is held back, as on a weak network: the page must not look as if nothing was chosen meanwhile.
    let release!: () => void
    const released = new Promise<void>(resolve => release = resolve)
    await page.routeWebSocket(/socket\.io/, (socket) => {
      const server = socket.connectToServer()
      socket.onMessage(async (message) => {
        if (typeof message === 'string' && message.includes('"vote"'))
          await released
        server.send(message)
      })
    })
    await page.reload()
    await page.getByText('En attente de la prochaine question…').waitFor()
    await show('choix')
    await page.getByLabel('Peut-être').click()
    await page.getByText('Envoi…').waitFor()
    expect(await page.getByLabel('Peut-être').isChecked()).toBe(true)
    release()
    await page.getByText('✓ Réponse enregistrée : « Peut-être »').waitFor()
    expect(await page.getByLabel('Peut-être').isChecked()).toBe(true)
  })

  it('tells a quiz player whether they were right', async () => {
    const page = await openPhone()
    await show('devinette')
    await page.getByLabel('25 %').check()
    await page.getByText('Réponse enregistrée').waitFor()
    await request(room.presenter, 'poll:reveal', { pollId: 'devinette' })
    await page.getByText('Vous aviez choisi « 25 % » ; la bonne réponse était « 79 % ».').waitFor()

    const { socket } = await connectPhone(room.server.url)
    await request(room.presenter, 'poll:reset', { pollId: 'devinette', confirm: true })
    await show('devinette')
    await page.getByLabel('79 %').check()
    await page.getByText('Réponse enregistrée').waitFor()
    await request(room.presenter, 'poll:reveal', { pollId: 'devinette' })
    await page.getByText('Bonne réponse ! Vous aviez choisi « 79 % ».').waitFor()
    socket.close()
  })

  it('keeps the keyboard in a field while the voter types, key by key', async () => {
    const page = await openPhone()
    await show('mots')
    const field = page.getByRole('article', { name: 'En un mot ?' }).getByLabel('Mot 1')
    await field.click()
    await page.keyboard.type('confiance', { delay: 30 })
    expect(await field.inputValue()).toBe('confiance')
    expect(await field.evaluate(element => element === document.activeElement)).toBe(true)
  })

  it('explains a refusal in French', async () => {
    const page = await openPhone()
    await show('mots')
    await request(room.presenter, 'word:remove', { pollId: 'mots', word: 'bad buzz' })
    await page.getByLabel('Mot 1').fill('Bad Buzz')
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click()
    await page.getByText('Ce mot a été retiré par l’animateur.').waitFor()
  })

  it('says a word the presenter removed no longer counts, open and closed', async () => {
    const page = await openPhone()
    await show('mots')
    const words = page.getByRole('article', { name: 'En un mot ?' })
    await words.getByLabel('Mot 1').fill('ventes')
    await words.getByRole('button', { name: 'Envoyer', exact: true }).click()
    await page.getByText('✓ Réponse enregistrée : « ventes »').waitFor()
    await request(room.presenter, 'word:remove', { pollId: 'mots', word: 'VENTES' })
    await page.getByText('Votre mot « ventes » a été retiré par l’animateur : il n’est pas compté.', { exact: true }).waitFor()
    await request(room.presenter, 'poll:close', { pollId: 'mots' })
    await page.getByText('Vote clos. Votre mot « ventes » a été retiré par l’animateur : il n’est pas compté.', { exact: true }).waitFor()
    await request(room.presenter, 'word:restore', { pollId: 'mots', word: 'ventes' })
    await page.getByText('Vote clos. Réponse comptée : « ventes ».', { exact: true }).waitFor()
  })

  it('never breaks a line inside « guillemets », and shows the confirmation above the reactions bar', async () => {
    const page = await openPhone({ viewport: { width: 320, height: 560 } })
    await show('plusieurs')
    await page.getByLabel('Objectif').check()
    await page.getByLabel('Compétences').check()
    await page.getByRole('button', { name: 'Valider mon choix' }).click()
    const confirmation = page.getByText('✓ Réponse enregistrée : « Objectif, Compétences »')
    await confirmation.waitFor()
    const [shown, bar] = await Promise.all([confirmation.boundingBox(), page.getByRole('navigation', { name: 'Réactions' }).boundingBox()])
    expect(shown!.y + shown!.height).toBeLessThanOrEqual(bar!.y)
    expect(shown!.y).toBeGreaterThanOrEqual(0)

    const brokenAt: string[] = []
    for (let width = 280; width <= 440; width += 4) {
      await page.setViewportSize({ width, height: 560 })
      brokenAt.push(...(await page.evaluate(guillemetBreaks)).map(text => `${width}px: ${text}`))
    }
    expect(brokenAt).toEqual([])
  })

  it('renders what phones type as text, never as markup', async () => {
    const page = await openPhone()
    await show('mots')
    const payload = '<img src=x onerror=alert(1)>'
    for (const word of [payload.slice(0, 28), 'écoute', 'écoute']) {
      const { socket } = await connectPhone(room.server.url)
      expect(await request(socket, 'vote', { pollId: 'mots', answer: { kind: 'words', words: [word] } })).toEqual({ ok: true })
      socket.close()
    }
    await request(room.presenter, 'poll:reveal', { pollId: 'mots' })
    await page.getByText(`${payload.slice(0, 28)} (1)`).waitFor()
    expect(await page.locator('main img').count()).toBe(0)
  })

  it('says the results are withheld, not what they are, when fewer than the threshold voted', async () => {
    const page = await openPhone()
    await show('choix')
    await page.getByLabel('Non', { exact: true }).check()
    await page.getByText('✓ Réponse enregistrée : « Non »').waitFor()
    await request(room.presenter, 'poll:reveal', { pollId: 'choix' })
    await page.getByText('Résultats masqués\u00A0: moins de 3 votants').waitFor()
    expect(await page.locator('.results').count()).toBe(0)
  })
})

/**
 * Runs in the page: the texts where a line ends right after « or starts right before », found by comparing the
 * line each guillemet is drawn on with the line of the word it encloses.
 */
function guillemetBreaks(): string[] {
  const lineOf = (node: Text, index: number): number => {
    const range = document.createRange()
    range.setStart(node, index)
    range.setEnd(node, index + 1)
    return range.getClientRects()[0]?.top ?? Number.NaN
  }
  const broken: string[] = []
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const text = node.data
    for (const match of text.matchAll(/«\s*(?=\S)|\S(?=\s*»)/g)) {
      const opening = match[0].startsWith('«')
      const guillemet = opening ? match.index : text.indexOf('»', match.index)
      const word = opening ? match.index + match[0].length : match.index
      if (Math.abs(lineOf(node, guillemet) - lineOf(node, word)) > 1)
        broken.push(text)
    }
  }
  return broken
}
