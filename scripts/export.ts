// `npm run export`: the compte rendu of one session (a few seconds), then the deck as projected, with that session's
// final results, both as PDFs rendered by Debian's Chromium.
import process from 'node:process'
import { parseArgs } from 'node:util'
import { readConfig } from '../server/config'
import { defaultHandoutPath, exportHandout } from '../server/handout/export'
import { projectRoot } from '../server/project-root'
import { runSlidev } from '../server/slidev-cli'
import { loadTalkConfig } from '../server/talk-config'
import { exportSessionVariable } from '../server/vite-plugin'

const { values } = parseArgs({
  options: {
    'output': { type: 'string', default: 'exports/prejuges-web2.pdf' },
    // The compte rendu; by default beside the deck, named after it.
    'handout': { type: 'string' },
    'handout-only': { type: 'boolean', default: false },
    // A session id from /api/sessions, or `latest`.
    'session': { type: 'string', default: 'latest' },
  },
})

function stop(message: string): never {
  console.error(`\n  ${message}\n`)
  process.exit(1)
}

const handout = values.handout ?? defaultHandoutPath(values.output)
try {
  const written = await exportHandout({ session: values.session, output: handout, config: readConfig(process.env, projectRoot), talk: loadTalkConfig() })
  console.log(written ? `Compte rendu enregistré : ${handout}` : 'Aucune session enregistrée : pas de compte rendu.')
}
catch (error) {
  stop((error as Error).message)
}

if (!values['handout-only']) {
  console.log('Export du PDF en cours (une demi-minute environ)…')
  const exported = await runSlidev(
    ['export', '--executable-path', '/usr/bin/chromium', '--timeout', '120000', '--output', values.output],
    { ...process.env, [exportSessionVariable]: values.session },
  )
  if (!exported)
    stop('L’export du PDF a échoué : voir les messages ci-dessus.')
  console.log(`PDF enregistré : ${values.output}`)
}
