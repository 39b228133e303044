import type { ClientSocket, TestServer } from '../support/poll-server'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectDeck, connectPhone, randomVoterId, request, startTestServer } from '../support/poll-server'

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
  let presenterCookie: string
  let firstSessionId: number
  const voterIds = [randomVoterId(), randomVoterId(), randomVoterId()]

  const get = (path: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${server.url}${path}`, { headers, redirect: 'manual' })
  const asPresenter = (path: string): Promise<Response> => get(path, { cookie: presenterCookie })

  beforeAll(async () => {
    // Three voters: the smallest room whose results the threshold lets out.
    server = await startTestServer({ privacy: { threshold: 3, liveResults: false } })
    presenterCookie = await server.cookie('presenter')
    presenter = (await connectDeck(server, 'presenter')).socket
    firstSessionId = server.app.engine.state.session.id
    for (const pollId of ['choix', 'mots', 'devinette', 'apres'])
      await request(presenter, 'poll:open', { pollId })
    const phones = await Promise.all(voterIds.map(voterId => connectPhone(server.url, voterId)))
    await Promise.all(phones.map(({ socket }, index) => request(socket, 'vote', { pollId: 'choix', answer: { kind: 'single', choice: [0, 0, 1][index] } })))
    await Promise.all(phones.map(({ socket }, index) => request(socket, 'vote', { pollId: 'mots', answer: { kind: 'words', words: [index === 0 ? 'réputation' : 'Réputation'] } })))
    await Promise.all(phones.map(({ socket }, index) => request(socket, 'vote', { pollId: 'devinette', answer: { kind: 'quiz', choice: [2, 2, 0][index] } })))
    await Promise.all(phones.map(({ socket }, index) => request(socket, 'vote', { pollId: 'apres', answer: { kind: 'scale', point: [4, 3, 3][index] } })))
    await request(presenter, 'poll:close', { pollId: 'choix' })
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

  it('serves the deck with speaker notes to the presenter, without them to a screen, and not at all to anyone else', async () => {
    const screenCookie = await server.cookie('screen')
    for (const path of ['/3', '/presenter/2', '/index.html']) {
      expect(await (await get(path, { cookie: presenterCookie })).text(), path).toContain('deck:presenter')
      expect(await (await get(path, { cookie: screenCookie })).text(), path).toContain('deck:screen')
      const stranger = await get(path)
      expect(stranger.status, path).toBe(403)
      expect(await stranger.text()).toContain('Pour voter, ouvrez la page de vote.')
    }
    // Someone who types the server's bare address lands on the vote.
    const bare = await get('/')
    expect(bare.status).toBe(302)
    expect(bare.headers.get('location')).toBe('/vote')
  })

  it('hands out rights only through a valid, unexpired link', async () => {
    const link = new URL(server.app.access.loginPath('presenter'), server.url)
    const forged = new URL(link)
    forged.searchParams.set('droit', 'presenter')
    forged.searchParams.set('signature', 'x'.repeat(43))
    expect((await get(forged.pathname + forged.search)).status).toBe(403)
    const expired = server.app.access.loginPath('presenter', new Date(Date.now() - 13 * 3600_000))
    const refused = await get(expired)
    expect(refused.status).toBe(403)
    expect(await refused.text()).toContain('npm run presenter-link')
    const accepted = await get(link.pathname + link.search)
    expect(accepted.status).toBe(303)
    expect(accepted.headers.get('set-cookie')).toMatch(/^pw_presenter_[\w-]+=[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/)
    expect(accepted.headers.get('location')).toMatch(/^\/presenter\/\d+$/)
  })

  it('answers malformed addresses without falling over', async () => {
    for (const path of ['//', '/%', '/%E0%A4%A', '/vote/%', '/api/sessions/%ZZ/results.json', '/connexion?droit=%ZZ']) {
      const status = await rawGetStatus(server.url, path)
      expect(status, path).toBeGreaterThanOrEqual(200)
      expect(status, path).toBeLessThan(500)
    }
    expect((await get('/healthz')).status).toBe(200)
  })

  it('keeps results to the presenter, and never takes the token in an address', async () => {
    expect((await get('/api/sessions')).status).toBe(401)
    expect((await get(`/api/sessions/latest/results.json?token=${server.app.access.token}`)).status).toBe(401)
    expect((await get('/api/sessions/latest/results.json', { cookie: await server.cookie('screen') })).status).toBe(401)
    expect((await asPresenter('/api/sessions/latest/results.json')).status).toBe(200)
    expect((await get('/api/sessions/latest/results.json', { Authorization: `Bearer ${server.app.access.token}` })).status).toBe(200)
  })

  it('exports a session as JSON aggregates, flagging what was still open, with no voter in it', async () => {
    const text = await (await asPresenter('/api/sessions/latest/results.json')).text()
    const report = JSON.parse(text)
    expect(report.session.id).toBe(firstSessionId)
    const poll = (id: string): Record<string, unknown> => report.polls.find((candidate: { id: string }) => candidate.id === id)
    expect(poll('choix')).toMatchObject({
      kind: 'single',
      slide: 5,
      status: 'closed',
      voters: 3,
      answers: [{ label: 'Oui', count: 2, percent: 67 }, { label: 'Non', count: 1, percent: 33 }, { label: 'Peut-être', count: 0, percent: 0 }],
    })
    expect(poll('mots')).toMatchObject({ status: 'open', voters: 3, answers: [{ label: 'Réputation', count: 3, percent: 100 }] })
    expect(poll('devinette')).toMatchObject({ voters: 3, correct: '79 %' })
    expect(poll('avant')).toMatchObject({ status: 'not-held', voters: 0 })
    for (const voterId of voterIds)
      expect(text).not.toContain(voterId)
    expect(text).not.toContain('voterId')
  })

  it('exports a session as CSV a French spreadsheet opens, with each poll\'s status', async () => {
    const response = await asPresenter('/api/sessions/latest/results.csv')
    expect(response.headers.get('content-type')).toContain('text/csv')
    const csv = await response.text()
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines[0]).toBe('session;date;diapositive;sondage;question;statut;réponse;votes;pourcentage;votants;type;moyenne;rang moyen;bonne réponse;reprend;résultats masqués;votants des deux votes;vers l’accord;vers le désaccord;inchangés;écart moyen (points)')
    expect(lines).toContainEqual(expect.stringMatching(/;5;choix;Un seul choix \?;clos;Oui;2;67;3;single;;;;;;;;;;$/))
    expect(lines).toContainEqual(expect.stringMatching(/;mots;En un mot \?;encore ouvert lors de l’export;Réputation;3;100;3;words;;;;;;;;;;$/))
    expect(lines).toContainEqual(expect.stringMatching(/;avant;Êtes-vous d’accord \?;non tenu;;;;0;scale;;;;;;;;;;$/))
    // What the JSON adds: a scale's mean (5, 4, 4 from 1 to 5: 4.33), a quiz's right answer, the poll a repeat asks
    // again, and how many answered both (none: the « avant » was not held).
    expect(lines).toContainEqual(expect.stringMatching(/;apres;Êtes-vous d’accord \?;encore ouvert lors de l’export;Plutôt d’accord;2;67;3;scale;4,33;;;avant;;0;;;;$/))
    expect(lines).toContainEqual(expect.stringMatching(/;devinette;[^;]+;encore ouvert lors de l’export;79 %;2;67;3;quiz;;;79 %;;;;;;;$/))
    expect(new Set(lines.map(line => line.split(';').length))).toEqual(new Set([21]))
    for (const voterId of voterIds)
      expect(csv).not.toContain(voterId)
  })

  it('keeps earlier sessions exportable after a new one starts', async () => {
    await request(presenter, 'session:new', { name: 'Deuxième passage' })
    const sessions = await (await asPresenter('/api/sessions')).json()
    expect(sessions.sessions.map((session: { name: string }) => session.name)).toContain('Deuxième passage')
    const latest = await (await asPresenter('/api/sessions/latest/results.json')).json()
    expect(latest.polls.find((poll: { id: string }) => poll.id === 'choix').voters).toBe(0)
    const earlier = await (await asPresenter(`/api/sessions/${firstSessionId}/results.json`)).json()
    expect(earlier.polls.find((poll: { id: string }) => poll.id === 'choix').voters).toBe(3)
    expect((await asPresenter('/api/sessions/999/results.json')).status).toBe(404)
  })
})
