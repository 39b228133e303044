import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { PollDefinition } from '../../core/poll-definitions'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { projectRoot } from '../../server/deck-build'
import { defaultSlidesPath, loadDeckSlides, loadPollCatalog } from '../../server/deck-source'
import { launchChromium, recordForeignRequests } from '../support/browser'
import { run } from '../support/commands'
import { pdfPagesText } from '../support/pdf'
import { startTestServer, temporaryDir } from '../support/poll-server'

type TestServer = Awaited<ReturnType<typeof startTestServer>>

const screenshots = join(projectRoot, 'docs', 'screenshots')

describe('a live poll, from the phones to the PDF', () => {
  let server: TestServer
  let browser: Browser
  let audience: Page
  let presenter: Page
  const phones: { context: BrowserContext, page: Page }[] = []
  let scale: PollDefinition
  let quiz: Extract<PollDefinition, { kind: 'quiz' }>
  let cloud: PollDefinition
  let joinSlide: number
  let foreignRequests: string[]

  beforeAll(async () => {
    const catalog = await loadPollCatalog()
    scale = Object.values(catalog.polls).find(poll => poll.kind === 'scale' && !poll.repeats)!
    quiz = Object.values(catalog.polls).find((poll): poll is typeof quiz => poll.kind === 'quiz')!
    cloud = Object.values(catalog.polls).find(poll => poll.kind === 'words')!
    joinSlide = (await loadDeckSlides()).find(slide => slide.frontmatter.layout === 'join')!.number
    await mkdir(screenshots, { recursive: true })

    // Listening on every interface, as `npm start` does, so that the join slide shows a LAN address; traffic stays on loopback.
    server = await startTestServer({ deckDir: inject('builtDeckDir'), slidesPath: defaultSlidesPath, host: '0.0.0.0' })
    browser = await launchChromium()
    const deckContext = await browser.newContext({ viewport: { width: 1280, height: 720 } })
    foreignRequests = recordForeignRequests(deckContext, server.url)
    audience = await deckContext.newPage()
    presenter = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage()
    await audience.goto(`${server.url}/${scale.slide}`)
    await presenter.goto(`${server.url}/presenter/${scale.slide}#token=${server.app.presenterToken}`)
    for (let index = 0; index < 3; index++) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
      phones.push({ context, page: await context.newPage() })
    }
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('keeps the presenter link out of the address bar', async () => {
    await presenter.getByRole('button', { name: 'Ouvrir le vote' }).waitFor()
    expect(presenter.url()).not.toContain('token')
  })

  it('shows phones the poll the presenter is on, and counts their votes live on the screen', async () => {
    for (const { page } of phones) {
      await page.goto(`${server.url}/vote`)
      await page.getByText(scale.question).waitFor()
    }
    await presenter.getByRole('button', { name: 'Ouvrir le vote' }).click()
    const choices = ['Plutôt d’accord', 'Plutôt d’accord', 'Tout à fait d’accord']
    for (const [index, { page }] of phones.entries()) {
      await page.getByLabel(choices[index]!).check()
      await page.getByText('Réponse enregistrée').waitFor()
    }
    const results = audience.locator('.poll-scale')
    await results.getByText('67 %').waitFor()
    await results.getByText('33 %').waitFor()
    await audience.getByText('Vote ouvert · 3 votants').waitFor()
    await audience.getByText('4,3').waitFor()
  })

  it('brings a phone back online with its vote and the current state', async () => {
    const { context, page } = phones[0]!
    await context.setOffline(true)
    await page.getByText('Connexion perdue').waitFor()
    await presenter.getByRole('button', { name: 'Clore le vote' }).click()
    await audience.getByText('Vote clos · 3 votants').waitFor()
    await context.setOffline(false)
    await page.getByText('Le vote est clos. Votre réponse est comptée.').waitFor()
    expect(await page.getByLabel('Plutôt d’accord').isChecked()).toBe(true)
  })

  it('reveals the results to the phones', async () => {
    await presenter.getByRole('button', { name: 'Révéler les résultats' }).click()
    const { page } = phones[1]!
    await page.getByRole('heading', { name: 'Résultats' }).waitFor()
    await page.getByText('Moyenne : 4,3 sur 5').waitFor()
    await page.screenshot({ path: join(screenshots, 'phone.png'), fullPage: true })
  })

  it('keeps a quiz hidden from the room until the presenter reveals the answer', async () => {
    await presenter.goto(`${server.url}/presenter/${quiz.slide}`)
    await audience.goto(`${server.url}/${quiz.slide}`)
    await presenter.getByRole('button', { name: 'Ouvrir le vote' }).click()
    for (const { page } of phones) {
      await page.getByText(quiz.question).waitFor()
      await page.getByLabel(quiz.options[quiz.answer]!).check()
      await page.getByText('Réponse enregistrée').waitFor()
    }
    await presenter.getByText('3 votants · masqué pour la salle').waitFor()
    await audience.getByText('Vote ouvert · 3 votants').waitFor()
    expect(await audience.getByText('Réponses masquées jusqu’à la révélation.').isVisible()).toBe(true)
    await presenter.getByRole('button', { name: 'Clore le vote' }).click()
    await presenter.getByRole('button', { name: 'Révéler la réponse' }).click()
    await audience.getByText('Bonne réponse').waitFor()
    await audience.locator('.poll-bars').getByText('100 %').waitFor()
  })

  it('builds a word cloud from what phones type, and lets the presenter remove a word', async () => {
    await presenter.goto(`${server.url}/presenter/${cloud.slide}`)
    await audience.goto(`${server.url}/${cloud.slide}`)
    await presenter.getByRole('button', { name: 'Ouvrir le vote' }).click()
    for (const [index, { page }] of phones.entries()) {
      const card = page.getByRole('article', { name: cloud.question })
      await card.getByLabel('Votre mot').fill(['Confiance', ' confiance ', 'Écoute'][index]!)
      await card.getByRole('button', { name: 'Envoyer' }).click()
      await card.getByText('Réponse enregistrée').waitFor()
    }
    const words = audience.locator('.word-cloud')
    await words.getByText('confiance (2)').waitFor()
    await words.getByText('écoute (1)').waitFor()
    await presenter.getByTitle('Retirer « écoute »').click()
    await words.getByText('écoute').waitFor({ state: 'detached' })
    await presenter.getByRole('button', { name: 'Clore le vote' }).click()
  })

  it('shows the join slide with the number of connected phones', async () => {
    await audience.goto(`${server.url}/${joinSlide}`)
    await audience.getByText('3 connectés').waitFor()
    await audience.getByText(server.joinUrl.replace('http://', '')).waitFor()
    await audience.screenshot({ path: join(screenshots, 'join-slide.png') })
    expect(foreignRequests).toEqual([])
  })

  it('exports a PDF that prints the votes cast', async () => {
    const pdf = join(await temporaryDir('e2e-export-'), 'deck.pdf')
    await run('node', ['--import', 'tsx', 'scripts/export.ts', '--output', pdf], { DATA_DIR: server.dataDir })
    const pages = await pdfPagesText(pdf)
    const scalePage = pages[scale.slide - 1]!
    expect(scalePage).toMatch(/0\s?%[\s\S]*67\s?%[\s\S]*33\s?%/)
    expect(scalePage).toContain('Moyenne : 4,3 sur 5')
    expect(scalePage).toMatch(/3 votants · \d{1,2} \S+ \d{4}/)
    const quizPage = pages[quiz.slide - 1]!
    expect(quizPage).toMatch(/bonne réponse/i)
    expect(quizPage).toMatch(/100\s?%\s+\(3\)/)
    const cloudPage = pages[cloud.slide - 1]!
    expect(cloudPage).toMatch(/confiance\s+\(2\)/)
    expect(cloudPage).not.toContain('écoute')
    const joinPage = pages[joinSlide - 1]!
    expect(joinPage).toMatch(/[\w.-]+:\d+\/vote/)
    expect(joinPage).not.toMatch(/connecté/)
    expect(pages.join('\n')).not.toMatch(/Connexion|déconnecté|hors ligne/i)
  }, 300_000)
})
