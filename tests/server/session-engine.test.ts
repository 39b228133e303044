import type { VoteStore } from '../../server/store/vote-store'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadPollCatalog } from '../../server/deck-source'
import { createSessionEngine } from '../../server/session-engine'
import { openSqliteStore } from '../../server/store/sqlite-store'
import { fixtureSlides, temporaryDir } from '../support/poll-server'

/** The real SQLite store, watched: counts commits, and can be told to fail the next one as a full disk would. */
async function watchedStore(): Promise<{ store: VoteStore, path: string, commits: number[], failNext: () => void }> {
  const path = join(await temporaryDir('engine-'), 'votes.sqlite')
  const real = openSqliteStore(path)
  const commits: number[] = []
  let failing = false
  const store: VoteStore = {
    ...real,
    commit: async (sessionId, events) => {
      if (failing) {
        failing = false
        throw new Error('SQLITE_FULL: database or disk is full')
      }
      commits.push(events.length)
      return real.commit(sessionId, events)
    },
  }
  return { store, path, commits, failNext: () => failing = true }
}

describe('the session engine', () => {
  it('commits a burst of votes together, and acknowledges them once durable', async () => {
    const { store, path, commits } = await watchedStore()
    const engine = await createSessionEngine(await loadPollCatalog(fixtureSlides), store)
    await engine.execute({ type: 'open', pollId: 'choix' })
    commits.length = 0

    const replies = await Promise.all(Array.from({ length: 300 }, (_, index) =>
      engine.execute({ type: 'vote', pollId: 'choix', voterId: `voter-${index}`, answer: index % 3 })))
    expect(replies.every(reply => reply.ok)).toBe(true)
    expect(commits).toEqual([300])

    const reopened = openSqliteStore(path)
    expect((await reopened.loadSession(engine.state.session.id))?.polls.get('choix')?.ballots.size).toBe(300)
    await reopened.close()
  })

  it('makes a repeated vote wait for the commit of the first', async () => {
    const { store, commits } = await watchedStore()
    const engine = await createSessionEngine(await loadPollCatalog(fixtureSlides), store)
    await engine.execute({ type: 'open', pollId: 'choix' })
    const first = engine.execute({ type: 'vote', pollId: 'choix', voterId: 'voter-1', answer: 1 })
    const repeat = engine.execute({ type: 'vote', pollId: 'choix', voterId: 'voter-1', answer: 1 })
    let repeatSettledEarly = false
    void repeat.then(() => repeatSettledEarly = commits.length < 2)
    expect(await Promise.all([first, repeat])).toEqual([{ ok: true }, { ok: true }])
    expect(repeatSettledEarly).toBe(false)
  })

  it('refuses what it could not store, and goes back to what is on disk', async () => {
    const { store, failNext } = await watchedStore()
    const engine = await createSessionEngine(await loadPollCatalog(fixtureSlides), store)
    await engine.execute({ type: 'open', pollId: 'choix' })
    await engine.execute({ type: 'vote', pollId: 'choix', voterId: 'kept', answer: 0 })
    const changes: string[] = []
    engine.onChange(change => changes.push(change.type))

    failNext()
    const lost = await Promise.all([
      engine.execute({ type: 'vote', pollId: 'choix', voterId: 'lost', answer: 1 }),
      engine.execute({ type: 'close', pollId: 'choix' }),
    ])
    expect(lost).toEqual([{ ok: false, error: 'storage_failed' }, { ok: false, error: 'storage_failed' }])
    expect(changes).toEqual(['replaced'])
    const poll = engine.state.polls.get('choix')!
    expect(poll.status).toBe('open')
    expect([...poll.ballots.keys()]).toEqual(['kept'])

    expect(await engine.execute({ type: 'vote', pollId: 'choix', voterId: 'lost', answer: 1 })).toEqual({ ok: true })
  })

  it('restores every session, tally and poll state after a restart', async () => {
    const { store, path } = await watchedStore()
    const catalog = await loadPollCatalog(fixtureSlides)
    const engine = await createSessionEngine(catalog, store)
    const firstSession = engine.state.session
    await engine.execute({ type: 'open', pollId: 'mots' })
    await engine.execute({ type: 'vote', pollId: 'mots', voterId: 'a', answer: ['Confiance'] })
    await engine.execute({ type: 'remove-word', pollId: 'mots', word: 'buzz' })
    await engine.execute({ type: 'open', pollId: 'devinette' })
    await engine.execute({ type: 'reveal', pollId: 'devinette' })
    await engine.execute({ type: 'close', pollId: 'devinette' })
    await engine.execute({ type: 'focus', pollId: 'mots' })
    const second = await engine.startSession('Deuxième')
    await engine.execute({ type: 'open', pollId: 'choix' })
    await engine.execute({ type: 'reset', pollId: 'choix', confirmed: true })
    await store.close()

    const reopened = openSqliteStore(path)
    const restarted = await createSessionEngine(catalog, reopened)
    expect(restarted.state.session).toEqual(second)
    expect(restarted.state.polls.get('choix')).toMatchObject({ status: 'idle', round: 1 })
    expect((await reopened.listSessions()).map(session => session.id)).toEqual([second.id, firstSession.id])
    const earlier = (await reopened.loadSession(firstSession.id))!
    expect(earlier.focus).toBe('mots')
    expect(earlier.polls.get('mots')).toMatchObject({ status: 'open', ballots: new Map([['a', ['confiance']]]), banned: new Set(['buzz']) })
    expect(earlier.polls.get('devinette')).toMatchObject({ status: 'closed', revealed: true })
    await reopened.close()
  })
})
