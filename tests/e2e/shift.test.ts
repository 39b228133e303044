// The shift slide and the small-room threshold as the projection draws them, from votes sent by phones over socket.io.
import type { Browser } from 'playwright-core'
import type { ClientSocket, TestServer } from '../support/poll-server'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { defaultSlidesPath, loadDeckSlides, loadPollCatalog } from '../../server/deck-source'
import { launchChromium } from '../support/browser'
import { connectPhone, randomVoterId, request, startTestServer } from '../support/poll-server'
import { openDevice, openLink } from '../support/talk'

const catalog = await loadPollCatalog()
const [after, small] = Object.values(catalog.polls).filter(poll => poll.repeats)
const shiftSlide = (await loadDeckSlides()).find(slide => slide.frontmatter.shift === after!.id)!.number

describe('the shift voter by voter, on the projection', () => {
  let server: TestServer
  let browser: Browser
  const phones: ClientSocket[] = []

  /** Opens a poll, takes one answer per phone (on the agreement scale's points), closes it. */
  async function hold(pollId: string, points: number[]): Promise<void> {
    expect(await server.app.engine.execute({ type: 'open', pollId })).toEqual({ ok: true })
    for (const [index, point] of points.entries())
      expect(await request(phones[index]!, 'vote', { pollId, answer: { kind: 'scale', point } })).toEqual({ ok: true })
    expect(await server.app.engine.execute({ type: 'close', pollId })).toEqual({ ok: true })
  }

  beforeAll(async () => {
    server = await startTestServer({ deckDir: inject('builtDeckDir'), slidesPath: defaultSlidesPath, privacy: { threshold: 3, liveResults: false } })
    browser = await launchChromium()
    for (let index = 0; index < 9; index++)
      phones.push((await connectPhone(server.url, randomVoterId())).socket)
    // 8 voters of both: 3 toward disagreement (one by two points), 1 toward agreement, 4 unchanged; a ninth before only.
    await hold(after!.repeats!, [3, 3, 4, 2, 0, 1, 2, 4, 4])
    await hold(after!.id, [2, 2, 2, 3, 0, 1, 2, 4])
    // Another pair, with two voters: under the threshold.
    await hold(small!.repeats!, [1, 3])
    await hold(small!.id, [1, 1])
  })

  afterAll(async () => {
    phones.forEach(socket => socket.close())
    await browser?.close()
    await server?.close()
  })

  it('shows how many answered both, which counts the threshold lets out, and the mean change; masks a pair of two voters', async () => {
    const screen = await openDevice(browser, { viewport: { width: 1280, height: 720 } })
    try {
      expect(await server.app.engine.execute({ type: 'move', page: shiftSlide, clicks: 0 })).toEqual({ ok: true })
      const page = await openLink(screen, server, 'screen')
      const movement = page.locator(`.slidev-page-${shiftSlide} .poll-shift .movement`)
      await movement.waitFor()
      await movement.getByText('Voix par voix · 8\u00A0votants des deux votes').waitFor()
      const figures = await movement.locator('dl > div').evaluateAll(rows => rows.map(row => `${row.querySelector('dt')!.textContent}: ${row.querySelector('dd')!.textContent}`))
      // 1 toward agreement is under 3, and 8 − 4 would give the 3 away: both are masked; −3/8 reads −0,4.
      expect(figures).toEqual(['Vers l’accord: masqué', 'Vers le désaccord: masqué', 'Inchangés: 4', 'Écart moyen: \u22120,4\u00A0point'])
      await movement.getByText('Masqué\u00A0: moins de 3\u00A0votants, ou déductible des autres.').waitFor()
      // Beside today's totals: 9 before, 8 after.
      await page.locator(`.slidev-page-${shiftSlide} .poll-shift .legend`).getByText('Avant les faits · 9 votants').waitFor()

      const smallShift = (await loadDeckSlides()).find(slide => slide.frontmatter.shift === small!.id)!.number
      expect(await server.app.engine.execute({ type: 'move', page: smallShift, clicks: 0 })).toEqual({ ok: true })
      await page.locator(`.slidev-page-${smallShift}`).getByText('Résultats masqués\u00A0: moins de 3\u00A0votants').waitFor()
      expect(await page.locator(`.slidev-page-${smallShift} .poll-shift`).count()).toBe(0)
      // The « après » poll's own slide: how many voted, no bars.
      expect(await server.app.engine.execute({ type: 'move', page: small!.slide, clicks: 0 })).toEqual({ ok: true })
      const pollSlide = page.locator(`.slidev-page-${small!.slide}`)
      await pollSlide.getByText('Résultats masqués\u00A0: moins de 3\u00A0votants').waitFor()
      await pollSlide.getByText('Vote clos · 2\u00A0votants').waitFor()
      expect(await pollSlide.locator('.poll-scale').count()).toBe(0)
    }
    finally {
      await screen.context.close()
    }
  })
})
