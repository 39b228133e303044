// `npm run export`: the compte rendu of one session (a few seconds), then the deck as projected, with that session's
// final results, both as PDFs rendered by Debian's Chromium.
import process from 'node:process'
import { parseArgs } from 'node:util'
import { PollCatalogError } from '../core/poll-catalog'
import { TalkConfigError } from '../core/talk-config'
import { ConfigError, readConfig } from '../server/config'
import { DeckBuildError, deckDir, ensureDeckBuilt } from '../server/deck-build'
import { printDeck } from '../server/deck-print'
import { loadPollCatalog } from '../server/deck-source'
import { defaultHandoutPath, exportHandout } from '../server/handout/export'
import { loadPrintSnapshot } from '../server/print-snapshot'
import { projectRoot } from '../server/project-root'
import { UnknownSessionError } from '../server/session-read'
import { StorageError } from '../server/store/event-store'
import { loadTalkConfig, privacyOf } from '../server/talk-config'

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

try {
  const config = readConfig(process.env, projectRoot)
  const talk = loadTalkConfig()
  const handout = values.handout ?? defaultHandoutPath(values.output)
  const written = await exportHandout({ session: values.session, output: handout, config, talk })
  console.log(written ? `Compte rendu enregistré : ${handout}` : 'Aucune session enregistrée : pas de compte rendu.')
  if (!values['handout-only']) {
    // The deck `npm start` serves, built once for every session: the results reach it at run time.
    if (!config.deckDir)
      await ensureDeckBuilt()
    const snapshot = await loadPrintSnapshot(await loadPollCatalog(), config, values.session, privacyOf(talk))
    console.log('Export du PDF en cours…')
    await printDeck({ deckDir: config.deckDir ?? deckDir, snapshot, output: values.output })
    console.log(`PDF enregistré : ${values.output}`)
  }
}
catch (error) {
  // Mistakes the presenter can fix get a plain sentence; anything else, the whole story.
  const expected = [ConfigError, TalkConfigError, PollCatalogError, DeckBuildError, UnknownSessionError, StorageError].some(kind => error instanceof kind)
  if (expected)
    console.error(`\n  ${(error as Error).message}\n`)
  else
    console.error('\n  L’export a échoué :', error)
  process.exit(1)
}
