// `npm run export`: the deck as a PDF, rendered by Debian's Chromium, with one session's final results.
import process from 'node:process'
import { parseArgs } from 'node:util'
import { runSlidev } from '../server/slidev-cli'
import { loadTalkConfig } from '../server/talk-config'
import { exportSessionVariable } from '../server/vite-plugin'

const { values } = parseArgs({
  options: {
    output: { type: 'string', default: 'exports/prejuges-web2.pdf' },
    // A session id from /api/sessions, or `latest`.
    session: { type: 'string', default: 'latest' },
  },
})

try {
  loadTalkConfig()
}
catch (error) {
  console.error(`\n  ${(error as Error).message}\n`)
  process.exit(1)
}

console.log('Export du PDF en cours (une demi-minute environ)…')
const exported = await runSlidev(
  ['export', '--executable-path', '/usr/bin/chromium', '--timeout', '120000', '--output', values.output],
  { ...process.env, [exportSessionVariable]: values.session },
)
if (!exported) {
  console.error('\n  L’export du PDF a échoué : voir les messages ci-dessus.\n')
  process.exit(1)
}
console.log(`PDF enregistré : ${values.output}`)
