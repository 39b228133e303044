import type { IncomingMessage, ServerResponse } from 'node:http'
import sirv from 'sirv'

export type Middleware = (request: IncomingMessage, response: ServerResponse, next: () => void) => void

/** Serves a built deck; any unknown path gets index.html so Slidev's router can handle `/presenter/3`. */
export function serveDeck(deckDir: string): Middleware {
  return sirv(deckDir, { single: true, gzip: false, etag: true })
}
