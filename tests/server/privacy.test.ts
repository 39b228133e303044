// The small-room threshold and the shift voter by voter, through the real server: sockets, JSON and CSV.
import type { PollView } from '../../core/features/poll-views'
import type { DeckSnapshot, PhoneSnapshot } from '../../core/protocol'
import type { ResultsReport } from '../../server/results-export'
import type { ClientSocket, TestServer } from '../support/poll-server'
import { afterEach, describe, expect, it } from 'vitest'
import { connectDeck, connectPhone, eventMatching, randomVoterId, request, startTestServer, waitFor } from '../support/poll-server'

const scale = (point: number) => ({ kind: 'scale', point }) as const

describe('the small-room threshold and the shift, through the server', () => {
  let server: TestServer | undefined
  const opened: ClientSocket[] = []

  afterEach(async () => {
    opened.splice(0).forEach(socket => socket.close())
    await server?.close()
    server = undefined
  })

  async function download(running: TestServer, format: 'json' | 'csv'): Promise<string> {
    const response = await fetch(`${running.url}/api/sessions/latest/results.${format}`, { headers: { cookie: await running.cookie('presenter') } })
    expect(response.status).toBe(200)
    return response.text()
  }

  /** Every poll view a socket received, snapshots and updates alike. */
  function record(socket: ClientSocket): PollView[] {
    const seen: PollView[] = []
    const keep = (message: { polls?: Record<string, PollView> }): void => void seen.push(...Object.values(message.polls ?? {}))
    socket.on('deck:snapshot', keep)
    socket.on('deck:update', keep)
    socket.on('phone:snapshot', keep)
    socket.on('phone:update', keep)
    return seen
  }

  const voterIds: string[] = []

  /** Phones connected to the server, each with a voter id of its own, kept open until the test ends. */
  async function phones(running: TestServer, count: number): Promise<{ socket: ClientSocket, snapshot: PhoneSnapshot }[]> {
    const ids = Array.from({ length: count }, () => randomVoterId())
    voterIds.push(...ids)
    const connected = await Promise.all(ids.map(voterId => connectPhone(running.url, voterId)))
    opened.push(...connected.map(phone => phone.socket))
    return connected
  }

  it('sends no distribution of a revealed poll with 3 voters to any phone, screen or presenter, nor into the exports', async () => {
    server = await startTestServer()
    const presenter = await connectDeck(server, 'presenter')
    const screen = await connectDeck(server, 'screen')
    opened.push(presenter.socket, screen.socket)
    const voters = await phones(server, 3)
    const seen = [presenter, screen, ...voters].map(({ socket }) => record(socket))
    expect(await request(presenter.socket, 'poll:open', { pollId: 'choix' })).toEqual({ ok: true })
    // The presenter's own screen alone sees the bars grow while the vote is open; the projection sees how many voted.
    const counted = [
      eventMatching(presenter.socket, 'deck:update', update => update.polls?.choix?.results?.kind === 'single' && update.polls.choix.voters === 3),
      eventMatching(screen.socket, 'deck:update', update => update.polls?.choix?.voters === 3),
    ]
    for (const [index, phone] of voters.entries())
      expect(await request(phone.socket, 'vote', { pollId: 'choix', answer: { kind: 'single', choice: index === 0 ? 1 : 0 } })).toEqual({ ok: true })
    await Promise.all(counted)
    expect(seen[1]!.every(view => view.results === null || view.voters === 0)).toBe(true)

    const revealed = [presenter, screen, ...voters].map(({ socket }) => eventMatching(socket, socket === presenter.socket || socket === screen.socket ? 'deck:update' : 'phone:update', update => update.polls?.choix?.revealed === true))
    expect(await request(presenter.socket, 'poll:reveal', { pollId: 'choix' })).toEqual({ ok: true })
    for (const update of await Promise.all(revealed))
      expect(update.polls!.choix).toMatchObject({ voters: 3, withheld: true, results: null })

    // Fresh snapshots after the reveal: the presenter's too.
    const snapshots = await Promise.all([connectDeck(server, 'presenter'), connectDeck(server, 'screen'), connectPhone(server.url, randomVoterId())])
    opened.push(...snapshots.map(({ socket }) => socket))
    for (const { snapshot } of snapshots)
      expect((snapshot as DeckSnapshot | PhoneSnapshot).polls.choix).toMatchObject({ voters: 3, withheld: true, results: null })
    // Phones and the screen never held a count of this poll, at any moment.
    for (const views of seen.slice(1))
      expect(views.filter(view => view.results?.kind === 'single' && view.voters > 0)).toEqual([])

    const report = JSON.parse(await download(server, 'json')) as ResultsReport
    expect(report.threshold).toBe(5)
    expect(report.polls.find(poll => poll.id === 'choix')).toMatchObject({ voters: 3, withheld: true, answers: [], mean: null })
    const csv = await download(server, 'csv')
    const header = csv.replace('\uFEFF', '').split('\r\n')[0]!.split(';')
    const rows = csv.split('\r\n').filter(line => line.split(';')[3] === 'choix').map(line => line.split(';'))
    expect(rows).toHaveLength(1)
    expect(rows[0]![header.indexOf('réponse')]).toBe('')
    expect(rows[0]![header.indexOf('votes')]).toBe('')
    expect(rows[0]![header.indexOf('votants')]).toBe('3')
    expect(rows[0]![header.indexOf('résultats masqués')]).toBe('moins de 5 votants')
    expect(csv).not.toMatch(/;Oui;|;Non;/)
  })

  it('counts who moved between « avant » and « après », in the JSON and the CSV', async () => {
    server = await startTestServer({ privacy: { threshold: 3, liveResults: false } })
    const presenter = await connectDeck(server, 'presenter')
    opened.push(presenter.socket)
    const voters = await phones(server, 9)
    // 8 voters of both: 3 toward disagreement, 1 toward agreement, 4 unchanged; the ninth answers « avant » only.
    const before = [3, 3, 4, 2, 0, 1, 2, 4, 4]
    const after = [2, 2, 2, 3, 0, 1, 2, 4]
    for (const [pollId, points] of [['avant', before], ['apres', after]] as const) {
      expect(await request(presenter.socket, 'poll:open', { pollId })).toEqual({ ok: true })
      const live = eventMatching(presenter.socket, 'deck:update', update => update.polls?.[pollId]?.voters === points.length)
      for (const [index, point] of points.entries())
        expect(await request(voters[index]!.socket, 'vote', { pollId, answer: scale(point) })).toEqual({ ok: true })
      // Live, to the presenter alone, every count.
      if (pollId === 'apres')
        expect((await live).polls!.apres!.movement).toEqual({ both: 8, towardAgreement: 1, towardDisagreement: 3, unchanged: 4, meanPoints: -3 / 8, withheld: false })
      expect(await request(presenter.socket, 'poll:close', { pollId })).toEqual({ ok: true })
    }
    await waitFor('the closed « après »', async () => (JSON.parse(await download(server!, 'json')) as ResultsReport).polls.find(poll => poll.id === 'apres')!.status === 'closed')

    const report = JSON.parse(await download(server, 'json')) as ResultsReport
    const apres = report.polls.find(poll => poll.id === 'apres')!
    // 1 toward agreement is under 3, and 8 − 4 − 3 would give it away: the 3 goes with it.
    expect(apres.movement).toEqual({ both: 8, towardAgreement: null, towardDisagreement: null, unchanged: 4, meanPoints: -3 / 8, withheld: true })
    expect(apres).toMatchObject({ voters: 8, withheld: false, repeats: 'avant' })
    expect(apres.answers.map(answer => answer.count)).toEqual([1, 1, 4, 1, 1])
    expect(report.polls.find(poll => poll.id === 'avant')!.movement).toBeNull()
    // Only counts: no voter id anywhere in the report.
    const json = JSON.stringify(report)
    expect(json).toContain('"both":8')
    for (const voterId of voterIds)
      expect(json).not.toContain(voterId)

    const csv = await download(server, 'csv')
    const lines = csv.replace('\uFEFF', '').split('\r\n')
    const header = lines[0]!.split(';')
    expect(header.slice(-6)).toEqual(['résultats masqués', 'votants des deux votes', 'vers l’accord', 'vers le désaccord', 'inchangés', 'écart moyen (points)'])
    const apresRows = lines.filter(line => line.split(';')[3] === 'apres').map(line => line.split(';'))
    expect(apresRows).toHaveLength(5)
    for (const row of apresRows)
      expect(row.slice(-6)).toEqual(['', '8', 'masqué', 'masqué', '4', '-0,38'])
    expect(csv).not.toContain(voterIds[0])
    for (const row of lines.filter(line => line.split(';')[3] === 'avant').map(line => line.split(';')))
      expect(row.slice(-5)).toEqual(['', '', '', '', ''])
  })
})
