import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import { axeProblems } from '../support/axe'
import { phoneDevice } from '../support/browser'
import { phoneRoom } from '../support/phone-room'
import { connectDeck, connectPhone, request } from '../support/poll-server'

describe('questions and reactions on the phone', () => {
  const room = phoneRoom()
  const contexts: BrowserContext[] = []

  async function openPhone(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
    const context = await room.browser.newContext({ ...phoneDevice, ...options })
    context.setDefaultTimeout(8000)
    contexts.push(context)
    const page = await context.newPage()
    await page.goto(`${room.server.url}/vote`)
    await page.getByRole('heading', { name: 'Questions à l’animateur' }).waitFor()
    return page
  }

  /** The room's questions are not part of the first load: the voter opens them. */
  const openRoom = async (page: Page): Promise<ReturnType<Page['getByRole']>> => {
    await page.getByRole('button', { name: 'Voir les questions de la salle' }).click()
    return page.getByRole('list', { name: 'Questions de la salle' })
  }

  const ask = async (page: Page, text: string): Promise<void> => {
    await page.getByLabel('Votre question, anonyme').fill(text)
    await page.getByRole('button', { name: 'Envoyer la question' }).click()
    await page.getByText('Question envoyée.').waitFor()
  }

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map(context => context.close()))
    await room.server.app.engine.startSession('Séance suivante')
  })

  it('asks a question anonymously, votes for another, and sees them ranked by votes', async () => {
    const mine = await openPhone()
    const other = await openPhone()
    await ask(other, 'Faut-il une charte avant de commencer ?')
    await ask(mine, 'Qui parle au nom de l’entreprise ?')
    const room = await openRoom(mine)
    await room.getByText('Faut-il une charte avant de commencer ?').waitFor()
    await room.getByRole('button', { name: 'Voter pour cette question (0)' }).click()
    await room.getByRole('button', { name: 'Retirer mon vote (1)' }).waitFor()
    expect(await room.locator('li').first().textContent()).toContain('Faut-il une charte')
    expect(await room.getByText('Votre question').count()).toBe(1)
    expect(await axeProblems(await openPhoneWithoutPolicy(), 'html')).toEqual([])
  })

  /** axe runs as an inline script, which the page's own policy rightly blocks. */
  async function openPhoneWithoutPolicy(): Promise<Page> {
    const page = await openPhone({ bypassCSP: true })
    await (await openRoom(page)).locator('li').first().waitFor()
    return page
  }

  it('says when a question waits for approval, and when it was not kept', async () => {
    await request(room.presenter, 'questions:moderation', { moderated: true })
    const page = await openPhone()
    await openRoom(page)
    await page.getByText('Aucune question de la salle pour l’instant.').waitFor()
    await page.getByText('L’animateur valide les questions avant de les montrer à la salle.').waitFor()
    await ask(page, 'Une question à valider ?')
    const own = page.getByRole('list', { name: 'Vos questions' })
    await own.getByText('En attente de validation par l’animateur.').waitFor()
    const [questionId] = room.server.app.engine.state.questions.items.keys()
    await request(room.presenter, 'question:moderate', { questionId, action: 'hide' })
    await own.getByText('Non retenue par l’animateur.').waitFor()
    await request(room.presenter, 'questions:moderation', { moderated: false })
  })

  it('renders what others type as text, never as markup', async () => {
    const page = await openPhone()
    const { socket } = await connectPhone(room.server.url)
    const payload = '<img src=x onerror="document.body.dataset.pwned=1"><script>document.body.dataset.pwned=1</script>'
    expect(await request(socket, 'question:ask', { text: payload })).toEqual({ ok: true })
    await (await openRoom(page)).getByText('<img src=x onerror=').waitFor()
    expect(await page.locator('main img, main script').count()).toBe(0)
    expect(await page.evaluate(() => document.body.dataset.pwned)).toBeUndefined()
    socket.close()
  })

  it('sends a reaction in one tap, with a name for screen readers', async () => {
    const page = await openPhone()
    const { socket: screen } = await connectDeck(room.server, 'screen')
    const received = new Promise(resolve => screen.once('reactions', resolve))
    await page.getByRole('button', { name: 'Réagir : Bravo' }).click()
    expect(await received).toEqual({ '👏': 1 })
    screen.close()
  })
})
