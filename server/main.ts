// `npm start`: the one command to present.
import process from 'node:process'
import { renderUnicodeCompact } from 'uqr'
import { PollCatalogError } from '../core/poll-definitions'
import { ConfigError, readConfig } from './config'
import { DeckBuildError, deckDir, ensureDeckBuilt, projectRoot } from './deck-build'
import { PortInUseError, startPresentationServer } from './presentation-server'

function banner(localUrl: string, joinUrl: string, token: string, lanReachable: boolean): string {
  const lines = [
    '',
    '  Préjugés web 2.0 : le serveur de vote est prêt.',
    '',
    `  Téléphones du public : ${joinUrl}`,
    '',
    renderUnicodeCompact(joinUrl, { border: 2 }).replace(/^/gm, '  '),
    '',
    `  Projection (écran du public) : ${localUrl}/1`,
    `  Animateur (gardez ce lien pour vous) : ${localUrl}/presenter/1#token=${token}`,
    `  Résultats de la session (CSV) : ${localUrl}/api/sessions/latest/results.csv?token=${token}`,
    '',
  ]
  if (!lanReachable)
    lines.push('  Attention : aucune adresse réseau trouvée. Connectez l’ordinateur au Wi-Fi de la salle pour que les téléphones le joignent.', '')
  lines.push('  Ctrl+C pour arrêter. Les votes sont enregistrés au fur et à mesure.', '')
  return lines.join('\n')
}

async function main(): Promise<void> {
  const config = readConfig(process.env, projectRoot)
  if (!config.deckDir)
    ensureDeckBuilt()
  const server = await startPresentationServer({ ...config, deckDir: config.deckDir ?? deckDir })
  console.log(banner(server.localUrl, server.joinUrl, server.app.presenterToken, !new URL(server.joinUrl).hostname.startsWith('localhost')))

  const stop = (): void => {
    server.close().then(() => process.exit(0), () => process.exit(1))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  // Mistakes the presenter can fix get a plain sentence; anything else, the whole story.
  const expected = [ConfigError, DeckBuildError, PollCatalogError, PortInUseError].find(kind => error instanceof kind)
  console.error(expected ? `\n  ${(error as Error).message}\n` : error)
  process.exit(1)
})
