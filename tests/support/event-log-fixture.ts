// A session log written by one release, kept as a fixture that every later release replays: in SQLite (a SQL dump of
// the votes file) and in Redis (the streams, as JSON). `scripts/event-log-fixture.ts` writes a release's (see
// docs/testing.md, « The event log fixtures »).
import type { Command } from '../../core/session/rules'
import type { EventStore } from '../../server/store/event-store'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { Redis } from 'ioredis'
import { loadPollCatalog } from '../../server/deck-source'
import { createSessionEngine } from '../../server/session-engine'
import { openRedisStore } from '../../server/store/redis-store'
import { openSqliteStore } from '../../server/store/sqlite-store'
import { fixtureSlides, temporaryDir } from './poll-server'
import { startRedis } from './redis'

export const fixturesDir = new URL('../fixtures/event-log/', import.meta.url).pathname
/** Every fixture, oldest first: each is named after the day its release wrote it. */
export function fixtureReleases(): string[] {
  return readdirSync(fixturesDir).filter(name => existsSync(join(fixturesDir, name, 'votes.sql'))).sort()
}

export function fixtureFiles(release: string): { slides: string, sql: string, redis: string } {
  const dir = join(fixturesDir, release)
  return { slides: join(dir, 'slides.md'), sql: join(dir, 'votes.sql'), redis: join(dir, 'redis.json') }
}

/** A Redis key as the fixture keeps it: a counter's value, or a stream's entries with their ids. */
export type RedisKeyDump
  = | { key: string, type: 'string', value: string }
    | { key: string, type: 'stream', entries: [id: string, fields: string[]][] }

const voter = (n: number): string => `fixture-voter-${String(n).padStart(4, '0')}`

/** The rehearsal: one round of one poll. */
const rehearsal: Command[] = [
  { type: 'open', pollId: 'choix' },
  { type: 'vote', pollId: 'choix', voterId: voter(9), answer: { kind: 'single', choice: 1 } },
  { type: 'close', pollId: 'choix' },
]

const decision = { firstStep: 'Ouvrir un compte pilote', owner: 'La direction', checkIn: 'Dans un mois', resources: 'Deux jours', deliverable: 'Un bilan', secondLine: '' }

/** The talk: every kind of poll and every event type, with the changes of mind a room makes. */
const talk: Command[] = [
  { type: 'move', page: 2, clicks: 0 },
  { type: 'open', pollId: 'avant' },
  { type: 'vote', pollId: 'avant', voterId: voter(1), answer: { kind: 'scale', point: 3 } },
  { type: 'vote', pollId: 'avant', voterId: voter(2), answer: { kind: 'scale', point: 4 } },
  { type: 'vote', pollId: 'avant', voterId: voter(1), answer: { kind: 'scale', point: 0 } },
  { type: 'close', pollId: 'avant' },
  { type: 'move', page: 4, clicks: 1 },
  { type: 'open', pollId: 'choix' },
  { type: 'vote', pollId: 'choix', voterId: voter(1), answer: { kind: 'single', choice: 0 } },
  { type: 'reset', pollId: 'choix', confirmed: true },
  { type: 'open', pollId: 'choix' },
  { type: 'vote', pollId: 'choix', voterId: voter(2), answer: { kind: 'single', choice: 2 } },
  { type: 'open', pollId: 'plusieurs' },
  { type: 'vote', pollId: 'plusieurs', voterId: voter(1), answer: { kind: 'multi', choices: [0, 3] } },
  { type: 'reveal', pollId: 'plusieurs' },
  { type: 'open', pollId: 'devinette' },
  { type: 'vote', pollId: 'devinette', voterId: voter(1), answer: { kind: 'quiz', choice: 2 } },
  { type: 'vote', pollId: 'devinette', voterId: voter(2), answer: { kind: 'quiz', choice: 0 } },
  { type: 'close', pollId: 'devinette' },
  { type: 'reveal', pollId: 'devinette' },
  { type: 'open', pollId: 'mots' },
  { type: 'vote', pollId: 'mots', voterId: voter(1), answer: { kind: 'words', words: ['Confiance', 'bad buzz'] } },
  { type: 'vote', pollId: 'mots', voterId: voter(2), answer: { kind: 'words', words: ['confiance'] } },
  { type: 'remove-word', pollId: 'mots', word: 'bad buzz' },
  { type: 'restore-word', pollId: 'mots', word: 'bad buzz' },
  { type: 'remove-word', pollId: 'mots', word: 'bad buzz' },
  { type: 'pause-cloud', pollId: 'mots', paused: true },
  { type: 'vote', pollId: 'mots', voterId: voter(3), answer: { kind: 'words', words: ['réseau'] } },
  { type: 'open', pollId: 'classement' },
  { type: 'vote', pollId: 'classement', voterId: voter(1), answer: { kind: 'ranking', order: [2, 0, 1] } },
  { type: 'set-moderation', moderated: true },
  { type: 'ask', questionId: 'q-premiere', voterId: voter(1), text: 'Qui modère les réseaux ?' },
  { type: 'moderate', questionId: 'q-premiere', action: 'approve' },
  { type: 'set-moderation', moderated: false },
  { type: 'ask', questionId: 'q-deuxieme', voterId: voter(2), text: 'Et le coût ?' },
  { type: 'ask', questionId: 'q-troisieme', voterId: voter(3), text: 'Hors sujet' },
  { type: 'upvote', questionId: 'q-premiere', voterId: voter(2), upvoted: true },
  { type: 'upvote', questionId: 'q-premiere', voterId: voter(3), upvoted: true },
  { type: 'upvote', questionId: 'q-premiere', voterId: voter(3), upvoted: false },
  { type: 'moderate', questionId: 'q-troisieme', action: 'hide' },
  { type: 'moderate', questionId: 'q-deuxieme', action: 'answer' },
  { type: 'moderate', questionId: 'q-premiere', action: 'highlight' },
  { type: 'record-decision', decision: { ...decision, owner: '' }, recordedAt: '2026-12-05T10:40:00.000Z' },
  { type: 'record-decision', decision, recordedAt: '2026-12-05T10:45:00.000Z' },
]

/** Writes the rehearsal and the talk into a store through today's engine, one command after the other. */
async function writeLog(store: EventStore, catalog: Awaited<ReturnType<typeof loadPollCatalog>>): Promise<void> {
  await store.createSession('Répétition')
  const engine = await createSessionEngine(catalog, store)
  const run = async (commands: Command[]): Promise<void> => {
    for (const command of commands) {
      const reply = await engine.execute(command)
      if (!reply.ok)
        throw new Error(`${JSON.stringify(command)} refused: ${reply.error}`)
    }
  }
  await run(rehearsal)
  await engine.startSession('Comité de direction')
  await run(talk)
  await engine.close()
  await store.close()
}

const sqlValue = (value: unknown): string => typeof value === 'number' ? String(value) : `'${String(value).replaceAll('\'', '\'\'')}'`

/** The votes file as SQL: its layout version, its tables, and their rows in order. */
function dumpSqlite(path: string): string {
  const db = new Database(path, { readonly: true })
  const lines = [`PRAGMA user_version = ${db.pragma('user_version', { simple: true }) as number};`]
  const tables = db.prepare<[], { name: string, sql: string }>('SELECT name, sql FROM sqlite_master WHERE type = \'table\' ORDER BY rowid').all()
  for (const { name, sql } of tables) {
    lines.push(`${sql};`)
    for (const row of db.prepare(`SELECT * FROM ${name} ORDER BY 1, 2`).all() as Record<string, unknown>[])
      lines.push(`INSERT INTO ${name} VALUES (${Object.values(row).map(sqlValue).join(', ')});`)
  }
  db.close()
  return `${lines.join('\n')}\n`
}

async function dumpRedis(url: string): Promise<RedisKeyDump[]> {
  const client = new Redis(url)
  const keys = (await client.keys('prejuges-web2:*')).sort()
  const dump = await Promise.all(keys.map(async (key): Promise<RedisKeyDump> => await client.type(key) === 'stream'
    ? { key, type: 'stream', entries: await client.xrange(key, '-', '+') as [string, string[]][] }
    : { key, type: 'string', value: (await client.get(key))! }))
  client.disconnect()
  return dump
}

/** A fixture's votes file, as its release left it, in `dir`; returns its path. */
export function restoreSqlite(release: string, dir: string): string {
  const path = join(dir, 'votes.sqlite')
  const db = new Database(path)
  db.exec(readFileSync(fixtureFiles(release).sql, 'utf8'))
  db.close()
  return path
}

/** A fixture's streams, as its release left them, in the Redis at `url`. */
export async function restoreRedis(release: string, url: string): Promise<void> {
  const client = new Redis(url)
  const dump = JSON.parse(readFileSync(fixtureFiles(release).redis, 'utf8')) as RedisKeyDump[]
  for (const entry of dump) {
    if (entry.type === 'string') {
      await client.set(entry.key, entry.value)
      continue
    }
    for (const [id, fields] of entry.entries)
      await client.xadd(entry.key, id, ...fields)
  }
  client.disconnect()
}

/** Writes a release's fixture through today's code; returns the files written. */
export async function generateFixture(release: string): Promise<string[]> {
  const files = fixtureFiles(release)
  if (existsSync(files.sql))
    throw new Error(`${files.sql} exists: a release's fixture is never rewritten.`)
  mkdirSync(join(fixturesDir, release), { recursive: true })
  writeFileSync(files.slides, readFileSync(fixtureSlides, 'utf8'))
  const catalog = await loadPollCatalog(files.slides)
  const path = join(await temporaryDir('event-log-'), 'votes.sqlite')
  await writeLog(openSqliteStore(path, { catalog }), catalog)
  writeFileSync(files.sql, dumpSqlite(path))
  const redis = await startRedis()
  try {
    await writeLog(await openRedisStore(redis.url), catalog)
    writeFileSync(files.redis, `${JSON.stringify(await dumpRedis(redis.url), null, 1)}\n`)
  }
  finally {
    await redis.stop()
  }
  return [files.slides, files.sql, files.redis]
}
