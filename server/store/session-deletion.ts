// Removing one session from the SQLite file: its row and its whole log, for the promise that a session can be erased.
import type { SessionInfo } from '../../core/session/state'
import Database from 'better-sqlite3'
import { StorageError } from './event-store'
import { layoutVersion } from './sqlite-store'
import { storageError } from './storage-errors'

/** What a session holds, for the confirmation: counts only. */
export interface SessionContents {
  session: SessionInfo
  ballots: number
  questions: number
  decision: boolean
}

export interface SessionFile {
  sessions: () => SessionInfo[]
  contents: (session: SessionInfo) => SessionContents
  /** Deletes the session and its events in one transaction, and leaves none of their bytes in the file or its journal. */
  remove: (sessionId: number) => void
  close: () => void
}

/** Opens the votes file for maintenance; the caller holds the data directory's lock, so no server writes meanwhile. */
export function openSessionFile(path: string): SessionFile {
  let db: Database.Database
  try {
    db = new Database(path, { fileMustExist: true })
    if (db.pragma('user_version', { simple: true }) !== layoutVersion)
      throw new StorageError(`Le fichier de votes ${path} n’est pas au format actuel : lancez npm start une fois pour le convertir, arrêtez-le, puis recommencez.`)
  }
  catch (error) {
    throw storageError(error, path)
  }
  // Deleted rows are overwritten with zeros, not left in free pages where a file reader could still find them.
  db.pragma('secure_delete = ON')
  const countOf = db.prepare<[number, string], { count: number }>('SELECT count(*) AS count FROM events WHERE session_id = ? AND json_extract(event, \'$.type\') = ?')
  const deleteSession = db.transaction((sessionId: number) => {
    db.prepare('DELETE FROM events WHERE session_id = ?').run(sessionId)
    db.prepare('DELETE FROM sessions WHERE id = ?').run(sessionId)
  })
  return {
    sessions: () => db.prepare<[], { id: number, name: string, started_at: string }>('SELECT id, name, started_at FROM sessions ORDER BY id DESC').all().map(row => ({ id: row.id, name: row.name, startedAt: row.started_at })),
    contents: session => ({
      session,
      ballots: countOf.get(session.id, 'ballot-cast')!.count,
      questions: countOf.get(session.id, 'question-asked')!.count,
      decision: countOf.get(session.id, 'decision-recorded')!.count > 0,
    }),
    remove: (sessionId) => {
      deleteSession(sessionId)
      // The write-ahead log still holds the pages as they were: written back into the file, and emptied.
      db.pragma('wal_checkpoint(TRUNCATE)')
    },
    close: () => db.close(),
  }
}
