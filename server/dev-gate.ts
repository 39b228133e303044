// In development, Slidev's server serves every project file and accepts writes to the deck: it answers only the presenter.
import type { Buffer } from 'node:buffer'
import type { Server as HttpServer, IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Access } from './access'
import type { Middleware } from './deck-files'
import { relative } from 'node:path'
import { socketPath } from '../core/protocol'
import { refuseDeck } from './http-routes'
import { sendNotice } from './pages'
import { projectRoot } from './project-root'
import { setDevSecurityHeaders } from './security-headers'

/** Whether a request may reach Slidev: the presenter's own pages, never a page of another origin writing with their cookie. */
function presenterRequest(access: Access, originAllowed: (request: IncomingMessage) => boolean, request: IncomingMessage): boolean {
  return access.rightsOf(request.headers).has('presenter') && originAllowed(request)
}

/**
 * Refuses, before any of Slidev's or Vite's own middlewares, every request without the presenter's rights, and the
 * data directory (votes, token) to everyone: Vite would serve any file of the project, by its path or under `/@fs/`.
 */
export function devGate(access: Access, originAllowed: (request: IncomingMessage) => boolean, dataDir: string): Middleware {
  const projectPath = `/${relative(projectRoot, dataDir)}`
  return (request, response, next) => {
    const path = decodeURIComponent(URL.parse(request.url ?? '/', 'http://localhost')?.pathname ?? '/')
    if (path.startsWith(`${projectPath}/`) || path.includes(`${dataDir}/`) || path === projectPath)
      return sendNotice(response, 404, 'Introuvable', 'Cette adresse n’existe pas.')
    if (!presenterRequest(access, originAllowed, request))
      return refuseDeck(request, response)
    setDevSecurityHeaders(response)
    return next()
  }
}

/**
 * Puts the same gate in front of WebSocket upgrades: Vite's hot-reload channel also carries writes to the deck. Only
 * socket.io's path, which checks rights of its own, stays open.
 */
export function gateUpgrades(httpServer: HttpServer, access: Access, originAllowed: (request: IncomingMessage) => boolean): void {
  const listeners = httpServer.listeners('upgrade') as ((request: IncomingMessage, socket: Duplex, head: Buffer) => void)[]
  httpServer.removeAllListeners('upgrade')
  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const isSocketIo = (request.url ?? '').startsWith(`${socketPath}/`)
    if (!isSocketIo && !presenterRequest(access, originAllowed, request)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      return
    }
    listeners.forEach(listener => listener(request, socket, head))
  })
}
