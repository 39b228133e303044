import type { Browser, Page } from 'playwright-core'
import type { TestServer } from '../support/poll-server'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { formatTime } from '../../core/format'
import { defaultSlidesPath, loadDeckSlides } from '../../server/deck-source'
import { launchChromium } from '../support/browser'
import { startTestServer } from '../support/poll-server'
import { goToSlide } from '../support/slides'
import { openDevice, openLink } from '../support/talk'

const decisionSlide = (await loadDeckSlides()).find(slide => slide.frontmatter.layout === 'decision')!.number

/** The rows of the decision as a slide shows them, « label: text ». */
function rowsOf(page: Page): Promise<string[]> {
  return page.locator(`.slidev-page-${decisionSlide}:visible .decision > ul li`).evaluateAll(items => items.map(item =>
    `${item.querySelector('strong')!.textContent!.trim()}: ${item.textContent!.replace(item.querySelector('strong')!.textContent!, '').trim()}`))
}

describe('the decision slide', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startTestServer({ deckDir: inject('builtDeckDir'), slidesPath: defaultSlidesPath })
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('lets the presenter correct and record the decision from a form that fits beside the rows, and the projection then shows « Décision prise »', async () => {
    const laptop = await openDevice(browser, { viewport: { width: 1280, height: 800 } })
    const screen = await openDevice(browser, { viewport: { width: 1280, height: 720 } })
    try {
      const presenter = await openLink(laptop, server, 'presenter')
      await goToSlide(presenter, decisionSlide)
      const form = presenter.locator(`.slidev-page-${decisionSlide}:visible .decision-form`)
      const firstStep = form.getByLabel('Premier pas')
      await firstStep.waitFor()
      expect(await firstStep.inputValue()).toBe('Écouter ce qui se dit de nous')
      expect(await form.getByLabel('Et aussi').inputValue()).toBe('')
      expect(await form.getByRole('status').textContent()).toBe('Décision pas encore enregistrée')

      // The whole form within the window, and no row the room reads under it.
      const box = (await form.boundingBox())!
      expect(box.y + box.height).toBeLessThanOrEqual(800)
      for (const row of await presenter.locator(`.slidev-page-${decisionSlide}:visible .decision > ul li`).all()) {
        const rowBox = (await row.boundingBox())!
        expect(rowBox.y + rowBox.height, await row.textContent() ?? '').toBeLessThanOrEqual(box.y)
      }

      await firstStep.fill('<b>Écouter</b>   ce qui se dit de nous')
      await form.getByLabel('Responsable').fill('claire Martin, DirCom')
      await form.getByLabel('Point d’étape').fill('Comité du 11 juin')
      await form.getByRole('button', { name: 'Enregistrer la décision' }).click()
      await expect.poll(() => server.app.engine.state.decision?.owner).toBe('claire Martin, DirCom')
      const { recordedAt } = server.app.engine.state.decision!
      await form.getByRole('status').filter({ hasText: `Décision enregistrée à ${formatTime(recordedAt)}` }).waitFor()

      const projection = await openLink(screen, server, 'screen')
      await goToSlide(projection, decisionSlide)
      const slide = projection.locator(`.slidev-page-${decisionSlide}:visible`)
      await slide.getByRole('heading', { name: 'Décision prise' }).waitFor()
      expect(await slide.getByRole('heading', { name: 'Décision proposée' }).isVisible()).toBe(false)
      expect(await rowsOf(projection)).toEqual([
        'Premier pas: <b>Écouter</b> ce qui se dit de nous',
        'Responsable: Claire Martin, DirCom',
        'Moyens: Deux jours par mois, sans outil payant',
        'Livrable: Une note d’une page\u00A0: risques, occasions, objectif',
        'Point d’étape: Comité du 11 juin',
      ])
      // Typed markup is shown as text, never drawn.
      expect(await slide.locator('.decision b').count()).toBe(0)
    }
    finally {
      await laptop.context.close()
      await screen.context.close()
    }
  })
})
