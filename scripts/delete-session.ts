// `npm run delete-session -- --session <id|latest>`: erases one session (votes, questions, decision) from the data
// directory, after a confirmation and a backup. The server must be stopped: it holds the data directory meanwhile.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import process from 'node:process'
import { createInterface } from 'node:readline/promises'
import { formatCount, formatDate } from '../core/format'
import { dataDirHolder, lockDataDir } from '../server/data-dir-lock'
import { databasePath } from '../server/poll-app'
import { projectRoot } from '../server/project-root'
import { openSessionFile } from '../server/store/session-deletion'
import { backupName, backupVotes } from '../server/votes-backup'
import { scriptConfig } from './script-config'

function fail(message: string): never {
  console.error(`\n  ${message}\n`)
  process.exit(1)
}

const { dataDir, redisUrl, args } = scriptConfig({ session: { type: 'string' }, yes: { type: 'boolean', default: false }, output: { type: 'string' } })
if (redisUrl !== undefined)
  fail('REDIS_URL est défini : les sessions sont dans Redis, et cette commande n’efface que celles du dossier de données. Voir « Supprimer une session » dans le README pour Redis.')
const which = args.session
if (typeof which !== 'string' || !/^(?:latest|\d+)$/.test(which))
  fail('Indiquez la session à supprimer : npm run delete-session -- --session <numéro|latest> (les numéros : GET /api/sessions, ou le panneau de l’animateur).')
const path = databasePath(dataDir)
if (!existsSync(path))
  fail(`Aucun fichier de votes dans ${dataDir} : rien à supprimer.`)
const holder = dataDirHolder(dataDir)
if (holder)
  fail(`Le serveur de vote utilise ce dossier de données (processus ${holder.pid}${holder.url ? `, ${holder.url}` : ''}) : arrêtez-le, puis relancez cette commande.`)
/** A step whose failure (the lock taken meanwhile, a damaged file) is told in its French sentence, not as a stack. */
function step<T>(run: () => T): T {
  try {
    return run()
  }
  catch (error) {
    return fail((error as Error).message)
  }
}

// Held until the end: a server started meanwhile refuses to open the file.
const lock = step(() => lockDataDir(dataDir))
const file = step(() => openSessionFile(path))
const sessions = file.sessions()
const session = which === 'latest' ? sessions[0] : sessions.find(candidate => candidate.id === Number(which))
if (!session)
  fail(`Session « ${which} » inconnue. Sessions enregistrées : ${sessions.map(known => `${known.id} (${known.name})`).join(', ') || 'aucune'}.`)
const { ballots, questions, decision } = file.contents(session)
const held = [formatCount(ballots, 'bulletin', 'bulletins'), formatCount(questions, 'question', 'questions'), decision ? 'une décision enregistrée' : 'aucune décision'].join(', ')
console.log(`\n  Session n° ${session.id}, « ${session.name} », du ${formatDate(session.startedAt)} : ${held}.`)

if (args.yes !== true) {
  const prompt = createInterface({ input: process.stdin, output: process.stdout })
  // No line at all (stdin closed): no confirmation.
  const answer = await Promise.race([prompt.question('  Pour la supprimer, tapez son numéro ou son nom : '), new Promise<string>(done => prompt.once('close', () => done('')))])
  prompt.close()
  if (answer.trim() !== String(session.id) && answer.trim() !== session.name)
    fail('Confirmation différente du numéro ou du nom de la session : rien n’a été supprimé.')
}

const output = resolve(projectRoot, typeof args.output === 'string' ? args.output : `backups/${backupName()}-avant-suppression-${session.id}.sqlite`)
await backupVotes(dataDir, output)
file.remove(session.id)
file.close()
lock.release()
console.log(`\n  Session n° ${session.id} supprimée du dossier ${dataDir}.\n  Sauvegarde prise avant : ${output}\n  Elle contient encore cette session : supprimez-la dès qu’elle ne sert plus.\n`)
