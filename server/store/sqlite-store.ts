import type { PollCatalog } from '../../core/poll-catalog'
import type { SessionEvent } from '../../core/session/events'
import type { SessionInfo } from '../../core/session/state'
import type { EventStore, TaggedEvent } from './event-store'
import type { SqliteWriter } from './sqlite-writer'
import { Buffer } from 'node:buffer'
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { misfit } from '../../core/session/events'
import { StorageError } from './event-store'
import { migrateFirstRelease } from './first-release'
import { createSqliteWriter } from './sqlite-writer'
import { corruptDatabase, storageError } from './storage-errors'
import { parseStoredEvent, storedRow } from './stored-events'

/** The layout of the file; 0 is an empty file, 1 the first release's tables (migrated on open). */
export const layoutVersion = 2

const schema = `
CREATE TABLE IF NOT EXISTS sessions (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  started_at TEXT NOT NULL
);
-- One row per event, in order: a random voter id and an answer at most; no address, no time.
CREATE TABLE IF NOT EXISTS events (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  seq INTEGER NOT NULL,
  version INTEGER NOT NULL,
  event TEXT NOT NULL,
  PRIMARY KEY (session_id, seq)
) WITHOUT ROWID;
`

interface SessionRow { id: number, name: string, started_at: string }
interface EventRow { seq: number, version: number, event: string }

function toSessionInfo(row: SessionRow): SessionInfo {
  return { id: row.id, name: row.name, startedAt: row.started_at }
}

/**
 * Refuses, before SQLite opens it (and may write beside it), a file that is not a database or was cut short: the
 * presenter then gets a sentence, and the file stays exactly as it was.
 */
function checkDatabaseFile(path: string): void {
  const size = statSync(path).size
  if (size === 0)
    return
  const header = Buffer.alloc(100)
  const fd = openSync(path, 'r')
  try {
    readSync(fd, header, 0, 100, 0)
  }
  finally {
    closeSync(fd)
  }
  const rawPageSize = header.readUInt16BE(16)
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize
  const pages = header.readUInt32BE(28)
  if (size < 100 || header.toString('latin1', 0, 16) !== 'SQLite format 3\0' || pageSize < 512 || size < pages * pageSize)
    throw corruptDatabase(path)
}

/** The latest change to the database or its write-ahead log, where the newest events may still be. */
function lastModified(path: string): Date | undefined {
  const times = [path, `${path}-wal`].flatMap(file => statSync(file, { throwIfNoEntry: false })?.mtime ?? [])
  return times.length === 0 ? undefined : new Date(Math.max(...times.map(time => time.getTime())))
}

export interface SqliteStoreOptions {
  /** Needed to convert a first-release file, whose ballots do not say their poll's kind. */
  catalog: PollCatalog
  /** A reader (the PDF export) never writes: it reads the server's file while the server runs. */
  readOnly?: boolean
}

/** Opens the votes file, checked, in WAL mode; an older layout is converted first, a new file gets the tables. */
function openDatabase(path: string, options: SqliteStoreOptions): Database.Database {
  let db: Database.Database
  try {
    if (existsSync(path))
      checkDatabaseFile(path)
    else if (options.readOnly)
      throw new StorageError(`Aucun fichier de votes dans ${dirname(path)}.`)
    else
      mkdirSync(dirname(path), { recursive: true })
    db = new Database(path, { readonly: options.readOnly === true })
    const check = db.pragma('quick_check', { simple: true })
    if (check !== 'ok')
      throw corruptDatabase(path)
    const version = db.pragma('user_version', { simple: true }) as number
    const firstRelease = version < layoutVersion && db.prepare('SELECT 1 FROM sqlite_master WHERE name = \'ballots\'').get() !== undefined
    if (options.readOnly) {
      if (firstRelease)
        throw new StorageError(`Ce fichier de votes vient de la première version : lancez npm start une fois pour le convertir, puis exportez.`)
    }
    else {
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = FULL')
      db.pragma('foreign_keys = ON')
      // Only a new or older file is written to on open: a current one stays as it was until a vote, even if refused later.
      if (version !== layoutVersion) {
        db.transaction(() => {
          db.exec(schema)
          if (firstRelease)
            migrateFirstRelease(db, options.catalog)
          db.pragma(`user_version = ${layoutVersion}`)
        })()
      }
    }
  }
  catch (error) {
    throw storageError(error, path)
  }
  return db
}

/**
 * Every row is checked in full before the session is replayed: what no rules could have logged is damage. A row that
 * no longer fits the deck (a poll whose kind was changed in slides.md after votes were cast) is the presenter's own
 * edit, not damage: it stays in the file, is skipped, and the terminal says so.
 */
function checkedEvents(rows: EventRow[], sessionId: number, path: string, catalog: PollCatalog): SessionEvent[] {
  const events: SessionEvent[] = []
  const skipped: string[] = []
  for (const row of rows) {
    const event = parseStoredEvent(row.version, row.event)
    if (!event)
      throw corruptDatabase(path, `séance ${sessionId}, événement ${row.seq} : illisible`)
    const defect = misfit(catalog, event)
    if (defect === null)
      events.push(event)
    else
      skipped.push(`événement ${row.seq} : ${defect}`)
  }
  if (skipped.length > 0)
    console.warn(`  Séance ${sessionId} : ${noLongerFitting(skipped.length)} (${skipped.join(' ; ')}).`)
  return events
}

/**
 * An event log in SQLite, WAL mode with `synchronous = FULL`: an appended batch is on disk, so an acknowledged vote
 * survives a crash or a power cut, at one fsync per batch.
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions): EventStore {
  // Before SQLite touches them: opening writes to the file.
  const lastWritten = lastModified(path)
  const db = openDatabase(path, options)

  const statements = {
    listSessions: db.prepare<[], SessionRow>('SELECT id, name, started_at FROM sessions ORDER BY id DESC'),
    createSession: db.prepare<[string, string], SessionRow>('INSERT INTO sessions (name, started_at) VALUES (?, ?) RETURNING id, name, started_at'),
    events: db.prepare<[number], EventRow>('SELECT seq, version, event FROM events WHERE session_id = ? ORDER BY seq'),
  }
  // Commits (and their fsync) on a thread of their own; this connection reads, and starts sessions. A reader (the PDF
  // export) never writes, and starts no thread.
  let writer: SqliteWriter | undefined
  const writerOf = (): SqliteWriter => writer ??= createSqliteWriter(path)
  if (!options.readOnly)
    writerOf()
  // Tags matter only to the engine of this one process: they are not stored. One line per event, its version then its
  // JSON (which never holds a raw line break): the batch crosses to the writer's thread as one string, not thousands.
  const rows = (events: readonly TaggedEvent[]): string => events.map(({ event }) => {
    const { version, text } = storedRow(event)
    return `${version} ${text}`
  }).join('\n')

  const readEvents = (sessionId: number): SessionEvent[] => checkedEvents(statements.events.all(sessionId), sessionId, path, options.catalog)

  const guarded = <T>(run: () => T): Promise<T> => {
    try {
      return Promise.resolve(run())
    }
    catch (error) {
      return Promise.reject(storageError(error, path))
    }
  }

  return {
    listSessions: () => guarded(() => statements.listSessions.all().map(toSessionInfo)),
    createSession: name => guarded(() => toSessionInfo(statements.createSession.get(name, new Date().toISOString())!)),
    append: (sessionId, events) => writerOf().append(sessionId, rows(events)).catch((error: unknown) => Promise.reject(storageError(error, path))),
    // One read transaction: a reader sees the log as it was at one instant, even while the server appends.
    read: sessionId => guarded(() => db.transaction(readEvents).deferred(sessionId)),
    lastWritten,
    close: async () => {
      await writer?.close()
      db.close()
    },
  }
}

function noLongerFitting(count: number): string {
  return count === 1
    ? '1 événement ne correspond plus à la présentation : il reste dans le fichier, sans être compté'
    : `${count} événements ne correspondent plus à la présentation : ils restent dans le fichier, sans être comptés`
}
