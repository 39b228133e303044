import type { Browser, Page } from 'playwright-core'
import type { Answer, PollDefinition } from '../../core/kinds/registry'
import type { ClientSocket, TestServer } from '../support/poll-server'
import type { Device } from '../support/talk'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import process from 'node:process'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { viewPoll } from '../../core/features/poll-views'
import { scoreFigures } from '../../core/kinds/ranking'
import { isResultsOf } from '../../core/kinds/wire'
import { rotatePresenterToken } from '../../server/access'
import { defaultSlidesPath, loadDeckSlides, loadPollCatalog } from '../../server/deck-source'
import { projectRoot } from '../../server/project-root'
import { launchChromium, recordForeignRequests } from '../support/browser'
import { run } from '../support/commands'
import { comparableText } from '../support/markdown'
import { pdfPagesText } from '../support/pdf'
import { connectDeck, connectPhone, randomVoterId, request, startTestServer, temporaryDir } from '../support/poll-server'
import { goToSlide } from '../support/slides'
import { consoleErrors, openDevice, openLink, openPhone } from '../support/talk'

/** Set UPDATE_SCREENSHOTS=1 to refresh the README's pictures; otherwise a run leaves the working tree as it was. */
const screenshots = process.env.UPDATE_SCREENSHOTS ? join(projectRoot, 'docs', 'screenshots') : await temporaryDir('screenshots-')

const catalog = await loadPollCatalog()
const polls = Object.values(catalog.polls)
const scale = polls.find((poll): poll is PollDefinition<'scale'> => poll.kind === 'scale' && !poll.repeats)!
const quiz = polls.find((poll): poll is PollDefinition<'quiz'> => poll.kind === 'quiz')!
const cloud = polls.find((poll): poll is PollDefinition<'words'> => poll.kind === 'words')!
const ranking = polls.find((poll): poll is PollDefinition<'ranking'> => poll.kind === 'ranking')!
const scaleAfter = polls.find(poll => poll.repeats === scale.id)!
/** Never opened in any test: the PDF says so. */
const notHeld = polls.find(poll => poll.kind === 'scale' && poll !== scale && poll !== scaleAfter)!
const deckSlides = await loadDeckSlides()
const slideWith = (layout: string): number => deckSlides.find(slide => slide.frontmatter.layout === layout)!.number
const joinSlide = slideWith('join')
const scaleShiftSlide = deckSlides.find(slide => slide.frontmatter.shift === scaleAfter.id)!.number
const questionsSlide = slideWith('questions')
const factsSlide = slideWith('facts')
const decisionSlide = slideWith('decision')

/** A room that asks for live bars, at the smallest threshold: three phones show their results as they come. */
const room = { threshold: 3, liveResults: true }

describe('a talk, from the phones to the PDF', () => {
  let server: TestServer
  let browser: Browser
  const devices: Device[] = []
  /** Phones driven over socket.io rather than a page, for what a page would not send. */
  const sockets: ClientSocket[] = []
  const socketPhone = async (localAddress?: string): Promise<ClientSocket> => {
    const { socket } = await connectPhone(server.url, randomVoterId(), { localAddress })
    sockets.push(socket)
    return socket
  }
  const device = async (open: () => Promise<Device>): Promise<Device> => {
    const opened = await open()
    devices.push(opened)
    return opened
  }
  const openPresenterView = async (): Promise<Device> => {
    const laptop = await openDevice(browser, { viewport: { width: 1400, height: 900 } })
    await openLink(laptop, server, 'presenter')
    await laptop.page.waitForURL(/\/presenter\/\d+/)
    return laptop
  }
  const openProjection = async (): Promise<Device> => {
    const screen = await openDevice(browser, { viewport: { width: 1280, height: 720 } })
    await openLink(screen, server, 'screen')
    return screen
  }
  /**
   * The presenter view and the projection the tests share, opened by the first test that asks: the deck app boots once
   * for the file, not twice per test. Each test still finds them as fresh ones would be (see `beforeEach`).
   */
  const shared: { laptop?: Device, screen?: Device } = {}
  /**
   * Set by a test that revokes the shared views' access or restarts the server under them: the next test opens new
   * ones, as a fresh start of the talk would, rather than build on pages that went through it.
   */
  let sharedWornOut = false
  const presenterView = async (): Promise<Device> => shared.laptop ??= await openPresenterView()
  const projection = async (): Promise<Device> => shared.screen ??= await openProjection()
  /** A view of the test's own, beside the shared one: another device in the room. */
  const otherPresenterView = (): Promise<Device> => device(openPresenterView)
  const otherProjection = (): Promise<Device> => device(openProjection)
  /** Hostile text from the room became no element in `surface` nor in the presenter's panel, and ran nothing. */
  const expectTextOnly = async (pages: Page[], surface: string): Promise<void> => {
    for (const page of pages) {
      expect(await page.locator(`${surface} :is(img, script), .presenter-panel :is(img, script)`).count()).toBe(0)
      expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined()
    }
  }
  const phones = (count: number): Promise<Device[]> => Promise.all(Array.from({ length: count }, () => device(() => openPhone(browser, server))))
  const startServer = (options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> =>
    // Listening on every interface, as `npm start` does, so that the join slide shows a LAN address; traffic stays on loopback.
    startTestServer({ deckDir: inject('builtDeckDir'), slidesPath: defaultSlidesPath, host: '0.0.0.0', privacy: room, ...options })

  beforeAll(async () => {
    await mkdir(screenshots, { recursive: true })
    server = await startServer()
    browser = await launchChromium()
  })

  beforeEach(async () => {
    // Each test has a session of its own, on the first slide: any of them can run alone.
    const session = await server.app.engine.startSession(`Essai ${Date.now()}`)
    // The shared views back on the first slide, showing the new session, the projection's motion as a new page's. The
    // room's slide is moved there too: a view of a test's own may have left it elsewhere.
    expect(await server.app.engine.execute({ type: 'move', page: 1, clicks: 0 })).toEqual({ ok: true })
    if (shared.laptop) {
      await goToSlide(shared.laptop.page, 1)
      await shared.laptop.page.locator('.slidev-page-1 .session-live', { hasText: session.name }).waitFor()
    }
    await shared.screen?.page.locator('.slidev-page-1').waitFor()
    await shared.screen?.page.emulateMedia({ reducedMotion: null })
  })

  afterEach(async () => {
    sockets.splice(0).forEach(socket => socket.close())
    const closing = devices.splice(0)
    if (sharedWornOut) {
      closing.push(...[shared.laptop, shared.screen].filter(view => view !== undefined))
      shared.laptop = shared.screen = undefined
      sharedWornOut = false
    }
    await Promise.all(closing.map(({ context }) => context.close()))
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('puts the presenter\'s slide on a projection of another device, counts phone taps live, and never moves the presenter', async () => {
    const laptop = await presenterView()
    expect(laptop.page.url()).not.toMatch(/connexion|signature/)
    const screen = await projection()
    const foreign = recordForeignRequests(screen.context, server.url)
    const errors = [...consoleErrors(laptop.page), ...consoleErrors(screen.page)]

    await goToSlide(laptop.page, scale.slide)
    await screen.page.locator(`.slidev-page-${scale.slide}`).waitFor()
    const voters = await phones(3)
    for (const phone of voters)
      await phone.page.getByText(scale.question).waitFor()

    await laptop.page.getByRole('button', { name: 'Ouvrir le vote' }).click()
    const choices = ['Plutôt d’accord', 'Plutôt d’accord', 'Tout à fait d’accord']
    for (const [index, phone] of voters.entries()) {
      await phone.page.getByLabel(choices[index]!).check()
      await phone.page.getByText('Réponse enregistrée').waitFor()
    }
    const results = screen.page.locator('.poll-scale')
    await results.getByText('67 %').waitFor()
    await results.getByText('33 %').waitFor()
    await screen.page.getByText('Vote ouvert · 3 votants').waitFor()
    await screen.page.getByText('4,3').waitFor()

    // Opening or reloading a projection moves no one.
    await screen.page.reload()
    await screen.page.locator(`.slidev-page-${scale.slide}`).waitFor()
    const another = await otherProjection()
    await another.page.locator(`.slidev-page-${scale.slide}`).waitFor()
    expect(laptop.page.url()).toContain(`/presenter/${scale.slide}`)
    await voters[0]!.page.screenshot({ path: join(screenshots, 'phone.png'), fullPage: true })
    expect(foreign).toEqual([])
    expect(errors).toEqual([])
  })

  it('lets a laptop and a tablet drive the same talk without fighting over the slide', async () => {
    const laptop = await presenterView()
    const tablet = await otherPresenterView()
    const screen = await projection()
    await goToSlide(laptop.page, scale.slide)
    await screen.page.locator(`.slidev-page-${scale.slide}`).waitFor()
    await goToSlide(tablet.page, quiz.slide)
    await screen.page.locator(`.slidev-page-${quiz.slide}`).waitFor()
    // A while later, each view is still where its presenter left it, and nothing was refused.
    await new Promise(resolve => setTimeout(resolve, 1500))
    expect(laptop.page.url()).toContain(`/presenter/${scale.slide}`)
    expect(tablet.page.url()).toContain(`/presenter/${quiz.slide}`)
    expect(server.app.engine.state.nav?.page).toBe(quiz.slide)
    expect(await laptop.page.getByText('Trop de demandes').count()).toBe(0)
    expect(await tablet.page.getByText('Trop de demandes').count()).toBe(0)
  })

  it('closes a quiz before revealing it, and tells each phone whether it was right', async () => {
    const laptop = await presenterView()
    const screen = await projection()
    await goToSlide(laptop.page, quiz.slide)
    const [right, wrong] = await phones(2)
    await laptop.page.getByRole('button', { name: 'Ouvrir le vote' }).click()
    const rightAnswer = quiz.options[quiz.answer]!
    const wrongAnswer = quiz.options.find(option => option !== rightAnswer)!
    await right!.page.getByLabel(rightAnswer).check()
    await right!.page.getByText('Réponse enregistrée').waitFor()
    await wrong!.page.getByLabel(wrongAnswer).check()
    await wrong!.page.getByText('Réponse enregistrée').waitFor()
    await laptop.page.getByText('2 votants · masqué pour la salle').waitFor()
    await screen.page.getByText('Réponses masquées jusqu’à la révélation.').waitFor()
    expect(await screen.page.getByText('Bonne réponse').count()).toBe(0)

    await laptop.page.getByRole('button', { name: 'Clore et révéler la réponse' }).click()
    await screen.page.getByText('Bonne réponse').waitFor()
    await screen.page.getByText('Vote clos · 2 votants').waitFor()
    await right!.page.getByText(`Bonne réponse ! Vous aviez choisi « ${rightAnswer} ».`).waitFor()
    await wrong!.page.getByText(`la bonne réponse était « ${rightAnswer} »`).waitFor()
    expect(await laptop.page.getByRole('button', { name: /Rouvrir le vote/ }).count()).toBe(0)
  })

  it('shows words as most voters spelled them, removes one only once confirmed, and can take the removal back', async () => {
    const laptop = await presenterView()
    const screen = await projection()
    await goToSlide(laptop.page, cloud.slide)
    const voters = await phones(3)
    await laptop.page.getByRole('button', { name: 'Ouvrir le vote' }).click()
    for (const [index, phone] of voters.entries()) {
      const card = phone.page.getByRole('article', { name: cloud.question })
      await card.getByLabel('Votre mot').fill(['ROI', 'roi', 'Écoute'][index]!)
      await card.getByRole('button', { name: 'Envoyer' }).click()
      await card.getByText('Réponse enregistrée').waitFor()
    }
    const words = screen.page.locator('.word-cloud')
    await words.getByText('ROI (2)').waitFor()
    await words.getByText('Écoute (1)').waitFor()

    await laptop.page.getByTitle('Retirer « Écoute »').click()
    await laptop.page.getByText('Retirer « Écoute » du nuage ?').waitFor()
    await laptop.page.getByRole('button', { name: 'Annuler' }).click()
    await words.getByText('Écoute (1)').waitFor()
    await laptop.page.getByTitle('Retirer « Écoute »').click()
    await laptop.page.getByRole('button', { name: 'Retirer', exact: true }).click()
    await words.getByText('Écoute').waitFor({ state: 'detached' })

    // The same word in disguise stays out.
    const [late] = await phones(1)
    const card = late!.page.getByRole('article', { name: cloud.question })
    await card.getByLabel('Votre mot').fill('e\u0301coute\u200B')
    await card.getByRole('button', { name: 'Envoyer' }).click()
    await card.getByText('Ce mot a été retiré par l’animateur.').waitFor()

    await laptop.page.getByTitle('Rétablir « ecoute »').click()
    await words.getByText('Écoute (1)').waitFor()
  })

  it('shows hostile words from phones as text on the projection\'s cloud and in the presenter\'s lists, never as markup', async () => {
    const laptop = await presenterView()
    const screen = await projection()
    const errors = [...consoleErrors(laptop.page), ...consoleErrors(screen.page)]
    await goToSlide(laptop.page, cloud.slide)
    await screen.page.locator(`.slidev-page-${cloud.slide}`).waitFor()
    const controls = laptop.page.locator('.presenter-panel')
    await controls.getByRole('button', { name: 'Ouvrir le vote' }).click()
    await controls.getByRole('button', { name: 'Clore le vote' }).waitFor()
    // Each fits in a word's 30 characters; the last keeps its markup in the folded spelling the removed list shows.
    const hostile = ['<img src=x onerror=__pwned=1>', '<script>__pwned=2</script>', 'a<img src onerror=__pwned=3>b']
    for (const word of hostile)
      expect(await request(await socketPhone(), 'vote', { pollId: cloud.id, answer: { kind: 'words', words: [word] } })).toEqual({ ok: true })

    for (const word of hostile) {
      await screen.page.locator('.word-cloud').getByText(`${word} (1)`).waitFor()
      await controls.getByRole('list', { name: 'Retirer un mot du nuage' }).getByRole('button', { name: `${word} ✕`, exact: true }).waitFor()
    }
    const removed = hostile[2]!
    await laptop.page.getByTitle(`Retirer « ${removed} »`).click()
    await controls.getByText(`Retirer « ${removed} » du nuage ? Il ne pourra plus être envoyé, même écrit autrement.`).waitFor()
    await controls.getByRole('button', { name: 'Retirer', exact: true }).click()
    await controls.getByRole('list', { name: 'Mots retirés' }).getByRole('button', { name: `Rétablir « ${removed} »`, exact: true }).waitFor()
    await screen.page.locator('.word-cloud').getByText(removed).waitFor({ state: 'detached' })

    await expectTextOnly([laptop.page, screen.page], '.word-cloud')
    expect(errors).toEqual([])
  })

  it('shows a hostile question as text in the presenter\'s moderation list and on the projection, never as markup', async () => {
    const laptop = await presenterView()
    const screen = await projection()
    const errors = [...consoleErrors(laptop.page), ...consoleErrors(screen.page)]
    await goToSlide(laptop.page, questionsSlide)
    await screen.page.locator(`.slidev-page-${questionsSlide}`).waitFor()
    const text = '<img src=x onerror=window.__pwned=1><script>window.__pwned=2</script> Et la sécurité ?'
    expect(await request(await socketPhone(), 'question:ask', { text })).toEqual({ ok: true })

    const moderation = laptop.page.locator('.presenter-panel')
    await moderation.getByRole('list', { name: 'Questions de la salle' }).getByText(text, { exact: true }).waitFor()
    await screen.page.locator('.question-board').getByText(text, { exact: true }).waitFor()
    await moderation.locator('li', { hasText: 'Et la sécurité ?' }).getByRole('button', { name: 'À l’écran' }).click()
    await screen.page.locator('.question-board .highlighted').getByText(text, { exact: true }).waitFor()

    await expectTextOnly([laptop.page, screen.page], '.question-board')
    expect(errors).toEqual([])
  })

  it('warns the presenter when a poll holds more ballots than devices were seen, and only then', async () => {
    const laptop = await presenterView()
    await goToSlide(laptop.page, scale.slide)
    const controls = laptop.page.locator('.presenter-panel')
    await controls.getByRole('button', { name: 'Ouvrir le vote' }).click()
    await controls.getByRole('button', { name: 'Clore le vote' }).waitFor()
    const vote = async (socket: ClientSocket): Promise<void> => {
      expect(await request(socket, 'vote', { pollId: scale.id, answer: { kind: 'scale', point: 3 } })).toEqual({ ok: true })
    }
    const warning = controls.getByText(/bulletins pour \d+ appareils vus/)

    // Three devices, one ballot each: no more ballots than addresses.
    const devicesAddresses = ['127.0.0.31', '127.0.0.32', '127.0.0.33']
    for (const address of devicesAddresses)
      await vote(await socketPhone(address))
    await controls.getByText('3 votants', { exact: true }).waitFor()
    expect(await warning.count()).toBe(0)

    // Addresses seen since the server started, earlier tests' phones included.
    const { socket: deck, snapshot } = await connectDeck(server, 'presenter')
    deck.close()
    const seen = snapshot.addresses
    expect(seen).toBeGreaterThanOrEqual(devicesAddresses.length)
    // One of them mints voter ids until the poll holds one ballot more than addresses were seen.
    for (let ballots = devicesAddresses.length; ballots <= seen; ballots++)
      await vote(await socketPhone(devicesAddresses[0]))
    await controls.getByText(`${seen + 1} bulletins pour ${seen} appareils vus : plusieurs votes viennent peut-être d’un même appareil.`, { exact: true }).waitFor()
  })

  it('shows the presenter, on any slide, the votes left open elsewhere, each closed in one click', async () => {
    const laptop = await presenterView()
    await goToSlide(laptop.page, scale.slide)
    await laptop.page.getByRole('button', { name: 'Ouvrir le vote' }).click()
    await goToSlide(laptop.page, joinSlide)
    const strip = laptop.page.locator('.presenter-strip:visible')
    // The question quotes its prejudice between guillemets of its own: the strip adds none.
    await strip.getByText(`Vote encore ouvert : ${scale.question}`).waitFor()
    expect(await strip.textContent()).not.toMatch(/«\s*«/)
    await strip.getByRole('button', { name: 'Clore' }).click()
    await strip.getByText('Vote encore ouvert').waitFor({ state: 'detached' })
    expect(server.app.engine.state.polls.get(scale.id)?.status).toBe('closed')
  })

  it('shows the join slide with its address and the phones connected, counted once each', async () => {
    const laptop = await presenterView()
    const screen = await projection()
    await goToSlide(laptop.page, joinSlide)
    const [phone] = await phones(2)
    // A second tab of the same phone is the same device.
    await (await phone!.context.newPage()).goto(`${server.url}/vote`)
    // Poll slides print the address too: look at the join slide itself.
    const slide = screen.page.locator(`.slidev-page-${joinSlide}`)
    await slide.getByText('2 connectés').waitFor()
    await slide.getByText(server.joinUrl.replace('http://', '')).waitFor()
    await screen.page.screenshot({ path: join(screenshots, 'join-slide.png') })
  })

  it('tells a presenter view whose access was revoked, and how to get it back', async () => {
    const laptop = await presenterView()
    await goToSlide(laptop.page, scale.slide)
    await laptop.page.getByRole('button', { name: 'Ouvrir le vote' }).waitFor()
    sharedWornOut = true
    rotatePresenterToken(server.dataDir)
    server.app.reloadAccess()
    await laptop.page.locator('.presenter-strip:visible').getByText('Accès animateur refusé : ouvrez le lien « Animateur »').waitFor()
    expect(await laptop.page.getByRole('button', { name: 'Ouvrir le vote' }).count()).toBe(0)
  })

  it('brings every page back by itself after the server restarts', async () => {
    const laptop = await presenterView()
    const screen = await projection()
    await goToSlide(laptop.page, ranking.slide)
    const [phone] = await phones(1)
    await laptop.page.getByRole('button', { name: 'Ouvrir le vote' }).click()
    for (const option of ranking.options)
      await phone!.page.getByRole('button', { name: option, exact: true }).click()
    await phone!.page.getByRole('button', { name: 'Valider mon classement' }).click()
    const recorded = `✓ Réponse enregistrée : « ${ranking.options.map((option, index) => `${index + 1}. ${option}`).join(', ')} »`
    await phone!.page.getByText(recorded).waitFor()

    const port = Number(new URL(server.url).port)
    sharedWornOut = true
    await server.close()
    try {
      await phone!.page.getByText('Connexion perdue, reconnexion en cours…').waitFor()
      await laptop.page.locator('.presenter-strip:visible').getByText('Serveur de vote injoignable').waitFor()
    }
    finally {
      server = await startServer({ port, dataDir: server.dataDir })
    }

    await phone!.page.getByText('Connexion perdue').waitFor({ state: 'hidden', timeout: 20_000 })
    await phone!.page.getByText(recorded).waitFor()
    await screen.page.getByText('Vote ouvert · 1 votant').waitFor({ timeout: 20_000 })
    await laptop.page.getByRole('button', { name: 'Clore le vote' }).click({ timeout: 20_000 })
    await phone!.page.getByText('Vote clos. Réponse comptée').waitFor()
  })

  it('shows on the presenter\'s slide only the questions the room sees, and marks the others in the moderation panel', async () => {
    const laptop = await presenterView()
    await goToSlide(laptop.page, questionsSlide)
    const moderation = laptop.page.locator('.presenter-panel')
    await moderation.getByRole('button', { name: 'Validation avant affichage : non' }).click()
    await moderation.getByRole('button', { name: 'Validation avant affichage : oui' }).waitFor()
    const asked = { shown: 'Quel budget pour commencer ?', waiting: 'Qui modère le week-end ?', hidden: 'Et les concurrents ?' }
    for (const text of Object.values(asked))
      expect(await request(await socketPhone(), 'question:ask', { text })).toEqual({ ok: true })
    await moderation.locator('li', { hasText: asked.shown }).getByRole('button', { name: 'Afficher' }).click()
    await moderation.locator('li', { hasText: asked.hidden }).getByRole('button', { name: 'Masquer' }).click()

    const board = laptop.page.locator('.question-board')
    await board.getByText(asked.shown).waitFor()
    await moderation.locator('li', { hasText: asked.hidden }).getByText('masquée').waitFor()
    expect(await board.count()).toBe(1)
    expect(await board.textContent()).not.toContain(asked.waiting)
    expect(await board.textContent()).not.toContain(asked.hidden)
    expect(await moderation.locator('li', { hasText: asked.waiting }).textContent()).toContain('en attente')
  })

  it('never covers the slide\'s figures with the presenter\'s controls, however many lines they wrap to', async () => {
    const laptop = await device(() => openDevice(browser, { viewport: { width: 1280, height: 800 } }))
    await openLink(laptop, server, 'presenter')
    await laptop.page.waitForURL(/\/presenter\/\d+/)
    /** The figures of the current slide that its controls overlap (slides seen before stay in the page, hidden). */
    const overlaps = async (slide: number, figures: string): Promise<string[]> => {
      const panel = (await laptop.page.locator(`.slidev-page-${slide} .presenter-panel`).boundingBox())!
      const covered: string[] = []
      for (const figure of await laptop.page.locator(`.slidev-page-${slide}`).locator(figures).all()) {
        const box = await figure.boundingBox()
        const apart = !box || box.x >= panel.x + panel.width || box.x + box.width <= panel.x || box.y >= panel.y + panel.height || box.y + box.height <= panel.y
        if (!apart)
          covered.push(`${await figure.textContent()}`)
      }
      return covered
    }

    let controls = laptop.page.locator(`.slidev-page-${scale.slide} .presenter-panel`)
    await goToSlide(laptop.page, scale.slide)
    await controls.getByRole('button', { name: 'Ouvrir le vote', exact: true }).click()
    await controls.getByRole('button', { name: 'Clore le vote' }).waitFor()
    for (const point of [0, 3, 3, 4])
      expect(await request(await socketPhone(), 'vote', { pollId: scale.id, answer: { kind: 'scale', point } })).toEqual({ ok: true })
    await controls.getByRole('button', { name: 'Remettre à zéro' }).click()
    await laptop.page.locator('.poll-scale .mean:visible').first().waitFor()
    await controls.getByText('4 votants', { exact: true }).waitFor()
    expect(await overlaps(scale.slide, '.poll-scale .mean, .poll-scale .label, .poll-layout > .poll-status')).toEqual([])

    controls = laptop.page.locator(`.slidev-page-${cloud.slide} .presenter-panel`)
    await goToSlide(laptop.page, cloud.slide)
    await controls.getByRole('button', { name: 'Ouvrir le vote', exact: true }).click()
    await controls.getByRole('button', { name: 'Clore le vote' }).waitFor()
    const words = ['visibilité', 'confiance', 'clients', 'ventes', 'écoute', 'image', 'réputation', 'recrutement', 'dialogue', 'innovation', 'proximité', 'notoriété']
    for (const word of words)
      expect(await request(await socketPhone(), 'vote', { pollId: cloud.id, answer: { kind: 'words', words: [word] } })).toEqual({ ok: true })
    await controls.getByRole('list', { name: 'Retirer un mot du nuage' }).getByRole('button').nth(words.length - 1).waitFor()
    await controls.getByText(`${words.length} votants`, { exact: true }).waitFor()
    expect((await controls.boundingBox())!.height).toBeGreaterThan(80)
    expect(await overlaps(cloud.slide, '.poll-layout > .poll-status')).toEqual([])
  })

  it('draws every column of a scale and a shift on one baseline, each bar as tall as its share', async () => {
    const laptop = await presenterView()
    const screen = await projection()
    const controls = laptop.page.locator('.presenter-panel:visible')
    const counts = [1, 2, 3, 4, 0]
    for (const poll of [scale, scaleAfter]) {
      await goToSlide(laptop.page, poll.slide)
      await controls.getByRole('button', { name: 'Ouvrir le vote', exact: true }).click()
      await controls.getByRole('button', { name: 'Clore le vote' }).waitFor()
      for (const [point, count] of counts.entries()) {
        for (let ballot = 0; ballot < count; ballot++)
          expect(await request(await socketPhone(), 'vote', { pollId: poll.id, answer: { kind: 'scale', point } })).toEqual({ ok: true })
      }
      await controls.getByRole('button', { name: 'Clore le vote' }).click()
    }
    /** Each track's top and bottom, and its fills' heights, as drawn. */
    const columns = (tracks: string) => screen.page.locator(tracks).evaluateAll(elements => elements.map((track) => {
      const box = track.getBoundingClientRect()
      return { top: box.top, bottom: box.bottom, fills: [...track.querySelectorAll('.fill')].map(fill => fill.getBoundingClientRect().height) }
    }))
    /** One baseline, one height for every track; the tallest share fills its track, the others in proportion. */
    const expectOneBaseline = (drawn: Awaited<ReturnType<typeof columns>>): void => {
      expect(drawn).toHaveLength(counts.length)
      const tallest = Math.max(...drawn.flatMap(column => column.fills))
      expect(tallest).toBeGreaterThan(40)
      drawn.forEach((column, index) => {
        expect(Math.abs(column.bottom - drawn[0]!.bottom)).toBeLessThanOrEqual(1)
        expect(Math.abs(column.top - drawn[0]!.top)).toBeLessThanOrEqual(1)
        column.fills.forEach(fill => expect(Math.abs(fill - tallest * counts[index]! / Math.max(...counts))).toBeLessThanOrEqual(1.5))
      })
    }

    // Bars drawn at once, not growing.
    await screen.page.emulateMedia({ reducedMotion: 'reduce' })
    await goToSlide(laptop.page, scale.slide)
    await screen.page.locator(`.slidev-page-${scale.slide} .poll-scale .mean`).waitFor()
    expectOneBaseline(await columns(`.slidev-page-${scale.slide} .poll-scale .track`))

    await goToSlide(laptop.page, scaleShiftSlide)
    await screen.page.locator(`.slidev-page-${scaleShiftSlide} .poll-shift .summary`).waitFor()
    expectOneBaseline(await columns(`.slidev-page-${scaleShiftSlide} .poll-shift .pair`))
  })

  it('takes the room\'s questions: phones ask and vote, the presenter approves, puts one on the screen and marks it answered', async () => {
    const laptop = await presenterView()
    const screen = await projection()
    await goToSlide(laptop.page, questionsSlide)
    await screen.page.locator(`.slidev-page-${questionsSlide}`).waitFor()
    const moderation = laptop.page.locator('.presenter-panel')
    await moderation.getByRole('button', { name: 'Validation avant affichage : non' }).click()
    await moderation.getByRole('button', { name: 'Validation avant affichage : oui' }).waitFor()

    const [first, second, third] = await phones(3)
    const ask = async (phone: Device, text: string): Promise<void> => {
      await phone.page.getByLabel('Votre question, anonyme').fill(text)
      await phone.page.getByRole('button', { name: 'Envoyer la question' }).click()
      await phone.page.getByText('En attente de validation par l’animateur.').waitFor()
    }
    await ask(first!, 'Combien de temps faut-il y consacrer par semaine ?')
    await ask(second!, '<b>Qui</b> répondra aux clients mécontents ?')
    // Waiting questions reach the presenter, on any slide, and not the room.
    await laptop.page.locator('.presenter-strip:visible').getByText('2 questions attendent votre validation').waitFor()
    expect(await screen.page.getByText('Combien de temps').count()).toBe(0)

    for (const text of ['Combien de temps', '<b>Qui</b>'])
      await moderation.locator('li', { hasText: text }).getByRole('button', { name: 'Afficher' }).click()
    // The room's questions are not part of a phone's first load: the voter opens them.
    for (const phone of [first!, third!])
      await phone.page.getByRole('button', { name: 'Voir les questions de la salle' }).click()
    const room = third!.page.getByRole('list', { name: 'Questions de la salle' })
    await room.locator('li', { hasText: '<b>Qui</b>' }).getByRole('button', { name: 'Voter pour cette question (0)' }).click()
    await first!.page.getByRole('list', { name: 'Questions de la salle' }).locator('li', { hasText: '<b>Qui</b>' }).getByRole('button', { name: /Voter pour cette question/ }).click()
    const board = screen.page.locator('.question-board')
    await board.locator('li').first().getByText('2 votes').waitFor()
    expect(await board.locator('li').first().textContent()).toContain('<b>Qui</b> répondra aux clients mécontents ?')
    expect(await board.locator('b').count()).toBe(0)

    await moderation.locator('li', { hasText: '<b>Qui</b>' }).getByRole('button', { name: 'À l’écran' }).click()
    await board.locator('.highlighted').getByText('<b>Qui</b> répondra aux clients mécontents ?').waitFor()
    await moderation.locator('li', { hasText: '<b>Qui</b>' }).getByRole('button', { name: 'Répondue' }).click()
    await board.locator('li.answered').getByText('répondue').waitFor()

    // A flood from one phone goes in one click: every open question of its sender, answered ones left as they are.
    for (const text of ['Publicité : achetez maintenant !', 'Publicité : dernière chance !']) {
      await second!.page.getByLabel('Votre question, anonyme').fill(text)
      await second!.page.getByRole('button', { name: 'Envoyer la question' }).click()
      await moderation.locator('li', { hasText: text }).waitFor()
    }
    await moderation.locator('li', { hasText: 'dernière chance' }).getByRole('button', { name: 'Masquer ses 2 questions' }).click()
    for (const text of ['achetez maintenant', 'dernière chance'])
      await moderation.locator('li.hidden', { hasText: text }).waitFor()
    await second!.page.getByRole('list', { name: 'Vos questions' }).getByText('Non retenue par l’animateur.').first().waitFor()
    expect(await moderation.locator('li', { hasText: '<b>Qui</b>' }).getAttribute('class')).toBe('answered')
    expect(await moderation.locator('li', { hasText: 'Combien de temps' }).getAttribute('class')).toBe('approved')
  })

  it('shows the room\'s reactions on the projection, lightly, except on a vote', async () => {
    const laptop = await presenterView()
    const screen = await projection()
    const [phone] = await phones(1)
    await goToSlide(laptop.page, factsSlide)
    await screen.page.locator(`.slidev-page-${factsSlide}`).waitFor()
    await phone!.page.getByRole('button', { name: 'Réagir : Bravo' }).click()
    await screen.page.locator('.reaction-burst').getByText('👏').waitFor()
    await screen.page.locator('.reaction-burst').waitFor({ state: 'detached' })

    await goToSlide(laptop.page, scale.slide)
    await screen.page.locator(`.slidev-page-${scale.slide}`).waitFor()
    await phone!.page.getByRole('button', { name: 'Réagir : Bravo' }).click()
    await new Promise(resolve => setTimeout(resolve, 1000))
    expect(await screen.page.locator('.reaction-burst').count()).toBe(0)
  })

  // Two exports, the slowest steps of the suite: everything a session leaves, then the quiz once revealed.
  it('exports a PDF of the session: the votes cast, what was not held, what was still open, the room\'s questions, the quiz answer only once revealed', async () => {
    const { engine } = server.app
    const execute = async (command: Parameters<typeof engine.execute>[0]): Promise<void> => {
      expect(await engine.execute(command), JSON.stringify(command)).toEqual({ ok: true })
    }
    const vote = (pollId: string, voterId: string, answer: Answer): Promise<void> => execute({ type: 'vote', pollId, voterId, answer })
    await execute({ type: 'open', pollId: scale.id })
    await vote(scale.id, 'pdf-voter-000000001', { kind: 'scale', point: 3 })
    await vote(scale.id, 'pdf-voter-000000002', { kind: 'scale', point: 3 })
    await vote(scale.id, 'pdf-voter-000000003', { kind: 'scale', point: 4 })
    await execute({ type: 'close', pollId: scale.id })
    await execute({ type: 'open', pollId: scaleAfter.id })
    for (const voterId of ['pdf-voter-000000001', 'pdf-voter-000000002', 'pdf-voter-000000003'])
      await vote(scaleAfter.id, voterId, { kind: 'scale', point: 1 })
    await execute({ type: 'open', pollId: quiz.id })
    for (const voterId of ['pdf-voter-000000001', 'pdf-voter-000000002', 'pdf-voter-000000003'])
      await vote(quiz.id, voterId, { kind: 'quiz', choice: quiz.answer })
    await execute({ type: 'open', pollId: cloud.id })
    await vote(cloud.id, 'pdf-voter-000000001', { kind: 'words', words: ['ROI'] })
    await vote(cloud.id, 'pdf-voter-000000002', { kind: 'words', words: ['roi'] })
    await vote(cloud.id, 'pdf-voter-000000003', { kind: 'words', words: ['ROI'] })
    await execute({ type: 'close', pollId: cloud.id })
    // Not the deck's order: the last option comes out first.
    const inOrder = ranking.options.map((_, option) => option)
    const orders = [[...inOrder].reverse(), inOrder, [inOrder.length - 1, ...inOrder.slice(0, -1)]]
    await execute({ type: 'open', pollId: ranking.id })
    for (const [index, order] of orders.entries())
      await vote(ranking.id, `pdf-voter-00000000${index + 1}`, { kind: 'ranking', order })
    await execute({ type: 'close', pollId: ranking.id })
    await execute({ type: 'set-moderation', moderated: false })
    await execute({ type: 'ask', questionId: 'pdf-question-1', voterId: 'pdf-voter-000000001', text: 'Combien de temps faut-il y consacrer par semaine ?' })
    await execute({ type: 'ask', questionId: 'pdf-question-2', voterId: 'pdf-voter-000000002', text: '<b>Qui</b> répondra aux clients mécontents ?' })
    await execute({ type: 'upvote', questionId: 'pdf-question-2', voterId: 'pdf-voter-000000003', upvoted: true })
    await execute({ type: 'moderate', questionId: 'pdf-question-2', action: 'answer' })

    const pdf = join(await temporaryDir('e2e-export-'), 'deck.pdf')
    // The export applies talk.yml's threshold as the server does: the same smallest room.
    const talkConfig = join(await temporaryDir('e2e-talk-'), 'talk.yml')
    await writeFile(talkConfig, 'threshold: 3\n')
    await run('node', ['--import', 'tsx', 'scripts/export.ts', '--output', pdf], { DATA_DIR: server.dataDir, TALK_CONFIG: talkConfig, DECK_DIR: inject('builtDeckDir') })
    const pages = await pdfPagesText(pdf)
    const scalePage = pages[scale.slide - 1]!
    expect(scalePage).toMatch(/0\s?%[\s\S]*67\s?%[\s\S]*33\s?%/)
    expect(scalePage).toContain('Moyenne : 4,3 sur 5')
    expect(scalePage).toMatch(/3 votants · \d{1,2} \S+ \d{4}/)
    // The comparison with a vote left open says so too, and which one.
    expect(pages[scaleShiftSlide - 1]).toMatch(/67\s?%\s+→\s+0\s?%/)
    expect(pages[scaleShiftSlide - 1]).toMatch(/Vote «\s+après les faits\s+» encore ouvert lors de l’export\./)
    // Still open, not revealed: the counts print, the answer does not, and the page says the vote was open.
    const quizPage = pages[quiz.slide - 1]!
    expect(quizPage).toMatch(/Vote encore ouvert lors de l’export · 3 votants/)
    expect(quizPage).not.toMatch(/bonne réponse/i)
    expect(pages[cloud.slide - 1]).toMatch(/ROI\s+\(3\)/)
    expect(pages[notHeld.slide - 1]).toContain('Vote non tenu')

    // The ranking best first, each option on its line with its average rank and points.
    const { results } = viewPoll(ranking, engine.state.polls.get(ranking.id)!, 'record', { privacy: room })
    if (!results || !isResultsOf('ranking', results))
      throw new Error('no ranking results')
    expect(results.scores[0]!.option).toBe(inOrder.length - 1)
    const rankingLines = pages[ranking.slide - 1]!.split('\n').map(comparableText)
    const printedAt = results.scores.map((score) => {
      const { rank, points } = scoreFigures(score)
      return rankingLines.findIndex(line => line.startsWith(comparableText(ranking.options[score.option]!)) && line.endsWith(comparableText(`${rank} ${points}`)))
    })
    expect(printedAt.every(line => line >= 0), rankingLines.join('\n')).toBe(true)
    expect(printedAt).toEqual([...printedAt].sort((a, b) => a - b))
    expect(rankingLines.join(' ')).toContain('3 votants')
    // The decision takes up the step the room ranked first (« Mesurer et donner suite »), not a fixed one.
    expect(comparableText(pages[decisionSlide - 1]!)).toContain(comparableText('Choisir trois indicateurs'))

    // The room's questions, as text, with their votes and what became of them.
    const questionsPage = pages[questionsSlide - 1]!
    expect(questionsPage).toMatch(/Combien de temps faut-il y consacrer par semaine \?\s+aucun vote/)
    expect(questionsPage).toMatch(/<b>Qui<\/b> répondra aux clients mécontents \?\s+répondue/)

    await execute({ type: 'reveal', pollId: quiz.id })
    await run('node', ['--import', 'tsx', 'scripts/export.ts', '--output', pdf], { DATA_DIR: server.dataDir, TALK_CONFIG: talkConfig, DECK_DIR: inject('builtDeckDir') })
    const revealed = (await pdfPagesText(pdf))[quiz.slide - 1]!
    expect(revealed).toMatch(/bonne réponse/i)
    expect(revealed).toMatch(/100\s?%\s+\(3\)/)
  }, 300_000)
})
