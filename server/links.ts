import type { Access } from './access'
import process from 'node:process'
import { createAccess } from './access'
import { readConfig } from './config'
import { dataDirHolder } from './data-dir-lock'
import { isLoopback, joinUrl } from './join-url'
import { projectRoot } from './project-root'

/**
 * The links a presenter needs: to drive the deck (on this computer, or a tablet), and to show it on the projection
 * screen. Behind a reverse proxy the server runs on a remote host, so the presenter's own link goes through the public
 * address.
 */
export function presenterLinks(access: Access, localUrl: string, joinUrl: string, { behindProxy = false } = {}): { presenter: string, screen: string, presenterLan: string } {
  const lanOrigin = new URL(joinUrl).origin
  const presenterLan = `${lanOrigin}${access.loginPath('presenter')}`
  return {
    presenter: behindProxy ? presenterLan : `${localUrl}${access.loginPath('presenter')}`,
    presenterLan,
    screen: `${lanOrigin}${access.loginPath('screen')}`,
  }
}

/** Fresh links, as the command line prints them, for the server running on the data directory (or the one `npm start` would run). */
export function printedLinks(dataDir: string, token: string | undefined): string {
  const config = readConfig(process.env, projectRoot)
  const holder = dataDirHolder(dataDir)
  const localUrl = holder?.url ?? `http://localhost:${config.port}`
  // The running server knows where it listens (`npm run dev`: on this computer only); the environment may not say.
  const phones = holder?.joinUrl ?? joinUrl({ publicUrl: config.publicUrl, host: config.host, port: Number(new URL(localUrl).port) })
  const links = presenterLinks(createAccess(dataDir, token), localUrl, phones, { behindProxy: config.trustProxy })
  const tablet = isLoopback(new URL(phones).hostname) ? [] : [`  Nouveau lien animateur, depuis une tablette du même réseau : ${links.presenterLan}`]
  const presenter = config.trustProxy
    ? [`  Nouveau lien animateur, depuis votre ordinateur : ${links.presenter}`]
    : [`  Nouveau lien animateur, sur cet ordinateur : ${links.presenter}`, ...tablet]
  return [
    ...presenter,
    `  Nouveau lien de projection : ${links.screen}`,
    '  Ces liens valent 12 heures.',
  ].join('\n')
}
