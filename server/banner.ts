import type { presenterLinks } from './links'
import { renderUnicodeCompact } from 'uqr'
import { isLoopback } from './join-url'

export interface BannerOptions {
  /** Where the server answers on this machine. */
  localUrl: string
  /** The phone page's address, as phones type it and the QR code encodes it. */
  joinUrl: string
  links: ReturnType<typeof presenterLinks>
  /** The address the server listens on (`HOST`). */
  host: string
  /** `TRUST_PROXY`: the server runs on a remote host, behind a reverse proxy. */
  trustProxy: boolean
  /** `REDIS_URL`: other servers share the session. */
  redisUrl?: string
  /** What the start did with the sessions: a new one, or one continued that already holds votes. */
  sessionNote?: string
}

/** What `npm start` prints once the server listens: where phones go, the presenter's links, and what looks wrong. */
export function startBanner({ localUrl, joinUrl, links, host, trustProxy, redisUrl, sessionNote }: BannerOptions): string {
  const lines = [
    '',
    '  Préjugés web 2.0 : le serveur de vote est prêt.',
    '',
    `  Téléphones du public : ${joinUrl}`,
    '',
    renderUnicodeCompact(joinUrl, { border: 2 }).replace(/^/gm, '  '),
    '',
    // Behind a proxy, the presenter and the projector are elsewhere: their links go through the public address.
    trustProxy
      ? `  Animateur, depuis votre ordinateur (gardez ce lien pour vous) : ${links.presenter}`
      : `  Animateur, sur cet ordinateur (gardez ce lien pour vous) : ${links.presenter}`,
    trustProxy
      ? `  Projection, sur l’ordinateur relié au projecteur : ${links.screen}`
      : `  Projection, sur cet ordinateur ou un autre appareil : ${links.screen}`,
    '  Ces liens valent 12 heures ; npm run presenter-link en donne de nouveaux.',
    `  Santé du serveur : ${localUrl}/healthz`,
    '',
  ]
  if (sessionNote)
    lines.push(`  ${sessionNote}`, '')
  const joinHost = new URL(joinUrl).hostname.replace(/^\[|\]$/g, '')
  if (joinHost === 'localhost')
    lines.push('  Attention : aucune adresse réseau trouvée. Connectez l’ordinateur au Wi-Fi de la salle pour que les téléphones le joignent.', '')
  else if (isLoopback(joinHost) && !trustProxy)
    lines.push(`  Attention : le serveur n’écoute que sur cet ordinateur (HOST=${host}) ; les téléphones de la salle ne pourront pas le joindre. Pour la séance, lancez npm start sans HOST.`, '')
  // The proxy's X-Forwarded-For is believed: a client that reaches the port without it could claim any address.
  if (trustProxy && !isLoopback(host))
    lines.push(`  Attention : TRUST_PROXY=1 alors que le serveur écoute sur ${host}. Qui le joint sans passer par le proxy peut se faire passer pour une autre adresse ; avec le proxy sur cette machine, lancez-le avec HOST=127.0.0.1.`, '')
  if (trustProxy && new URL(joinUrl).protocol !== 'https:')
    lines.push('  Attention : TRUST_PROXY=1 sans adresse publique en https. Indiquez celle du proxy : PUBLIC_URL=https://…', '')
  if (redisUrl)
    lines.push(`  Session partagée avec les autres serveurs par Redis (${new URL(redisUrl).host}) : les votes y sont enregistrés.`, '')
  lines.push('  Ctrl+C pour arrêter. Les votes sont enregistrés au fur et à mesure.', '')
  return lines.join('\n')
}
