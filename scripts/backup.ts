// `npm run backup`: a consistent copy of the votes, safe to take while the server runs (SQLite's online backup).
import { resolve } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { readConfig } from '../server/config'
import { projectRoot } from '../server/project-root'
import { backupName, backupVotes } from '../server/votes-backup'

const { values } = parseArgs({ options: { output: { type: 'string', default: `backups/${backupName()}.sqlite` } } })
const { dataDir } = readConfig(process.env, projectRoot)
const output = resolve(projectRoot, values.output)
await backupVotes(dataDir, output)
console.log(`\n  Votes sauvegardés dans ${output}\n`)
