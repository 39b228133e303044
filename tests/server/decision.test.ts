import type { DecisionText } from '../../core/features/decision'
import type { DeckSnapshot } from '../../core/protocol'
import type { ResultsReport } from '../../server/results-export'
import type { ClientSocket } from '../support/poll-server'
import type { RedisServer } from '../support/redis'
import type { ServerProcess } from '../support/server-process'
import { afterAll, describe, expect, it } from 'vitest'
import { decisionVote } from '../../core/features/decision'
import { defaultPrivacy } from '../../core/session/privacy'
import { loadPollCatalog } from '../../server/deck-source'
import { loadPrintSnapshot } from '../../server/print-snapshot'
import { connectClient, eventMatching, loginCookie, nextEvent, randomVoterId, request, stubDecks, temporaryDir } from '../support/poll-server'
import { startRedis } from '../support/redis'
import { serverUrl, spawnServer } from '../support/server-process'

/** What a presenter types: markup, invisible characters and stray spaces, which the server must show as plain text. */
const typed: DecisionText = {
  firstStep: '  <img src=x onerror=alert(1)>\u200B Écouter   ce qui se dit\u202E de nous ',
  owner: 'Claire Martin',
  resources: 'Deux jours par mois',
  deliverable: '=HYPERLINK("http://x") une note',
  checkIn: 'Comité du 11 juin',
  secondLine: '',
}
const cleaned: DecisionText = { ...typed, firstStep: '<img src=x onerror=alert(1)> Écouter ce qui se dit de nous', deliverable: '=HYPERLINK("http://x") une note' }

interface Running {
  process: ServerProcess
  url: string
  cookie: string
}

/** `npm start` as a process of its own, and the presenter's cookie from the link it prints. */
async function start(env: NodeJS.ProcessEnv): Promise<Running> {
  const started = spawnServer(env)
  const url = await serverUrl(started)
  const link = /Animateur, sur cet ordinateur \(gardez ce lien pour vous\) : http:\/\/localhost:\d+(\S+)/.exec(started.output())![1]!
  return { process: started, url, cookie: await loginCookie(url, link) }
}

async function stop(running: Running): Promise<void> {
  running.process.child.kill('SIGTERM')
  expect(await running.process.exited).toBe(0)
}

async function connectDeckTo(running: Running, role: 'presenter' | 'screen'): Promise<{ socket: ClientSocket, snapshot: DeckSnapshot }> {
  let snapshot!: Promise<DeckSnapshot>
  const socket = await connectClient(running.url, { role }, { cookie: running.cookie, before: (client) => {
    snapshot = nextEvent(client, 'deck:snapshot')
  } })
  return { socket, snapshot: await snapshot }
}

async function results(running: Running): Promise<{ json: ResultsReport, csv: string[][] }> {
  const get = (format: string): Promise<Response> => fetch(`${running.url}/api/sessions/latest/results.${format}`, { headers: { cookie: running.cookie } })
  const json = await (await get('json')).json() as ResultsReport
  const csv = (await (await get('csv')).text()).replace(/^\uFEFF/, '').trim().split('\r\n').map(line => line.split(';'))
  return { json, csv }
}

describe('the decision as taken', () => {
  const sockets: ClientSocket[] = []
  const servers: Running[] = []
  let redis: RedisServer | undefined
  afterAll(async () => {
    sockets.forEach(socket => socket.close())
    servers.forEach(server => server.process.child.kill('SIGKILL'))
    await redis?.stop()
  })

  /** Stops the server (a clean stop, as the presenter's Ctrl+C), starts another process on the same data, and connects a screen to it. */
  async function restart(first: Running, env: NodeJS.ProcessEnv): Promise<{ second: Running, snapshot: DeckSnapshot }> {
    sockets.splice(0).forEach(socket => socket.close())
    await stop(first)
    servers.splice(servers.indexOf(first), 1)
    const second = await start(env)
    servers.push(second)
    const screen = await connectDeckTo(second, 'screen')
    sockets.push(screen.socket)
    return { second, snapshot: screen.snapshot }
  }

  it('is recorded by the presenter alone, checked at the edge, cleaned, and back after a restart with the room\'s vote, in the snapshot, the JSON and the CSV', async () => {
    const env = { DATA_DIR: await temporaryDir('polls-decision-'), DECK_DIR: await stubDecks(), MAX_VOTERS_PER_ADDRESS: '0', HANDSHAKES_PER_ADDRESS: '0' }
    const first = await start(env)
    servers.push(first)
    const presenter = await connectDeckTo(first, 'presenter')
    const screen = await connectDeckTo(first, 'screen')
    expect(presenter.snapshot.decision).toBeNull()
    const phone = await connectClient(first.url, { role: 'phone', voterId: randomVoterId() })
    sockets.push(presenter.socket, screen.socket, phone)

    // Strangers: a phone, a screen; then payloads the edge refuses.
    expect(await request(phone, 'decision:record', typed)).toEqual({ ok: false, error: 'forbidden' })
    expect(await request(screen.socket, 'decision:record', typed)).toEqual({ ok: false, error: 'forbidden' })
    const { secondLine: _left, ...missing } = typed
    for (const payload of [missing, { ...typed, extra: 'x' }, { ...typed, owner: 42 }, { ...typed, owner: 'x'.repeat(321) }, 'décision'])
      expect(await request(presenter.socket, 'decision:record', payload)).toEqual({ ok: false, error: 'invalid_payload' })
    // Within the edge's bound, but too long once cleaned, or with nothing to show as its first step.
    for (const payload of [{ ...typed, owner: 'x'.repeat(161) }, { ...typed, firstStep: ' \u200B\u2800 ' }])
      expect(await request(presenter.socket, 'decision:record', payload)).toEqual({ ok: false, error: 'invalid_decision' })

    // The room votes on it: three for, one against, one abstention.
    expect(await request(presenter.socket, 'poll:open', { pollId: decisionVote.pollId })).toEqual({ ok: true })
    for (const choice of [0, 0, 0, 1, 2]) {
      const voter = await connectClient(first.url, { role: 'phone', voterId: randomVoterId() })
      sockets.push(voter)
      expect(await request(voter, 'vote', { pollId: decisionVote.pollId, answer: { kind: 'single', choice } })).toEqual({ ok: true })
    }
    expect(await request(presenter.socket, 'poll:close', { pollId: decisionVote.pollId })).toEqual({ ok: true })

    const shown = eventMatching(screen.socket, 'deck:update', update => update.decision !== undefined)
    const before = Date.now()
    expect(await request(presenter.socket, 'decision:record', { ...typed, owner: 'Quelqu’un' })).toEqual({ ok: true })
    expect((await shown).decision).toMatchObject({ ...cleaned, owner: 'Quelqu’un' })
    // Recorded again, corrected: the latest one stands.
    expect(await request(presenter.socket, 'decision:record', typed)).toEqual({ ok: true })
    const { json } = await results(first)
    const recordedAt = json.decision!.recordedAt
    expect(Date.parse(recordedAt)).toBeGreaterThanOrEqual(before - 1000)
    // The same decision sent again (a retry) keeps its time.
    expect(await request(presenter.socket, 'decision:record', typed)).toEqual({ ok: true })

    const { second, snapshot } = await restart(first, env)
    expect(snapshot.decision).toEqual({ ...cleaned, recordedAt })

    const after = await results(second)
    expect(after.json.decision).toEqual({ ...cleaned, recordedAt, vote: { for: 3, against: 1, abstain: 1, voters: 5, withheld: false } })
    const rows = after.csv.filter(row => row[3] === 'décision').map(row => [row[4], row[6]])
    expect(rows).toEqual([
      ['Premier pas', cleaned.firstStep],
      ['Responsable', 'Claire Martin'],
      ['Moyens', 'Deux jours par mois'],
      // A formula typed here stays text in a spreadsheet.
      ['Livrable', '"\'=HYPERLINK(""http://x"") une note"'],
      ['Point d’étape', 'Comité du 11 juin'],
      ['Et aussi', ''],
      ['Enregistrée le', recordedAt],
    ])
    // Last in the file, after the polls and the questions.
    expect(after.csv.at(-1)![3]).toBe('décision')
    // The deck's PDF prints it too, read from the file while the server runs.
    expect((await loadPrintSnapshot(await loadPollCatalog(), { dataDir: env.DATA_DIR }, 'latest', defaultPrivacy)).decision).toEqual({ ...cleaned, recordedAt })
  }, 90_000)

  it('is recorded in Redis mode too, and back after the server restarts', async () => {
    redis = await startRedis()
    const env = { REDIS_URL: redis.url, PRESENTER_TOKEN: 'jeton-de-test-redis-0123456789', DATA_DIR: await temporaryDir('polls-decision-redis-'), DECK_DIR: await stubDecks() }
    const first = await start(env)
    servers.push(first)
    const presenter = await connectDeckTo(first, 'presenter')
    sockets.push(presenter.socket)
    expect(await request(presenter.socket, 'decision:record', typed)).toEqual({ ok: true })
    const { json } = await results(first)

    const { second, snapshot } = await restart(first, env)
    expect(snapshot.decision).toEqual({ ...cleaned, recordedAt: json.decision!.recordedAt })
    expect((await results(second)).json.decision).toEqual({ ...cleaned, recordedAt: json.decision!.recordedAt, vote: null })
  }, 90_000)
})
