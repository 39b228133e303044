// `npm run rotate-token`: a new presenter token; the old one, its links and its cookies stop working at once.
import process from 'node:process'
import { rotatePresenterToken } from '../server/access'
import { dataDirHolder } from '../server/data-dir-lock'
import { printedLinks } from '../server/links'
import { scriptConfig } from './script-config'

const { dataDir, presenterToken } = scriptConfig()
if (presenterToken !== undefined) {
  console.error('\n  PRESENTER_TOKEN est défini : changez sa valeur, puis redémarrez le serveur.\n')
  process.exit(1)
}
rotatePresenterToken(dataDir)
const holder = dataDirHolder(dataDir)
// The running server reads the new token on SIGHUP and drops every connection made with the old one.
if (holder)
  process.kill(holder.pid, 'SIGHUP')
console.log(`\n  Jeton renouvelé${holder ? ' ; le serveur en marche l’applique dès maintenant' : ''}.\n${printedLinks(dataDir, undefined)}\n`)
