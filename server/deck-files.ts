import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createServer } from 'node:http'
import { join } from 'node:path'
import sirv from 'sirv'
import { deckBuilds } from './deck-build'

export type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void

/** Serves a built deck; any unknown path gets index.html so Slidev's router can handle `/presenter/3`. */
export function serveDeck(deckDir: string): Middleware {
  return sirv(deckDir, { single: true, gzip: false, etag: true })
}

export interface ServedDeck {
  origin: string
  close: () => Promise<void>
}

/** Serves the deck a projection screen gets (or the presenter's), alone on an ephemeral loopback port: no vote server behind it. */
export async function serveBuiltDeck(deckDir: string, build: keyof typeof deckBuilds = 'screen'): Promise<ServedDeck> {
  const deck = serveDeck(join(deckDir, deckBuilds[build]))
  const server = createServer((request, response) => deck(request, response, () => response.writeHead(404).end()))
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => {
      // Chromium keeps connections alive; without this, close() waits for them to time out.
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}
