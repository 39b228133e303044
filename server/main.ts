// `npm start`: the one command to present.
import process from 'node:process'
import { renderUnicodeCompact } from 'uqr'
import { PollCatalogError } from '../core/poll-catalog'
import { TokenError } from './access'
import { ConfigError, readConfig } from './config'
import { DataDirInUseError } from './data-dir-lock'
import { DeckBuildError, deckDir, ensureDeckBuilt, projectRoot } from './deck-build'
import { presenterLinks } from './links'
import { PortInUseError, startPresentationServer } from './presentation-server'
import { StorageError } from './store/event-store'

function banner(localUrl: string, joinUrl: string, links: ReturnType<typeof presenterLinks>, redisUrl?: string): string {
  const lines = [
    '',
    '  Préjugés web 2.0 : le serveur de vote est prêt.',
    '',
    `  Téléphones du public : ${joinUrl}`,
    '',
    renderUnicodeCompact(joinUrl, { border: 2 }).replace(/^/gm, '  '),
    '',
    `  Animateur, sur cet ordinateur (gardez ce lien pour vous) : ${links.presenter}`,
    `  Projection, sur cet ordinateur ou un autre appareil : ${links.screen}`,
    '  Ces liens valent 12 heures ; npm run presenter-link en donne de nouveaux.',
    `  Santé du serveur : ${localUrl}/healthz`,
    '',
  ]
  if (new URL(joinUrl).hostname === 'localhost')
    lines.push('  Attention : aucune adresse réseau trouvée. Connectez l’ordinateur au Wi-Fi de la salle pour que les téléphones le joignent.', '')
  if (redisUrl)
    lines.push(`  Session partagée avec les autres serveurs par Redis (${new URL(redisUrl).host}) : les votes y sont enregistrés.`, '')
  lines.push('  Ctrl+C pour arrêter. Les votes sont enregistrés au fur et à mesure.', '')
  return lines.join('\n')
}

async function main(): Promise<void> {
  const config = readConfig(process.env, projectRoot)
  if (!config.deckDir)
    await ensureDeckBuilt()
  const server = await startPresentationServer({ ...config, deckDir: config.deckDir ?? deckDir })
  console.log(banner(server.localUrl, server.joinUrl, presenterLinks(server.app.access, server.localUrl, server.joinUrl), config.redisUrl))

  const stop = (): void => {
    server.close().then(() => process.exit(0), () => process.exit(1))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  // Sent by `npm run rotate-token`: the old token, its cookies and its links stop working at once.
  process.on('SIGHUP', () => {
    server.app.reloadAccess()
    console.log('  Jeton d’animateur renouvelé : les anciens liens et accès ne valent plus.')
  })
}

main().catch((error: unknown) => {
  // Mistakes the presenter can fix get a plain sentence; anything else, the whole story.
  const expected = [ConfigError, DeckBuildError, PollCatalogError, PortInUseError, DataDirInUseError, StorageError, TokenError].find(kind => error instanceof kind)
  console.error(expected ? `\n  ${(error as Error).message}\n` : error)
  process.exit(1)
})
