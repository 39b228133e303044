import type { PollCatalog } from '../../core/poll-catalog'
import type { EventStore } from '../../server/store/event-store'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { viewPoll } from '../../core/features/poll-views'
import { limits } from '../../core/limits'
import { replay } from '../../core/session/rules'
import { loadPollCatalog } from '../../server/deck-source'
import { createSessionEngine } from '../../server/session-engine'
import { openSqliteStore } from '../../server/store/sqlite-store'
import { storageError } from '../../server/store/storage-errors'
import { fixtureSlides, temporaryDir, waitFor } from '../support/poll-server'

const catalog = await loadPollCatalog(fixtureSlides)

/** The real SQLite store, watched: counts appends, and can be told to fail appends or reads as a full or lost disk would. */
async function watchedStore(): Promise<{ store: EventStore, path: string, appends: number[], failing: { append: boolean, read: boolean } }> {
  const path = join(await temporaryDir('engine-'), 'votes.sqlite')
  const real = openSqliteStore(path, { catalog })
  const appends: number[] = []
  const failing = { append: false, read: false }
  const diskFull = storageError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }), path)
  const store: EventStore = {
    ...real,
    append: async (sessionId, events) => {
      if (failing.append)
        throw diskFull
      appends.push(events.length)
      return real.append(sessionId, events)
    },
    read: async (sessionId) => {
      if (failing.read)
        throw diskFull
      return real.read(sessionId)
    },
  }
  return { store, path, appends, failing }
}

async function readBack(path: string, catalogUsed: PollCatalog = catalog): Promise<ReturnType<typeof replay>> {
  const store = openSqliteStore(path, { catalog: catalogUsed, readOnly: true })
  const [session] = await store.listSessions()
  const state = replay(catalogUsed, session!, await store.read(session!.id))
  await store.close()
  return state
}

describe('the session engine', () => {
  it('commits a burst of votes together, and acknowledges them once durable', async () => {
    const { store, path, appends } = await watchedStore()
    const engine = await createSessionEngine(catalog, store)
    await engine.execute({ type: 'open', pollId: 'choix' })
    appends.length = 0

    const replies = await Promise.all(Array.from({ length: 300 }, (_, index) =>
      engine.execute({ type: 'vote', pollId: 'choix', voterId: `voter-${String(index).padStart(16, '0')}`, answer: { kind: 'single', choice: index % 3 } })))
    expect(replies.every(reply => reply.ok)).toBe(true)
    // Commands of the same commit window share one commit: one fsync for the burst.
    expect(appends).toEqual([300])
    expect((await readBack(path)).polls.get('choix')?.ballots.size).toBe(300)
  })

  it('makes a repeated vote wait for the commit of the first', async () => {
    const { store, appends } = await watchedStore()
    const engine = await createSessionEngine(catalog, store)
    await engine.execute({ type: 'open', pollId: 'choix' })
    const voterId = 'voter-1-aaaaaaaaaaaa'
    const first = engine.execute({ type: 'vote', pollId: 'choix', voterId, answer: { kind: 'single', choice: 1 } })
    const repeat = engine.execute({ type: 'vote', pollId: 'choix', voterId, answer: { kind: 'single', choice: 1 } })
    let repeatSettledEarly = false
    void repeat.then(() => repeatSettledEarly = appends.length < 2)
    expect(await Promise.all([first, repeat])).toEqual([{ ok: true }, { ok: true }])
    expect(repeatSettledEarly).toBe(false)
  })

  it('applies commands in the order they were committed: a ballot that lands after the close is refused, now and after a restart', async () => {
    const { store, path } = await watchedStore()
    const engine = await createSessionEngine(catalog, store)
    await engine.execute({ type: 'open', pollId: 'choix' })
    // Both are decided while the poll is open; the close is committed first.
    const [closed, late] = await Promise.all([
      engine.execute({ type: 'close', pollId: 'choix' }),
      engine.execute({ type: 'vote', pollId: 'choix', voterId: 'late-aaaaaaaaaaaaaa', answer: { kind: 'single', choice: 0 } }),
    ])
    expect(closed).toEqual({ ok: true })
    expect(late).toEqual({ ok: false, error: 'poll_closed' })
    expect(engine.state.polls.get('choix')?.ballots.size).toBe(0)
    expect((await readBack(path)).polls.get('choix')?.ballots.size).toBe(0)
  })

  it('holds a voter to the question limit even when all the questions arrive in one commit', async () => {
    const { store, path } = await watchedStore()
    const engine = await createSessionEngine(catalog, store)
    const voterId = 'asker-aaaaaaaaaaaaa'
    const replies = await Promise.all(Array.from({ length: limits.questionsPerVoter + 3 }, (_, index) =>
      engine.execute({ type: 'ask', questionId: `q-${index}`, voterId, text: `Question numéro ${index} ?` })))
    expect(replies.filter(reply => reply.ok)).toHaveLength(limits.questionsPerVoter)
    expect(replies.filter(reply => !reply.ok)).toEqual(Array.from({ length: 3 }, () => ({ ok: false, error: 'too_many_questions' })))
    expect((await readBack(path)).questions.items.size).toBe(limits.questionsPerVoter)
  })

  it('refuses what it could not store, goes back to what is on disk, and tells the presenter', async () => {
    const { store, failing } = await watchedStore()
    const engine = await createSessionEngine(catalog, store)
    await engine.execute({ type: 'open', pollId: 'choix' })
    await engine.execute({ type: 'vote', pollId: 'choix', voterId: 'kept-aaaaaaaaaaaaaa', answer: { kind: 'single', choice: 0 } })

    failing.append = true
    const lost = await Promise.all([
      engine.execute({ type: 'vote', pollId: 'choix', voterId: 'lost-aaaaaaaaaaaaaa', answer: { kind: 'single', choice: 1 } }),
      engine.execute({ type: 'close', pollId: 'choix' }),
    ])
    expect(lost).toEqual([{ ok: false, error: 'storage_failed' }, { ok: false, error: 'storage_failed' }])
    expect(engine.health).toMatchObject({ storing: false, problem: expect.stringContaining('Le disque est plein') })
    const poll = engine.state.polls.get('choix')!
    expect(poll.status).toBe('open')
    expect([...poll.ballots.keys()]).toEqual(['kept-aaaaaaaaaaaaaa'])

    failing.append = false
    expect(await engine.execute({ type: 'vote', pollId: 'choix', voterId: 'lost-aaaaaaaaaaaaaa', answer: { kind: 'single', choice: 1 } })).toEqual({ ok: true })
    expect(engine.health).toEqual({ storing: true, problem: null })
  })

  it('stops taking votes when it cannot even read back what is durable, shows nothing it refused, and recovers', async () => {
    const { store, failing } = await watchedStore()
    const engine = await createSessionEngine(catalog, store)
    await engine.execute({ type: 'open', pollId: 'choix' })
    await engine.execute({ type: 'vote', pollId: 'choix', voterId: 'kept-aaaaaaaaaaaaaa', answer: { kind: 'single', choice: 0 } })

    Object.assign(failing, { append: true, read: true })
    expect(await engine.execute({ type: 'vote', pollId: 'choix', voterId: 'lost-aaaaaaaaaaaaaa', answer: { kind: 'single', choice: 2 } })).toEqual({ ok: false, error: 'storage_failed' })
    expect(viewPoll(catalog.polls.choix!, engine.state.polls.get('choix')!, 'presenter')).toMatchObject({ voters: 1, results: { counts: [1, 0, 0] } })
    expect(await engine.execute({ type: 'vote', pollId: 'choix', voterId: 'next-aaaaaaaaaaaaaa', answer: { kind: 'single', choice: 1 } })).toEqual({ ok: false, error: 'engine_halted' })
    expect(engine.health.problem).toContain('Les votes sont refusés jusqu’au retour du stockage')

    Object.assign(failing, { append: false, read: false })
    await waitFor('the engine to recover', () => engine.health.storing, 10_000)
    expect(await engine.execute({ type: 'vote', pollId: 'choix', voterId: 'next-aaaaaaaaaaaaaa', answer: { kind: 'single', choice: 1 } })).toEqual({ ok: true })
    await engine.close()
  })

  it('restores every session, tally and poll state after a restart', async () => {
    const { store, path } = await watchedStore()
    const engine = await createSessionEngine(catalog, store)
    const firstSession = engine.state.session
    await engine.execute({ type: 'open', pollId: 'mots' })
    await engine.execute({ type: 'vote', pollId: 'mots', voterId: 'a-aaaaaaaaaaaaaaaa', answer: { kind: 'words', words: ['Confiance'] } })
    await engine.execute({ type: 'remove-word', pollId: 'mots', word: 'buzz' })
    await engine.execute({ type: 'open', pollId: 'devinette' })
    await engine.execute({ type: 'reveal', pollId: 'devinette' })
    await engine.execute({ type: 'move', page: 8, clicks: 0 })
    const second = await engine.startSession('Deuxième')
    await engine.execute({ type: 'open', pollId: 'choix' })
    await engine.execute({ type: 'reset', pollId: 'choix', confirmed: true })
    await store.close()

    const reopened = openSqliteStore(path, { catalog })
    const restarted = await createSessionEngine(catalog, reopened)
    expect(restarted.state.session).toEqual(second)
    expect(restarted.state.polls.get('choix')).toMatchObject({ status: 'idle' })
    expect((await reopened.listSessions()).map(session => session.id)).toEqual([second.id, firstSession.id])
    const earlier = replay(catalog, firstSession, await reopened.read(firstSession.id))
    expect(earlier.nav).toEqual({ page: 8, clicks: 0 })
    expect(earlier.polls.get('mots')).toMatchObject({ status: 'open', ballots: new Map([['a-aaaaaaaaaaaaaaaa', { kind: 'words', words: ['Confiance'] }]]), banned: new Set(['buzz']) })
    expect(earlier.polls.get('devinette')).toMatchObject({ status: 'closed', revealed: true })
    await reopened.close()
  })

  it('replays the session against new poll definitions, keeping the ballots that still fit', async () => {
    const { store } = await watchedStore()
    const engine = await createSessionEngine(catalog, store)
    await engine.execute({ type: 'open', pollId: 'choix' })
    await engine.execute({ type: 'vote', pollId: 'choix', voterId: 'a-aaaaaaaaaaaaaaaa', answer: { kind: 'single', choice: 2 } })
    const edited: PollCatalog = { polls: { ...catalog.polls, choix: { ...catalog.polls.choix!, question: 'Un seul choix, vraiment ?' } } }
    engine.replaceCatalog(edited)
    expect(engine.catalog.polls.choix!.question).toBe('Un seul choix, vraiment ?')
    expect(engine.state.polls.get('choix')?.ballots.size).toBe(1)
  })

  it('hands out its state read-only: what it shows is the log replayed, and only the engine changes it', async () => {
    const { store, path } = await watchedStore()
    const engine = await createSessionEngine(catalog, store)
    await engine.execute({ type: 'open', pollId: 'choix' })
    await engine.execute({ type: 'vote', pollId: 'choix', voterId: 'a-aaaaaaaaaaaaaaaa', answer: { kind: 'single', choice: 2 } })
    const { state } = engine
    expect(state.polls.get('choix')).toEqual((await readBack(path)).polls.get('choix'))
    // The compiler refuses any change from outside (`npm run typecheck` checks these lines stay refused).
    const tryChanges = (): void => {
      // @ts-expect-error a poll's map is read-only
      state.polls.delete('choix')
      // @ts-expect-error a ballot map is read-only
      state.polls.get('choix')?.ballots.clear()
      // @ts-expect-error a poll's status is read-only
      state.polls.get('choix')!.status = 'idle'
      // @ts-expect-error questions are read-only
      state.questions.items.clear()
      // @ts-expect-error the presenter's place is read-only
      state.nav = null
    }
    expect(tryChanges).toBeTypeOf('function')
    await engine.close()
  })
})
