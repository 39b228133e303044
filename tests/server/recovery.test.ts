import type { PollDefinition } from '../../core/kinds/registry'
import { afterEach, describe, expect, it } from 'vitest'
import { deckChannel } from '../../client/deck-channel'
import { phoneChannel } from '../../client/phone-channel'
import { loadPollCatalog } from '../../server/deck-source'
import { watchedClient } from '../support/page-clients'
import { loginCookie, randomVoterId, stubDecks, temporaryDir, waitFor } from '../support/poll-server'
import { freePort, serverUrl, spawnServer } from '../support/server-process'
import { startTcpProxy } from '../support/tcp-proxy'

const catalog = await loadPollCatalog()
const scalePoll = Object.values(catalog.polls).find(poll => poll.kind === 'scale')!
const rankingPoll = Object.values(catalog.polls).find((poll): poll is PollDefinition<'ranking'> => poll.kind === 'ranking')!
const ranking = { kind: 'ranking', order: rankingPoll.options.map((_, option) => option).reverse() } as const

const stopAfter: (() => void)[] = []
afterEach(() => stopAfter.splice(0).forEach(stop => stop()))

describe('clients that come back by themselves', () => {
  it.each(['SIGTERM', 'SIGKILL'] as const)('after the server restarts (%s): phone, screen and presenter, each phone with its own answer', async (signal) => {
    const env = { DATA_DIR: await temporaryDir('recovery-'), DECK_DIR: await stubDecks(), PORT: String(await freePort()), RECOVERY_WINDOW_MS: '1000' }
    let server = spawnServer(env)
    stopAfter.push(() => server.child.kill('SIGKILL'))
    const url = await serverUrl(server)
    const link = (right: string): string => new RegExp(`(/connexion\\?droit=${right}\\S+)`).exec(server.output())![1]!
    const voterId = randomVoterId()
    const phone = watchedClient(phoneChannel, () => ({ role: 'phone', voterId }), url)
    const screen = watchedClient(deckChannel, () => ({ role: 'screen' }), url, await loginCookie(url, link('screen')))
    const presenter = watchedClient(deckChannel, () => ({ role: 'presenter' }), url, await loginCookie(url, link('presenter')))
    stopAfter.push(() => [phone, screen, presenter].forEach(({ client }) => client.close()))
    await waitFor('all three online', () => [phone, screen, presenter].every(({ seen }) => seen.connection.status === 'online' && seen.snapshot !== null))

    const pollId = scalePoll.id
    expect(await presenter.client.send('poll:open', { pollId })).toEqual({ ok: true })
    expect(await phone.client.send('vote', { pollId, answer: { kind: 'scale', point: 2 } })).toEqual({ ok: true })
    expect(await presenter.client.send('nav', { page: scalePoll.slide, clicks: 0 })).toEqual({ ok: true })

    server.child.kill(signal)
    await server.exited
    await waitFor('all three to see the server gone', () => [phone, screen, presenter].every(({ seen }) => seen.connection.status === 'offline'))
    const before = [phone, screen, presenter].map(({ seen }) => seen.snapshots)
    server = spawnServer(env)
    await serverUrl(server)
    await waitFor('all three back with a fresh snapshot', () => [phone, screen, presenter].every(({ seen }, index) => seen.connection.status === 'online' && seen.snapshots > before[index]!), 20_000)

    expect(phone.seen.snapshot).toMatchObject({ focus: pollId, answers: { [pollId]: { kind: 'scale', point: 2 } } })
    // The projection shows how many have voted while the vote is open; the presenter's own view, the bars.
    expect(screen.seen.snapshot).toMatchObject({ role: 'screen', nav: { page: scalePoll.slide }, polls: { [pollId]: { voters: 1, results: null } } })
    expect(presenter.seen.snapshot).toMatchObject({ role: 'presenter', polls: { [pollId]: { status: 'open', voters: 1, results: { counts: [0, 0, 1, 0, 0] } } } })
    expect(await phone.client.send('vote', { pollId, answer: { kind: 'scale', point: 0 } })).toEqual({ ok: true })
  }, 60_000)

  it('after any length of absence: past the recovery window, the phone gets a fresh snapshot with its answer', async () => {
    const env = { DATA_DIR: await temporaryDir('absence-'), DECK_DIR: await stubDecks(), RECOVERY_WINDOW_MS: '300' }
    const server = spawnServer(env)
    stopAfter.push(() => server.child.kill('SIGKILL'))
    const url = await serverUrl(server)
    const network = await startTcpProxy(url)
    stopAfter.push(() => void network.close())
    const voterId = randomVoterId()
    const phone = watchedClient(phoneChannel, () => ({ role: 'phone', voterId }), network.url)
    stopAfter.push(() => phone.client.close())
    await waitFor('the phone online', () => phone.seen.connection.status === 'online' && phone.seen.snapshot !== null)
    const presenterCookie = await loginCookie(url, /(\/connexion\?droit=presenter\S+)/.exec(server.output())![1]!)
    const presenter = watchedClient(deckChannel, () => ({ role: 'presenter' }), url, presenterCookie)
    stopAfter.push(() => presenter.client.close())
    await waitFor('the presenter online', () => presenter.seen.connection.status === 'online')
    const pollId = rankingPoll.id
    await presenter.client.send('poll:open', { pollId })
    expect(await phone.client.send('vote', { pollId, answer: ranking })).toEqual({ ok: true })

    // The phone sleeps in a pocket: its connection is gone for ten times the recovery window.
    await network.cut()
    await waitFor('the phone to notice', () => phone.seen.connection.status === 'offline')
    const snapshots = phone.seen.snapshots
    await new Promise(resolve => setTimeout(resolve, 3000))
    await presenter.client.send('poll:close', { pollId })
    await network.restore()
    await waitFor('the phone back, with a fresh snapshot', () => phone.seen.connection.status === 'online' && phone.seen.snapshots > snapshots, 15_000)
    expect(phone.seen.connection.refusal).toBeNull()
    expect(phone.seen.snapshot).toMatchObject({ polls: { [pollId]: { status: 'closed' } }, answers: { [pollId]: ranking } })
  }, 60_000)

  it('tells the person what to do when the server refuses them, and keeps trying when it may change its mind', async () => {
    const env = { DATA_DIR: await temporaryDir('refused-'), DECK_DIR: await stubDecks(), MAX_VOTERS_PER_ADDRESS: '1' }
    const server = spawnServer(env)
    stopAfter.push(() => server.child.kill('SIGKILL'))
    const url = await serverUrl(server)
    const presenter = watchedClient(deckChannel, () => ({ role: 'presenter' }), url, 'pw_presenter_x=perime')
    // Another machine than the server's: the presenter's own is allowed a rehearsal's phones.
    const first = watchedClient(phoneChannel, () => ({ role: 'phone', voterId: randomVoterId() }), url, undefined, '127.0.0.2')
    stopAfter.push(() => [presenter, first].forEach(({ client }) => client.close()))
    await waitFor('the first phone online', () => first.seen.connection.status === 'online')
    const second = watchedClient(phoneChannel, () => ({ role: 'phone', voterId: randomVoterId() }), url, undefined, '127.0.0.2')
    stopAfter.push(() => second.client.close())

    await waitFor('the refusals', () => presenter.seen.connection.refusal !== null && second.seen.connection.refusal !== null)
    expect(presenter.seen.connection).toEqual({ status: 'refused', refusal: { retrying: false, message: expect.stringContaining('ouvrez le lien « Animateur »') } })
    expect(second.seen.connection).toEqual({ status: 'offline', refusal: { retrying: true, message: expect.stringContaining('Trop de votants depuis ce réseau') } })
  }, 30_000)
})
