// `npm run export`: the deck as a PDF, rendered by Debian's Chromium, with one session's final results.
import process from 'node:process'
import { parseArgs } from 'node:util'
import { PollCatalogError } from '../core/poll-catalog'
import { TalkConfigError } from '../core/talk-config'
import { ConfigError, readConfig } from '../server/config'
import { DeckBuildError, deckDir, ensureDeckBuilt } from '../server/deck-build'
import { printDeck } from '../server/deck-print'
import { loadPollCatalog } from '../server/deck-source'
import { loadPrintSnapshot, UnknownSessionError } from '../server/print-snapshot'
import { projectRoot } from '../server/project-root'
import { StorageError } from '../server/store/event-store'
import { loadTalkConfig } from '../server/talk-config'

const { values } = parseArgs({
  options: {
    output: { type: 'string', default: 'exports/prejuges-web2.pdf' },
    // A session id from /api/sessions, or `latest`.
    session: { type: 'string', default: 'latest' },
  },
})

try {
  const config = readConfig(process.env, projectRoot)
  loadTalkConfig()
  // The deck `npm start` serves, built once for every session: the results reach it at run time.
  if (!config.deckDir)
    await ensureDeckBuilt()
  const snapshot = await loadPrintSnapshot(await loadPollCatalog(), config, values.session)
  console.log('Export du PDF en cours (une demi-minute environ)…')
  await printDeck({ deckDir: config.deckDir ?? deckDir, snapshot, output: values.output })
}
catch (error) {
  // Mistakes the presenter can fix get a plain sentence; anything else, the whole story.
  const expected = [ConfigError, TalkConfigError, PollCatalogError, DeckBuildError, UnknownSessionError, StorageError].some(kind => error instanceof kind)
  if (expected)
    console.error(`\n  ${(error as Error).message}\n`)
  else
    console.error('\n  L’export du PDF a échoué :', error)
  process.exit(1)
}
console.log(`PDF enregistré : ${values.output}`)
