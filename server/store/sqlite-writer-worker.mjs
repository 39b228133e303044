// The SQLite writer's thread: appends each batch of rows in one transaction, fsync included, off the server's event
// loop. Plain JavaScript, so that the thread starts without a TypeScript loader (npm start, Vite, the tests alike).
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

/** @type {{ path: string }} */
const { path } = workerData
/** @type {Database.Database | undefined} */
let db
/** @type {((sessionId: number, rows: string) => void) | undefined} */
let appendBatch

/** Opened at the first batch, so that a failure to open is that batch's error, reported like any other. */
function open() {
  db = new Database(path, { fileMustExist: true })
  // Per connection: every commit of this one reaches the disk before it is acknowledged.
  db.pragma('synchronous = FULL')
  const lastSeq = db.prepare('SELECT max(seq) AS seq FROM events WHERE session_id = ?')
  const insert = db.prepare('INSERT INTO events (session_id, seq, version, event) VALUES (?, ?, ?, ?)')
  return db.transaction((/** @type {number} */ sessionId, /** @type {string} */ rows) => {
    let seq = lastSeq.get(sessionId)?.seq ?? 0
    for (const row of rows.split('\n')) {
      const space = row.indexOf(' ')
      insert.run(sessionId, ++seq, Number(row.slice(0, space)), row.slice(space + 1))
    }
  })
}

parentPort?.on('message', (/** @type {{ id: number, sessionId?: number, rows?: string, close?: true }} */ message) => {
  if (message.close) {
    db?.close()
    parentPort?.close()
    return
  }
  try {
    appendBatch ??= open()
    appendBatch(message.sessionId ?? 0, message.rows ?? '')
    parentPort?.postMessage({ id: message.id })
  }
  catch (error) {
    if (!appendBatch) {
      db?.close()
      db = undefined
    }
    const { message: text, code } = /** @type {{ message: string, code?: string }} */ (error)
    parentPort?.postMessage({ id: message.id, error: { message: text, code } })
  }
})
