// In development, Slidev's server serves every project file and accepts writes to the deck: it answers only the presenter.
import type { Buffer } from 'node:buffer'
import type { Server as HttpServer, IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Access } from './access'
import type { Middleware } from './deck-files'
import { socketPath } from '../core/protocol'
import { refuseDeck } from './http-routes'
import { sendNotice } from './pages'
import { setDevSecurityHeaders } from './security-headers'

/** Whether a request may reach Slidev: the presenter's own pages, never a page of another origin writing with their cookie. */
function presenterRequest(access: Access, originAllowed: (request: IncomingMessage) => boolean, request: IncomingMessage): boolean {
  return access.rightsOf(request.headers).has('presenter') && originAllowed(request)
}

/** Whether every escape in the address is well formed: Vite would otherwise answer with its error page and stack trace. */
function wellFormed(url: string): boolean {
  try {
    decodeURIComponent(url)
    return true
  }
  catch {
    return false
  }
}

/**
 * Refuses, before any of Slidev's or Vite's own middlewares, every request without the presenter's rights. What Vite
 * may serve the presenter is Vite's own concern: the data directories are in its `server.fs.deny` (see
 * `server/vite-plugin.ts`), which it applies to the path as it resolves it, however the address spells it.
 */
export function devGate(access: Access, originAllowed: (request: IncomingMessage) => boolean): Middleware {
  return (request, response, next) => {
    if (!wellFormed(request.url ?? '/'))
      return sendNotice(response, 400, 'Adresse invalide', 'Cette adresse est mal formée.')
    if (!presenterRequest(access, originAllowed, request))
      return refuseDeck(request, response)
    setDevSecurityHeaders(response)
    return next()
  }
}

/**
 * Puts the same gate in front of WebSocket upgrades: Vite's hot-reload channel also carries writes to the deck. Only
 * socket.io's path, which checks rights of its own, stays open. `revoke` closes the channels opened with the presenter's
 * cookie, for when the token changed.
 */
export function gateUpgrades(httpServer: HttpServer, access: Access, originAllowed: (request: IncomingMessage) => boolean): { revoke: () => void } {
  const listeners = httpServer.listeners('upgrade') as ((request: IncomingMessage, socket: Duplex, head: Buffer) => void)[]
  const withRights = new Set<Duplex>()
  httpServer.removeAllListeners('upgrade')
  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Exactly socket.io's path: Vite normalises `..` and `%2e` away before it matches its own channel, socket.io does not.
    const isSocketIo = (request.url ?? '').split('?')[0] === `${socketPath}/`
    if (!isSocketIo) {
      if (!presenterRequest(access, originAllowed, request)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
        return
      }
      withRights.add(socket)
      socket.once('close', () => withRights.delete(socket))
    }
    listeners.forEach(listener => listener(request, socket, head))
  })
  return { revoke: () => withRights.forEach(socket => socket.destroy()) }
}
