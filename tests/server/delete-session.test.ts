import type { SessionEvent } from '../../core/session/events'
import type { EventStore } from '../../server/store/event-store'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { beforeEach, describe, expect, it } from 'vitest'
import { lockDataDir } from '../../server/data-dir-lock'
import { loadPollCatalog } from '../../server/deck-source'
import { databasePath } from '../../server/poll-app'
import { openSqliteStore } from '../../server/store/sqlite-store'
import { run } from '../support/commands'
import { fixtureSlides, randomVoterId, temporaryDir } from '../support/poll-server'

const catalog = await loadPollCatalog(fixtureSlides)

/** A session's log: two ballots, a question whose text names the session, and for the second one a decision. */
function sessionLog(id: number): SessionEvent[] {
  const [first, second] = [randomVoterId(), randomVoterId()]
  return [
    { type: 'poll-opened', pollId: 'choix' },
    { type: 'ballot-cast', pollId: 'choix', voterId: first, answer: { kind: 'single', choice: 0 } },
    { type: 'ballot-cast', pollId: 'choix', voterId: second, answer: { kind: 'single', choice: 1 } },
    { type: 'question-asked', questionId: `q-${id}`, voterId: first, text: `Question-secrète-de-la-session-${id}`, pending: false },
    ...(id === 2 ? [{ type: 'decision-recorded' as const, firstStep: 'Écouter', owner: 'Claire', resources: '', deliverable: '', checkIn: '', secondLine: '', recordedAt: '2026-12-05T10:42:00.000Z' }] : []),
  ]
}

function openStore(path: string): EventStore {
  return openSqliteStore(path, { catalog, readOnly: true })
}

async function everySession(path: string): Promise<Record<number, SessionEvent[]>> {
  const store = openStore(path)
  const logs: Record<number, SessionEvent[]> = {}
  for (const session of await store.listSessions())
    logs[session.id] = await store.read(session.id)
  await store.close()
  return logs
}

function deleteSession(dataDir: string, args: string[], input?: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  return run('node', ['--import', 'tsx', 'scripts/delete-session.ts', ...args], { DATA_DIR: dataDir, ...env }, input)
}

describe('npm run delete-session', () => {
  let dataDir: string
  let logs: Record<number, SessionEvent[]>
  beforeEach(async () => {
    dataDir = await temporaryDir('polls-delete-')
    const store = openSqliteStore(databasePath(dataDir), { catalog })
    for (const name of ['Répétition', 'Comité du 5 décembre', 'Essai'])
      await store.createSession(name)
    for (const id of [1, 2, 3])
      await store.append(id, sessionLog(id).map(event => ({ event, tag: '' })))
    await store.close()
    logs = await everySession(databasePath(dataDir))
  })

  it('erases the session named after it is typed back, in one go, leaving the others as they were and a backup holding it', async () => {
    const backup = join(dataDir, 'sauvegarde.sqlite')
    const printed = await deleteSession(dataDir, ['--session', '2', '--output', backup], 'Comité du 5 décembre\n')
    expect(printed).toContain('Session n° 2, « Comité du 5 décembre », du ')
    expect(printed).toContain('2 bulletins, 1 question, une décision enregistrée')
    expect(printed).toContain(`Sauvegarde prise avant : ${backup}`)

    const left = await everySession(databasePath(dataDir))
    expect(Object.keys(left)).toEqual(['1', '3'])
    expect(left).toEqual({ 1: logs[1], 3: logs[3] })
    expect(await everySession(backup)).toEqual(logs)
    // Nothing of it left in the file's bytes, nor in its write-ahead log.
    for (const file of [databasePath(dataDir), `${databasePath(dataDir)}-wal`].filter(existsSync))
      expect(readFileSync(file).includes('Question-secrète-de-la-session-2')).toBe(false)
    expect(readFileSync(databasePath(dataDir)).includes('Question-secrète-de-la-session-1')).toBe(true)
  })

  it('takes the latest with --yes, without asking', async () => {
    const backup = join(dataDir, 'sauvegarde.sqlite')
    await deleteSession(dataDir, ['--session', 'latest', '--yes', '--output', backup])
    expect(await everySession(databasePath(dataDir))).toEqual({ 1: logs[1], 2: logs[2] })
    expect(existsSync(backup)).toBe(true)
  })

  it('deletes nothing, and takes no backup, without the right confirmation, for an unknown session, or while the server holds the data', async () => {
    const backup = join(dataDir, 'sauvegarde.sqlite')
    await expect(deleteSession(dataDir, ['--session', '2', '--output', backup], '3\n')).rejects.toThrow('Confirmation différente du numéro ou du nom de la session : rien n’a été supprimé.')
    await expect(deleteSession(dataDir, ['--session', '2', '--output', backup], '')).rejects.toThrow('rien n’a été supprimé')
    await expect(deleteSession(dataDir, ['--session', '7', '--yes', '--output', backup])).rejects.toThrow('Session « 7 » inconnue. Sessions enregistrées : 3 (Essai), 2 (Comité du 5 décembre), 1 (Répétition).')
    await expect(deleteSession(dataDir, ['--yes'])).rejects.toThrow('Indiquez la session à supprimer')
    // The data directory's real lock, as a running server takes it (this process stands for the server).
    const lock = lockDataDir(dataDir)
    try {
      await expect(deleteSession(dataDir, ['--session', '2', '--yes', '--output', backup])).rejects.toThrow(`Le serveur de vote utilise ce dossier de données (processus ${process.pid}) : arrêtez-le, puis relancez cette commande.`)
    }
    finally {
      lock.release()
    }
    await expect(deleteSession(dataDir, ['--session', '2', '--yes', '--output', backup], undefined, { REDIS_URL: 'redis://127.0.0.1:9' })).rejects.toThrow('REDIS_URL est défini : les sessions sont dans Redis')
    expect(existsSync(backup)).toBe(false)
    expect(await everySession(databasePath(dataDir))).toEqual(logs)
  })
})
