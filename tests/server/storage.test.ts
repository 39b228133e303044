import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { replay } from '../../core/session/rules'
import { viewPolls } from '../../core/session/views'
import { loadPollCatalog } from '../../server/deck-source'
import { databasePath } from '../../server/poll-app'
import { StorageError } from '../../server/store/event-store'
import { openSqliteStore } from '../../server/store/sqlite-store'
import { fixtureSlides, startTestServer, temporaryDir } from '../support/poll-server'

const catalog = await loadPollCatalog(fixtureSlides)

/** Every file of a directory with its bytes, to show that a refusal touched nothing. */
function snapshotDir(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map(name => [name, readFileSync(join(dir, name)).toString('base64')]))
}

describe('the event log in SQLite', () => {
  it('converts a first-release data directory on start, losing nothing', async () => {
    const dataDir = await temporaryDir('first-release-')
    const legacy = new Database(databasePath(dataDir))
    legacy.exec(readFileSync(new URL('../fixtures/first-release.sql', import.meta.url), 'utf8'))
    legacy.close()

    const store = openSqliteStore(databasePath(dataDir), { catalog })
    const sessions = await store.listSessions()
    expect(sessions.map(session => session.name)).toEqual(['Comité de direction', 'Répétition'])
    const state = replay(catalog, sessions[0]!, await store.read(2))
    const views = viewPolls(catalog, state.polls, 'presenter')
    expect(views.avant).toMatchObject({ status: 'closed', voters: 2, results: { kind: 'scale', counts: [0, 0, 0, 1, 1], mean: 4.5 } })
    // Round 1 counts; round 0 stays in the log, archived.
    expect(views.choix).toMatchObject({ status: 'open', voters: 1, results: { counts: [0, 0, 1] } })
    expect(views.plusieurs).toMatchObject({ status: 'closed', revealed: true, results: { counts: [1, 0, 0, 1] } })
    expect(views.devinette).toMatchObject({ revealed: true, results: { counts: [1, 0, 1] }, correct: 2 })
    expect(views.mots).toMatchObject({ status: 'open', voters: 2, results: { words: [{ text: 'confiance', count: 2 }] }, removed: ['bad buzz'] })
    expect(replay(catalog, sessions[1]!, await store.read(1)).polls.get('choix')?.ballots.size).toBe(1)
    await store.close()

    // The old tables stay, renamed: even a poll the deck no longer has keeps its ballots.
    const migrated = new Database(databasePath(dataDir), { readonly: true })
    expect(migrated.prepare('SELECT count(*) AS n FROM v1_ballots WHERE poll_id = \'supprime\'').get()).toEqual({ n: 1 })
    migrated.close()
  })

  it('reads the log as it was at one instant while a server keeps appending', async () => {
    const server = await startTestServer()
    try {
      const { engine } = server.app
      await engine.execute({ type: 'open', pollId: 'choix' })
      const writing = Promise.all(Array.from({ length: 200 }, (_, index) =>
        engine.execute({ type: 'vote', pollId: 'choix', voterId: `reader-${String(index).padStart(12, '0')}`, answer: { kind: 'single', choice: index % 3 } })))
      const reader = openSqliteStore(databasePath(server.dataDir), { catalog, readOnly: true })
      const [session] = await reader.listSessions()
      const events = await reader.read(session!.id)
      const ballots = events.filter(event => event.type === 'ballot-cast')
      expect(ballots.length).toBeLessThanOrEqual(200)
      await writing
      expect((await reader.read(session!.id)).filter(event => event.type === 'ballot-cast')).toHaveLength(200)
      await reader.close()
    }
    finally {
      await server.close()
    }
  })
})

describe('plain errors', () => {
  it.each([
    ['is not a database', (path: string) => writeFileSync(path, 'ceci n’est pas une base de données, mais un texte assez long pour tromper'.repeat(20)), /endommagé ou n’est pas une base de votes/],
    ['was cut short', (path: string) => {
      const db = new Database(path)
      db.exec('CREATE TABLE filler (x TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) INSERT INTO filler SELECT hex(randomblob(500)) FROM n')
      db.close()
      writeFileSync(path, readFileSync(path).subarray(0, Math.floor(statSync(path).size / 2)))
    }, /endommagé/],
  ])('a votes file that %s gets one French sentence, and stays as it was', async (_case, spoil, message) => {
    const dataDir = await temporaryDir('spoiled-')
    spoil(databasePath(dataDir))
    const before = snapshotDir(dataDir)
    await expect(startTestServer({ dataDir })).rejects.toThrowError(message)
    await expect(startTestServer({ dataDir })).rejects.toBeInstanceOf(StorageError)
    expect(snapshotDir(dataDir)).toEqual(before)
  })

  it('an unusable data directory gets one French sentence, and nothing on disk is touched', async () => {
    const parent = await temporaryDir('not-a-dir-')
    const notADirectory = join(parent, 'fichier')
    writeFileSync(notADirectory, 'x')
    // Back-dated, so that a write during the refusal would show as a new modification time.
    utimesSync(notADirectory, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'))
    const before = { files: snapshotDir(parent), modified: statSync(notADirectory).mtimeMs }
    await expect(startTestServer({ dataDir: notADirectory })).rejects.toThrowError(/^Le dossier de données .*\/fichier est illisible ou protégé en écriture\. Vérifiez qu’il s’agit bien d’un dossier et ses droits, ou choisissez-en un autre avec DATA_DIR=… ; rien n’y a été modifié\.$/)
    expect({ files: snapshotDir(parent), modified: statSync(notADirectory).mtimeMs }).toEqual(before)
  })

  describe('a full disk', () => {
    const mountPoint = join('/tmp', `full-disk-${process.pid}`)
    afterAll(() => {
      execFileSync('umount', [mountPoint])
    })

    it('refuses new votes with a sentence for the presenter, keeps what was stored, and takes votes again once there is room', async () => {
      execFileSync('mkdir', ['-p', mountPoint])
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint])
      const server = await startTestServer({ dataDir: mountPoint })
      try {
        const { engine } = server.app
        await engine.execute({ type: 'open', pollId: 'mots' })
        expect(await engine.execute({ type: 'vote', pollId: 'mots', voterId: 'kept-aaaaaaaaaaaaaa', answer: { kind: 'words', words: ['confiance'] } })).toEqual({ ok: true })
        const filler = join(mountPoint, 'remplissage')
        try {
          execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'ignore' })
        }
        catch {
          // dd stops when the disk is full: that is the point.
        }
        let refused = 0
        for (let index = 0; index < 200 && refused === 0; index++) {
          const reply = await engine.execute({ type: 'vote', pollId: 'mots', voterId: `fill-${String(index).padStart(14, '0')}`, answer: { kind: 'words', words: [`mot${index}-${'x'.repeat(20)}`] } })
          refused += reply.ok ? 0 : 1
        }
        expect(refused).toBe(1)
        expect(engine.health.problem).toMatch(/^Le disque est plein : les nouveaux votes ne peuvent plus être enregistrés\./)
        const health = await fetch(`${server.url}/healthz`)
        expect(health.status).toBe(503)
        expect(await health.json()).toMatchObject({ status: 'storage_failed' })
        expect(engine.state.polls.get('mots')?.ballots.has('kept-aaaaaaaaaaaaaa')).toBe(true)

        execFileSync('rm', [filler])
        expect(await engine.execute({ type: 'vote', pollId: 'mots', voterId: 'after-aaaaaaaaaaaaa', answer: { kind: 'words', words: ['retour'] } })).toEqual({ ok: true })
        expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
      }
      finally {
        await server.close()
      }
    })
  })
})
