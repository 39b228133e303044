import type { ClientSocket } from '../support/poll-server'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { connectDeck, connectPhone, randomVoterId, request, startTestServer } from '../support/poll-server'

type TestServer = Awaited<ReturnType<typeof startTestServer>>

/** A GET sent as raw bytes: `fetch` would normalise the path before it leaves. */
async function rawGetStatus(url: string, path: string): Promise<number> {
  const { hostname, port } = new URL(url)
  const socket = connect(Number(port), hostname)
  socket.write(`GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`)
  let reply = ''
  for await (const chunk of socket)
    reply += String(chunk)
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1])
}

describe('the presentation server over HTTP', () => {
  let server: TestServer
  let presenter: ClientSocket
  let firstSessionId: number
  const voterIds = [randomVoterId(), randomVoterId(), randomVoterId()]

  const get = (path: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${server.url}${path}`, { headers })
  const withToken = (path: string): Promise<Response> => get(path, { Authorization: `Bearer ${server.app.presenterToken}` })

  beforeAll(async () => {
    server = await startTestServer({ deckDir: inject('builtDeckDir') })
    presenter = (await connectDeck(server.url, { role: 'presenter', token: server.app.presenterToken })).socket
    firstSessionId = server.app.engine.state.session.id
    await request(presenter, 'poll:open', { pollId: 'choix' })
    await request(presenter, 'poll:open', { pollId: 'mots' })
    await request(presenter, 'poll:open', { pollId: 'devinette' })
    const phones = await Promise.all(voterIds.map(voterId => connectPhone(server.url, voterId)))
    await Promise.all(phones.map(({ socket }, index) => request(socket, 'vote', { pollId: 'choix', answer: [0, 0, 1][index] })))
    await Promise.all(phones.map(({ socket }) => request(socket, 'vote', { pollId: 'mots', answer: ['Réputation'] })))
    await request(phones[0]!.socket, 'vote', { pollId: 'devinette', answer: 2 })
    phones.forEach(({ socket }) => socket.close())
  })

  afterAll(async () => {
    presenter?.close()
    await server?.close()
  })

  it('answers the health check', async () => {
    const response = await get('/healthz')
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ status: 'ok', session: firstSessionId })
  })

  it('serves the phone page in French, compressed, and revalidates it', async () => {
    const response = await get('/vote', { 'Accept-Encoding': 'gzip' })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-encoding')).toBe('gzip')
    const html = await response.text()
    expect(html).toContain('<html lang="fr">')
    expect(html).not.toMatch(/<script[^>]+src=/)
    const again = await get('/vote', { 'If-None-Match': response.headers.get('etag')! })
    expect(again.status).toBe(304)
  })

  it('serves the built deck, with any slide path falling back to the app', async () => {
    for (const path of ['/', '/3', '/presenter/2']) {
      const response = await get(path)
      expect(response.status).toBe(200)
      expect(await response.text()).toContain('<div id="app"></div>')
    }
  })

  it('answers malformed addresses without falling over', async () => {
    for (const path of ['//', '/%', '/%E0%A4%A', '/vote/%', '/api/sessions/%ZZ/results.json']) {
      const status = await rawGetStatus(server.url, path)
      expect(status, path).toBeGreaterThanOrEqual(200)
      expect(status, path).toBeLessThan(500)
    }
    expect((await get('/healthz')).status).toBe(200)
  })

  it('keeps results to the presenter', async () => {
    expect((await get('/api/sessions')).status).toBe(401)
    expect((await get('/api/sessions/latest/results.json?token=faux-jeton-invalide')).status).toBe(401)
    expect((await get(`/api/sessions/latest/results.json?token=${server.app.presenterToken}`)).status).toBe(200)
  })

  it('exports a session as JSON aggregates, with no voter in it', async () => {
    const response = await withToken('/api/sessions/latest/results.json')
    const text = await response.text()
    const report = JSON.parse(text)
    expect(report.session.id).toBe(firstSessionId)
    const choice = report.polls.find((poll: { id: string }) => poll.id === 'choix')
    expect(choice).toMatchObject({
      kind: 'single',
      slide: 5,
      voters: 3,
      options: [{ label: 'Oui', count: 2, percent: 67 }, { label: 'Non', count: 1, percent: 33 }, { label: 'Peut-être', count: 0, percent: 0 }],
    })
    expect(report.polls.find((poll: { id: string }) => poll.id === 'mots')).toMatchObject({ voters: 3, words: [{ text: 'réputation', count: 3 }] })
    expect(report.polls.find((poll: { id: string }) => poll.id === 'devinette')).toMatchObject({ voters: 1, correct: '79 %' })
    for (const voterId of voterIds)
      expect(text).not.toContain(voterId)
    expect(text).not.toContain('voterId')
  })

  it('exports a session as CSV a French spreadsheet opens', async () => {
    const response = await withToken('/api/sessions/latest/results.csv')
    expect(response.headers.get('content-type')).toContain('text/csv')
    const csv = await response.text()
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines[0]).toBe('session;date;diapositive;sondage;question;réponse;votes;pourcentage;votants')
    expect(lines).toContainEqual(expect.stringMatching(/;5;choix;Un seul choix \?;Oui;2;67;3$/))
    expect(lines).toContainEqual(expect.stringMatching(/;mots;En un mot \?;réputation;3;100;3$/))
    for (const voterId of voterIds)
      expect(csv).not.toContain(voterId)
  })

  it('keeps earlier sessions exportable after a new one starts', async () => {
    await request(presenter, 'session:new', { name: 'Deuxième passage' })
    const sessions = await (await withToken('/api/sessions')).json()
    expect(sessions.sessions.map((session: { name: string }) => session.name)).toContain('Deuxième passage')
    const latest = await (await withToken('/api/sessions/latest/results.json')).json()
    expect(latest.polls.find((poll: { id: string }) => poll.id === 'choix').voters).toBe(0)
    const earlier = await (await withToken(`/api/sessions/${firstSessionId}/results.json`)).json()
    expect(earlier.polls.find((poll: { id: string }) => poll.id === 'choix').voters).toBe(3)
    expect((await withToken('/api/sessions/999/results.json')).status).toBe(404)
  })
})
