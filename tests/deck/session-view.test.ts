import type { Browser } from 'playwright-core'
import type { TestServer } from '../support/poll-server'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { formatDate } from '../../core/format'
import { defaultSlidesPath, loadPollCatalog } from '../../server/deck-source'
import { launchChromium } from '../support/browser'
import { ageSessions, connectPhone, request, startTestServer, temporaryDir } from '../support/poll-server'
import { openDevice, openLink } from '../support/talk'

describe('the presenter view\'s first slide', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    // A rehearsal's leftovers, from yesterday: two phones voted on one poll, one of them on a second.
    const dataDir = await temporaryDir('polls-first-slide-')
    const rehearsal = await startTestServer({ deckDir: inject('builtDeckDir'), slidesPath: defaultSlidesPath, dataDir })
    const [first, second] = Object.values((await loadPollCatalog()).polls).filter(poll => poll.kind === 'scale' && !poll.repeats)
    for (const poll of [first!, second!])
      expect(await rehearsal.app.engine.execute({ type: 'open', pollId: poll.id })).toEqual({ ok: true })
    const phones = await Promise.all([connectPhone(rehearsal.url), connectPhone(rehearsal.url)])
    for (const [index, { socket }] of phones.entries()) {
      for (const poll of index === 0 ? [first!, second!] : [first!])
        expect(await request(socket, 'vote', { pollId: poll.id, answer: { kind: 'scale', point: 2 } })).toEqual({ ok: true })
    }
    phones.forEach(({ socket }) => socket.close())
    await rehearsal.close()
    ageSessions(dataDir, 1)
    // Told to resume it, as `SESSION=resume` would.
    server = await startTestServer({ deckDir: inject('builtDeckDir'), slidesPath: defaultSlidesPath, dataDir, session: 'resume' })
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('says which session is live, since when, what it holds, warns of another day\'s votes, and starts a fresh one', async () => {
    const laptop = await openDevice(browser, { viewport: { width: 1280, height: 800 } })
    try {
      const page = await openLink(laptop, server, 'presenter')
      expect(page.url()).toMatch(/\/presenter\/1$/)
      const { session } = server.app.engine.state
      const time = new Date(session.startedAt).toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' })
      const live = page.locator('.session-live:visible')
      await live.filter({ hasText: '3 bulletins' }).waitFor()
      expect(await live.count()).toBe(1)
      expect((await live.textContent())!.replaceAll('\u00A0', ' ')).toBe(`Session en cours : n° 1, « ${session.name} », commencée le ${formatDate(session.startedAt)} à ${time} · 3 bulletins, 2 votants au moins`)
      expect(formatDate(session.startedAt)).toBe(formatDate(new Date(Date.now() - 86_400_000).toISOString()))
      const panel = page.locator('.presenter-panel:visible', { has: live })
      expect(await panel.getAttribute('class')).toContain('warning')

      await page.getByRole('button', { name: 'Nouvelle session' }).click()
      await page.getByRole('button', { name: 'Démarrer' }).click()
      await live.filter({ hasText: 'n° 2' }).waitFor()
      expect((await live.textContent())!).toMatch(/ · aucun vote$/)
      expect(await panel.getAttribute('class')).not.toContain('warning')
      expect(server.app.engine.state.session.id).toBe(2)
    }
    finally {
      await laptop.context.close()
    }
  })
})
