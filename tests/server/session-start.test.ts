import type { ServerProcess } from '../support/server-process'
import { describe, expect, it } from 'vitest'
import { loadPollCatalog } from '../../server/deck-source'
import { startsAfresh } from '../../server/session-start'
import { ageSessions, connectClient, loginCookie, randomVoterId, request, stubDecks, temporaryDir } from '../support/poll-server'
import { serverUrl, spawnServer } from '../support/server-process'

interface Started { server: ServerProcess, url: string, cookie: string }

async function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const server = spawnServer(env)
  const url = await serverUrl(server)
  const link = /Animateur, sur cet ordinateur \(gardez ce lien pour vous\) : http:\/\/localhost:\d+(\S+)/.exec(server.output())![1]!
  return { server, url, cookie: await loginCookie(url, link) }
}

async function stop({ server }: Started): Promise<void> {
  server.child.kill('SIGTERM')
  expect(await server.exited).toBe(0)
}

async function api<T>({ url, cookie }: Started, path: string): Promise<T> {
  const response = await fetch(`${url}${path}`, { headers: { cookie } })
  expect(response.status).toBe(200)
  return await response.json() as T
}

const liveSession = async (started: Started): Promise<number> => (await api<{ current: number }>(started, '/api/sessions')).current

describe('which session npm start records into', () => {
  it('continues the same day\'s session, starts a new one over a rehearsal of another day, and can be told either way', async () => {
    const dataDir = await temporaryDir('polls-sessions-')
    const env = { DATA_DIR: dataDir, DECK_DIR: await stubDecks(), MAX_VOTERS_PER_ADDRESS: '0' }
    const poll = Object.values((await loadPollCatalog()).polls).find(candidate => candidate.kind === 'scale' && !candidate.repeats)!

    // The rehearsal: three votes, revealed.
    const rehearsal = await start(env)
    expect(rehearsal.server.output()).not.toMatch(/Session reprise|Nouvelle session/)
    const presenter = await connectClient(rehearsal.url, { role: 'presenter' }, { cookie: rehearsal.cookie })
    expect(await request(presenter, 'poll:open', { pollId: poll.id })).toEqual({ ok: true })
    for (const point of [1, 2, 2]) {
      const phone = await connectClient(rehearsal.url, { role: 'phone', voterId: randomVoterId() })
      expect(await request(phone, 'vote', { pollId: poll.id, answer: { kind: 'scale', point } })).toEqual({ ok: true })
      phone.close()
    }
    expect(await request(presenter, 'poll:reveal', { pollId: poll.id })).toEqual({ ok: true })
    presenter.close()
    await stop(rehearsal)

    // A restart the same day, mid-talk: the same session, its votes, and the way to start afresh.
    const restarted = await start(env)
    expect(restarted.server.output()).toContain(`Session reprise : n° 1, « Présentation du `)
    expect(restarted.server.output()).toContain('(3 bulletins, 0 question). Pour repartir de zéro : « Nouvelle session » dans la vue animateur, ou relancez avec SESSION=new.')
    expect(await liveSession(restarted)).toBe(1)
    await stop(restarted)

    // The next day, told to resume: still the rehearsal's session, used today once the presenter moves; so a restart
    // later that day continues it as is.
    ageSessions(dataDir, 1)
    const resumed = await start({ ...env, SESSION: 'resume' })
    expect(await liveSession(resumed)).toBe(1)
    const mover = await connectClient(resumed.url, { role: 'presenter' }, { cookie: resumed.cookie })
    expect(await request(mover, 'nav', { page: 2, clicks: 0 })).toEqual({ ok: true })
    mover.close()
    await stop(resumed)
    const sameDay = await start(env)
    expect(await liveSession(sameDay)).toBe(1)
    await stop(sameDay)

    // The day after, as is: a new, empty session; the rehearsal's results stay, and export.
    ageSessions(dataDir, 1)
    const talk = await start(env)
    const yesterday = new Date(Date.now() - 86_400_000).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' })
    expect(talk.server.output()).toMatch(new RegExp(`Nouvelle session n° 2, « Présentation du [^»]+ ». La précédente \\(n° 1, « Présentation du [^»]+ », utilisée le ${yesterday}\\) reste enregistrée : npm run export -- --session 1 en fait le PDF\\.`))
    expect(await liveSession(talk)).toBe(2)
    const live = await api<{ polls: { id: string, voters: number }[] }>(talk, '/api/sessions/latest/results.json')
    expect(live.polls.find(report => report.id === poll.id)?.voters).toBe(0)
    const kept = await api<{ polls: { id: string, voters: number }[] }>(talk, '/api/sessions/1/results.json')
    expect(kept.polls.find(report => report.id === poll.id)?.voters).toBe(3)
    await stop(talk)

    // Told to start afresh, even the same day.
    const fresh = await start({ ...env, SESSION: 'new' })
    expect(await liveSession(fresh)).toBe(3)
    await stop(fresh)
  }, 90_000)

  it('refuses a SESSION it does not know, saying which it knows', async () => {
    const server = spawnServer({ DATA_DIR: await temporaryDir('polls-session-bad-'), DECK_DIR: await stubDecks(), SESSION: 'hier' })
    expect(await server.exited).toBe(1)
    expect(server.output()).toContain('SESSION doit valoir auto, new, resume, pas « hier ».')
  })
})

describe('when a session counts as left from another day', () => {
  const evening = new Date(2026, 11, 3, 23, 50)
  const morning = new Date(2026, 11, 4, 0, 10)
  const later = new Date(2026, 11, 4, 9, 0)

  it('goes by the calendar day of its last use, on this computer\'s clock, and only for a session holding something', () => {
    expect(startsAfresh('auto', true, evening, morning)).toBe(true)
    expect(startsAfresh('auto', true, morning, later)).toBe(false)
    expect(startsAfresh('auto', false, evening, later)).toBe(false)
    // A store that does not know (Redis, shared by several servers): continued.
    expect(startsAfresh('auto', true, undefined, later)).toBe(false)
  })

  it('does as told whatever the day', () => {
    expect(startsAfresh('new', false, morning, later)).toBe(true)
    expect(startsAfresh('resume', true, evening, later)).toBe(false)
  })
})
