// `npm run backup`: a consistent copy of the votes, safe to take while the server runs (SQLite's online backup).
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import Database from 'better-sqlite3'
import { readConfig } from '../server/config'
import { databasePath } from '../server/poll-app'
import { projectRoot } from '../server/project-root'

const stamp = new Date().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')
const { values } = parseArgs({ options: { output: { type: 'string', default: `backups/votes-${stamp}.sqlite` } } })
const { dataDir } = readConfig(process.env, projectRoot)
const output = resolve(projectRoot, values.output)
mkdirSync(dirname(output), { recursive: true })
const db = new Database(databasePath(dataDir), { readonly: true, fileMustExist: true })
await db.backup(output)
db.close()
console.log(`\n  Votes sauvegardés dans ${output}\n`)
