// `npm start`: the one command to present.
import process from 'node:process'
import { PollCatalogError } from '../core/poll-catalog'
import { TalkConfigError } from '../core/talk-config'
import { TokenError } from './access'
import { startBanner } from './banner'
import { ConfigError, readConfig } from './config'
import { DataDirInUseError } from './data-dir-lock'
import { DeckBuildError, deckDir, ensureDeckBuilt } from './deck-build'
import { presenterLinks } from './links'
import { PortInUseError, startPresentationServer } from './presentation-server'
import { projectRoot } from './project-root'
import { stopWhenAsked } from './shutdown'
import { StorageError } from './store/event-store'
import { loadTalkConfig, serverOptionsOf } from './talk-config'

async function main(): Promise<void> {
  const config = readConfig(process.env, projectRoot)
  // Checked before the build: a mistake in talk.yml gets its own sentence, not a failed build.
  const talk = loadTalkConfig()
  if (!config.deckDir)
    await ensureDeckBuilt()
  const server = await startPresentationServer({ ...config, deckDir: config.deckDir ?? deckDir, ...serverOptionsOf(talk) })
  // Ready to stop cleanly before saying it is up: whoever reads the banner may send a signal at once.
  stopWhenAsked(async () => {
    await server.close()
    console.log('  Serveur arrêté : tous les votes reçus sont enregistrés.')
  })
  // Sent by `npm run rotate-token`: the old token, its cookies and its links stop working at once.
  process.on('SIGHUP', () => {
    server.app.reloadAccess()
    console.log('  Jeton d’animateur renouvelé : les anciens liens et accès ne valent plus.')
  })

  const links = presenterLinks(server.app.access, server.localUrl, server.joinUrl, { behindProxy: config.trustProxy })
  console.log(startBanner({ localUrl: server.localUrl, joinUrl: server.joinUrl, links, host: config.host, trustProxy: config.trustProxy, redisUrl: config.redisUrl, sessionNote: server.app.sessionNote }))
}

main().catch((error: unknown) => {
  // Mistakes the presenter can fix get a plain sentence; anything else, the whole story.
  const expected = [ConfigError, DeckBuildError, PollCatalogError, TalkConfigError, PortInUseError, DataDirInUseError, StorageError, TokenError].find(kind => error instanceof kind)
  console.error(expected ? `\n  ${(error as Error).message}\n` : error)
  process.exit(1)
})
