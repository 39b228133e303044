import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { viewPolls } from '../../core/features/poll-views'
import { replay } from '../../core/session/rules'
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
    // The presenter's view, with the threshold off: what is checked here is that nothing of the old file is lost.
    const views = viewPolls(catalog, state.polls, 'presenter', { threshold: 0, liveResults: false })
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

  it('lets a commit under way finish when it closes, and refuses one sent after', async () => {
    const path = databasePath(await temporaryDir('closing-'))
    const store = openSqliteStore(path, { catalog })
    const { id } = await store.createSession('Comité de direction')
    const ballots = Array.from({ length: 2_000 }, (_, index) => ({ tag: `t${index}`, event: { type: 'ballot-cast' as const, pollId: 'avant', voterId: `voter-${String(index).padStart(12, '0')}`, answer: { kind: 'scale' as const, point: index % 5 } } }))
    const committed = store.append(id, [{ tag: 'open', event: { type: 'poll-opened', pollId: 'avant' } }, ...ballots])
    // Closed at once, the batch still on its way to the writer's thread: a server stopping mid-burst.
    const closed = store.close()
    await expect(committed).resolves.toBeUndefined()
    await closed
    await expect(store.append(id, [{ tag: 'late', event: { type: 'poll-closed', pollId: 'avant' } }])).rejects.toThrow()

    const reopened = openSqliteStore(path, { catalog })
    expect(await reopened.read(id)).toHaveLength(2_001)
    await reopened.close()
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

describe('a log row this server did not write', () => {
  /** A data directory whose session holds a vote, then `row` as the next event, written behind the server's back. */
  async function logWith(row: string): Promise<{ dataDir: string, seq: number }> {
    const server = await startTestServer()
    const { engine } = server.app
    await engine.execute({ type: 'open', pollId: 'choix' })
    await engine.execute({ type: 'vote', pollId: 'choix', voterId: 'kept-aaaaaaaaaaaaaa', answer: { kind: 'single', choice: 2 } })
    const sessionId = engine.state.session.id
    await server.close()
    const db = new Database(databasePath(server.dataDir))
    const { seq } = db.prepare<[number], { seq: number }>('SELECT max(seq) + 1 AS seq FROM events WHERE session_id = ?').get(sessionId)!
    db.prepare('INSERT INTO events (session_id, seq, version, event) VALUES (?, ?, 1, ?)').run(sessionId, seq, row)
    db.close()
    return { dataDir: server.dataDir, seq }
  }

  it.each([
    ['is not JSON', '{"type":"ballot-cast","pollId":"choix"', 'illisible'],
    ['names a poll after a property every object has', '{"type":"poll-opened","pollId":"__proto__"}', 'illisible'],
    ['names a poll after an inherited method', '{"type":"poll-reset","pollId":"toString"}', 'illisible'],
    ['jumps to page 999999999', '{"type":"presenter-moved","page":999999999,"clicks":0}', 'illisible'],
  ])('that %s stops the start with the damaged-file sentence, naming the file and the row, and the file stays as it was', async (_case, row, found) => {
    const { dataDir, seq } = await logWith(row)
    const path = databasePath(dataDir)
    const before = snapshotDir(dataDir)
    const sentence = `Le fichier de votes ${path} est endommagé ou n’est pas une base de votes (séance 1, événement ${seq} : ${found}). Mettez-le de côté (ou restaurez une sauvegarde) puis relancez : il n’a pas été modifié.`
    await expect(startTestServer({ dataDir })).rejects.toThrowError(sentence)
    await expect(startTestServer({ dataDir })).rejects.toBeInstanceOf(StorageError)
    expect(snapshotDir(dataDir)).toEqual(before)
    // The export reads the same file, and says the same.
    const reader = openSqliteStore(path, { catalog, readOnly: true })
    await expect(reader.read(1)).rejects.toThrowError(sentence)
    await reader.close()
  })

  it.each([
    ['casts a ballot of another kind than its poll\'s', '{"type":"ballot-cast","pollId":"choix","voterId":"odd-aaaaaaaaaaaaaaa","answer":{"kind":"words","words":["buzz"]}}', 'un vote de type « words » pour le sondage « choix », de type « single » dans la présentation'],
    ['removes a word from a poll that is no word cloud', '{"type":"word-banned","pollId":"choix","word":"buzz"}', 'une action de nuage de mots pour le sondage « choix », de type « single » dans la présentation'],
  ])('that %s (the poll\'s kind changed in the deck) is kept in the file, skipped, and named in the terminal', async (_case, row, found) => {
    const { dataDir, seq } = await logWith(row)
    const warnings: string[] = []
    const warn = vi.spyOn(console, 'warn').mockImplementation((line: string) => void warnings.push(line))
    const server = await startTestServer({ dataDir })
    try {
      const poll = server.app.engine.state.polls.get('choix')
      expect([...poll!.ballots.keys()]).toEqual(['kept-aaaaaaaaaaaaaa'])
      expect(warnings).toContain(`  Séance 1 : 1 événement ne correspond plus à la présentation : il reste dans le fichier, sans être compté (événement ${seq} : ${found}).`)
    }
    finally {
      warn.mockRestore()
      await server.close()
    }
    const db = new Database(databasePath(dataDir), { readonly: true })
    expect(db.prepare('SELECT count(*) AS n FROM events WHERE seq = ?').get(seq)).toEqual({ n: 1 })
    db.close()
  })

  it('naming a poll the deck does not have, even `constructor`, is kept and skipped like a poll taken out of the deck', async () => {
    const { dataDir } = await logWith('{"type":"poll-opened","pollId":"constructor"}')
    const server = await startTestServer({ dataDir })
    try {
      const { state } = server.app.engine
      expect([...state.polls.keys()]).toEqual(['choix'])
      expect(state.polls.get('choix')?.ballots.get('kept-aaaaaaaaaaaaaa')).toEqual({ kind: 'single', choice: 2 })
      expect(await server.app.engine.execute({ type: 'open', pollId: 'constructor' })).toEqual({ ok: false, error: 'unknown_poll' })
    }
    finally {
      await server.close()
    }
  })
})
