// A consistent copy of the votes, safe to take while the server runs (SQLite's online backup).
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { databasePath } from './poll-app'

/** `votes-20261205-0142`: a backup's name says when it was taken, to the minute. */
export function backupName(date = new Date()): string {
  return `votes-${date.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')}`
}

/** Copies the data directory's votes to `output`, creating its folder. */
export async function backupVotes(dataDir: string, output: string): Promise<void> {
  mkdirSync(dirname(output), { recursive: true })
  const db = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true })
  try {
    await db.backup(output)
  }
  finally {
    db.close()
  }
}
