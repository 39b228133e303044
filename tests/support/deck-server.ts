import type { AddressInfo } from 'node:net'
import { createServer } from 'node:http'
import { serveDeck } from '../../server/deck-files'

export interface ServedDeck {
  origin: string
  close: () => Promise<void>
}

/** Serves a built deck on an ephemeral loopback port, the way the presenter's laptop serves it. */
export async function serveBuiltDeck(deckDir: string): Promise<ServedDeck> {
  const deck = serveDeck(deckDir)
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
