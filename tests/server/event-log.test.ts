// Every release's fixture log (tests/fixtures/event-log/, see docs/testing.md) replayed by today's code, from a real
// SQLite file and from a real Redis: a log stored by an older release must read as the state it was.
import type { PollCatalog } from '../../core/poll-catalog'
import type { ReadOnlySession } from '../../core/session/read-only'
import type { SessionState } from '../../core/session/state'
import type { EventStore } from '../../server/store/event-store'
import type { RedisKeyDump } from '../support/event-log-fixture'
import { readFileSync } from 'node:fs'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { summarizeTally } from '../../core/kinds/registry'
import { pollDefinition } from '../../core/poll-catalog'
import { replay } from '../../core/session/rules'
import { loadPollCatalog } from '../../server/deck-source'
import { createSessionEngine } from '../../server/session-engine'
import { openRedisStore } from '../../server/store/redis-store'
import { openSqliteStore } from '../../server/store/sqlite-store'
import { eventVersions } from '../../server/store/stored-events'
import { fixtureFiles, fixtureReleases, restoreRedis, restoreSqlite } from '../support/event-log-fixture'
import { temporaryDir } from '../support/poll-server'
import { startRedis } from '../support/redis'

type RedisServer = Awaited<ReturnType<typeof startRedis>>

const voter = (n: number): string => `fixture-voter-${String(n).padStart(4, '0')}`

/** What each release's log must read as: a release that adds a fixture adds what its log holds here. */
const expectations: Record<string, (talk: ReadOnlySession, rehearsal: ReadOnlySession, catalog: PollCatalog) => void> = {
  '2026-12-05': (talk, rehearsal, catalog) => {
    expect(rehearsal.polls.get('choix')).toMatchObject({ status: 'closed', round: 1, ballots: new Map([[voter(9), { kind: 'single', choice: 1 }]]) })
    expect(talk.nav).toEqual({ page: 4, clicks: 1 })

    const poll = (id: string): NonNullable<ReturnType<typeof talk.polls.get>> => talk.polls.get(id)!
    // A voter who changed their mind counts once, with their last answer.
    expect(poll('avant')).toMatchObject({ status: 'closed', revealed: false, round: 1 })
    expect(poll('avant').ballots).toEqual(new Map([[voter(1), { kind: 'scale', point: 0 }], [voter(2), { kind: 'scale', point: 4 }]]))
    expect(summarizeTally(pollDefinition(catalog, 'avant')!, poll('avant').tally, { voters: 2, banned: new Set() })).toMatchObject({ counts: [1, 0, 0, 0, 1], mean: 3 })
    // The reset dropped the first round's ballot; the second opening is round 2.
    expect(poll('choix')).toMatchObject({ status: 'open', round: 2, ballots: new Map([[voter(2), { kind: 'single', choice: 2 }]]) })
    expect(poll('plusieurs')).toMatchObject({ status: 'closed', revealed: true, ballots: new Map([[voter(1), { kind: 'multi', choices: [0, 3] }]]) })
    expect(poll('devinette')).toMatchObject({ status: 'closed', revealed: true })
    expect(poll('devinette').ballots.size).toBe(2)
    expect(poll('classement').ballots.get(voter(1))).toEqual({ kind: 'ranking', order: [2, 0, 1] })

    // Removed, restored, removed again; paused before the third voter, who counts live but not in the room's frozen cloud.
    expect([...poll('mots').banned]).toEqual(['bad buzz'])
    expect([...poll('mots').ballots.keys()]).toEqual([voter(1), voter(2), voter(3)])
    expect([...poll('mots').frozen!.ballots.keys()]).toEqual([voter(1), voter(2)])
    const cloud = summarizeTally(pollDefinition(catalog, 'mots')!, poll('mots').tally, { voters: 3, banned: poll('mots').banned })
    expect(cloud.kind === 'words' && cloud.words.map(({ count }) => count).sort()).toEqual([1, 2])

    const { questions } = talk
    expect(questions.moderated).toBe(false)
    expect(questions.highlighted).toBe('q-premiere')
    expect([...questions.items.values()].map(({ id, status, upvoters }) => [id, status, [...upvoters]])).toEqual([
      ['q-premiere', 'approved', [voter(2)]],
      ['q-deuxieme', 'answered', []],
      ['q-troisieme', 'hidden', []],
    ])
    // Recorded twice: the last one stands.
    expect(talk.decision).toEqual({ firstStep: 'Ouvrir un compte pilote', owner: 'La direction', checkIn: 'Dans un mois', resources: 'Deux jours', deliverable: 'Un bilan', secondLine: '', recordedAt: '2026-12-05T10:45:00.000Z' })
  },
}

/**
 * Today's engine on the store, as a server restarting on it: the talk (the newest session, replayed) and the rehearsal.
 * `check` sees the engine's state before the log carries on.
 */
async function readBack(store: EventStore, catalog: PollCatalog, check: (talk: ReadOnlySession, rehearsal: ReadOnlySession) => void): Promise<SessionState> {
  const sessions = await store.listSessions()
  expect(sessions.map(({ name }) => name)).toEqual(['Comité de direction', 'Répétition'])
  const engine = await createSessionEngine(catalog, store)
  const rehearsal = replay(catalog, sessions[1]!, await store.read(sessions[1]!.id))
  const talk = replay(catalog, sessions[0]!, await store.read(sessions[0]!.id))
  check(engine.state, rehearsal)
  check(talk, rehearsal)
  // The log carries on from where that release left it.
  expect(await engine.execute({ type: 'vote', pollId: 'choix', voterId: voter(7), answer: { kind: 'single', choice: 0 } })).toEqual({ ok: true })
  expect(engine.state.polls.get('choix')?.ballots.size).toBe(2)
  await engine.close()
  await store.close()
  return talk
}

/** Each stored event's type and version, as `type@version`. */
function sqliteRows(path: string): string[] {
  const db = new Database(path, { readonly: true })
  const rows = db.prepare<[], { version: number, event: string }>('SELECT version, event FROM events').all()
  db.close()
  return rows.map(({ version, event }) => `${(JSON.parse(event) as { type: string }).type}@${version}`)
}

function redisRows(release: string): string[] {
  const dump = JSON.parse(readFileSync(fixtureFiles(release).redis, 'utf8')) as RedisKeyDump[]
  return dump.flatMap(key => key.type === 'stream' ? key.entries : []).flatMap(([, fields]) => {
    const field = (name: string): string | undefined => fields.includes(name) ? fields[fields.indexOf(name) + 1] : undefined
    const event = field('event')
    return event === undefined ? [] : [`${(JSON.parse(event) as { type: string }).type}@${field('v')}`]
  })
}

const releases = fixtureReleases()
let redis: RedisServer
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(() => redis.stop())

describe('the event log fixtures', () => {
  it('cover every event type in its current version, in SQLite and in Redis, each release with what it must read as', async () => {
    const current = Object.entries(eventVersions.current).map(([type, version]) => `${type}@${version}`)
    const stored = { sqlite: new Set<string>(), redis: new Set<string>() }
    for (const release of releases) {
      sqliteRows(restoreSqlite(release, await temporaryDir('event-log-'))).forEach(row => stored.sqlite.add(row))
      redisRows(release).forEach(row => stored.redis.add(row))
    }
    // A new event type or version needs a new fixture: `node --import tsx scripts/event-log-fixture.ts YYYY-MM-DD`.
    expect(current.filter(row => !stored.sqlite.has(row))).toEqual([])
    expect(current.filter(row => !stored.redis.has(row))).toEqual([])
    expect(Object.keys(expectations).sort()).toEqual(releases)
  })

  describe.each(releases)('written on %s', (release) => {
    it('reads back from its SQLite file as the state it was, and the same from its Redis streams', async () => {
      const catalog = await loadPollCatalog(fixtureFiles(release).slides)
      const path = restoreSqlite(release, await temporaryDir('event-log-'))
      const check = (talk: ReadOnlySession, rehearsal: ReadOnlySession): void => expectations[release]!(talk, rehearsal, catalog)
      const fromSqlite = await readBack(openSqliteStore(path, { catalog }), catalog, check)
      await restoreRedis(release, redis.url)
      const fromRedis = await readBack(await openRedisStore(redis.url), catalog, check)
      const { session: _sqlite, ...sqliteTalk } = fromSqlite
      const { session: _redis, ...redisTalk } = fromRedis
      expect(redisTalk).toEqual(sqliteTalk)
    })
  })
})
