import type { ClientSocket, TestServer } from '../support/poll-server'
import { afterEach, describe, expect, it } from 'vitest'
import { replay } from '../../core/session/rules'
import { loadPollCatalog } from '../../server/deck-source'
import { databasePath } from '../../server/poll-app'
import { openSqliteStore } from '../../server/store/sqlite-store'
import { connectDeck, connectPhone, eventMatching, fixtureSlides, randomVoterId, request, startTestServer } from '../support/poll-server'

const catalog = await loadPollCatalog(fixtureSlides)
const pollId = 'classement'
const ranked = (...order: number[]) => ({ kind: 'ranking', order }) as const

describe('a ranking poll over socket.io', () => {
  const closeAfter: { close: () => unknown }[] = []
  afterEach(async () => {
    for (const closable of closeAfter.splice(0).reverse())
      await closable.close()
  })

  async function started(options: Parameters<typeof startTestServer>[0] = {}): Promise<{ server: TestServer, presenter: ClientSocket }> {
    const server = await startTestServer(options)
    const presenter = (await connectDeck(server, 'presenter')).socket
    closeAfter.push(server, presenter)
    return { server, presenter }
  }

  async function phone(server: TestServer, voterId = randomVoterId()): ReturnType<typeof connectPhone> {
    const connected = await connectPhone(server.url, voterId)
    closeAfter.push(connected.socket)
    return connected
  }

  it('acknowledges a ranking once stored, and keeps it through a restart and a reloaded phone', async () => {
    const { server, presenter } = await started()
    expect(await request(presenter, 'poll:open', { pollId })).toEqual({ ok: true })
    const voterId = randomVoterId()
    const { socket } = await phone(server, voterId)
    const counted = eventMatching(presenter, 'deck:update', update => update.polls?.[pollId]?.voters === 1)
    expect(await request(socket, 'vote', { pollId, answer: ranked(2, 0, 1) })).toEqual({ ok: true })

    // Acknowledged means written: a reader of the database finds the ballot at once.
    const store = openSqliteStore(databasePath(server.dataDir), { catalog, readOnly: true })
    const [session] = await store.listSessions()
    expect(replay(catalog, session!, await store.read(session!.id)).polls.get(pollId)?.ballots.get(voterId)).toEqual(ranked(2, 0, 1))
    await store.close()

    const scores = [{ option: 2, points: 2, averageRank: 1 }, { option: 0, points: 1, averageRank: 2 }, { option: 1, points: 0, averageRank: 3 }]
    expect((await counted).polls![pollId]!.results).toEqual({ kind: 'ranking', scores })
    expect((await phone(server, voterId)).snapshot.answers).toEqual({ [pollId]: ranked(2, 0, 1) })

    await server.close()
    const restarted = await started({ dataDir: server.dataDir })
    // The presenter's own view of the open vote: the one that shows a single voter's scores.
    expect((await connectDeck(restarted.server, 'presenter')).snapshot.polls[pollId]).toMatchObject({ status: 'open', voters: 1, results: { scores } })
    const reloaded = await phone(restarted.server, voterId)
    expect(reloaded.snapshot.answers).toEqual({ [pollId]: ranked(2, 0, 1) })
    expect(await request(reloaded.socket, 'vote', { pollId, answer: ranked(1, 0, 2) })).toEqual({ ok: true })
  })

  it('refuses an order that is not every option once, and leaves the presenter\'s actions to the presenter', async () => {
    const { server, presenter } = await started()
    await request(presenter, 'poll:open', { pollId })
    const { socket } = await phone(server)
    for (const answer of [ranked(0, 1), ranked(0, 1, 1), ranked(0, 1, 3), ranked(0, 1, 2, 0)])
      expect(await request(socket, 'vote', { pollId, answer }), JSON.stringify(answer)).toEqual({ ok: false, error: 'invalid_answer' })
    for (const order of [[0, 1, -1], [0, 1, 2.5], '0,1,2', [0, 1, 2, 3, 4, 5, 6, 7, 8]])
      expect(await request(socket, 'vote', { pollId, answer: { kind: 'ranking', order } }), JSON.stringify(order)).toEqual({ ok: false, error: 'invalid_payload' })
    expect(await request(socket, 'vote', { pollId: 'choix', answer: ranked(0, 1, 2) })).toEqual({ ok: false, error: 'poll_not_open' })
    await request(presenter, 'poll:open', { pollId: 'choix' })
    expect(await request(socket, 'vote', { pollId: 'choix', answer: ranked(0, 1, 2) })).toEqual({ ok: false, error: 'wrong_poll_kind' })
    // A phone of its own: the first one has used up its rate of requests.
    expect(await request((await phone(server)).socket, 'poll:reveal', { pollId })).toEqual({ ok: false, error: 'forbidden' })
    expect((await connectDeck(server, 'presenter')).snapshot.polls[pollId]).toMatchObject({ voters: 0, revealed: false })
  })

  it('shows the room the scores live when the room asks for live bars, and phones only once revealed', async () => {
    const { server, presenter } = await started({ privacy: { threshold: 3, liveResults: true } })
    await request(presenter, 'poll:open', { pollId })
    for (const order of [[1, 2, 0], [1, 2, 0], [2, 1, 0]])
      await request((await phone(server)).socket, 'vote', { pollId, answer: ranked(...order) })
    expect((await connectDeck(server, 'screen')).snapshot.polls[pollId]!.results).toMatchObject({ kind: 'ranking', scores: [{ option: 1 }, { option: 2 }, { option: 0 }] })
    expect((await phone(server)).snapshot.polls[pollId]!.results).toBeNull()
    await request(presenter, 'poll:reveal', { pollId })
    expect((await phone(server)).snapshot.polls[pollId]).toMatchObject({ status: 'closed', revealed: true, results: { kind: 'ranking' } })
  })

  it('exports each option in score order: Borda points and their share of the most possible, and the average rank', async () => {
    const { server, presenter } = await started({ privacy: { threshold: 3, liveResults: false } })
    await request(presenter, 'poll:open', { pollId })
    for (const order of [[0, 1, 2], [0, 2, 1], [1, 0, 2]])
      await request((await phone(server)).socket, 'vote', { pollId, answer: ranked(...order) })
    const cookie = await server.cookie('presenter')
    const get = (path: string): Promise<Response> => fetch(`${server.url}/api/sessions/latest/results.${path}`, { headers: { cookie } })

    const report = await (await get('json')).json()
    expect(report.polls.find((poll: { id: string }) => poll.id === pollId)).toMatchObject({
      kind: 'ranking',
      voters: 3,
      answers: [
        { label: 'Écouter', count: 5, percent: 83, averageRank: 4 / 3 },
        { label: 'Mesurer', count: 3, percent: 50, averageRank: 2 },
        { label: '<img src=x onerror=alert(1)>', count: 1, percent: 17, averageRank: 8 / 3 },
      ],
    })
    const [header, ...lines] = (await (await get('csv')).text()).replace(/^\uFEFF/, '').split('\r\n').map(line => line.split(';'))
    const columns = ['réponse', 'votes', 'pourcentage', 'votants', 'type', 'rang moyen'].map(name => header!.indexOf(name))
    expect(lines.filter(cells => cells[3] === pollId).map(cells => columns.map(column => cells[column]).join(';'))).toEqual([
      'Écouter;5;83;3;ranking;1,33',
      'Mesurer;3;50;3;ranking;2',
      '<img src=x onerror=alert(1)>;1;17;3;ranking;2,67',
    ])
  })
})
