import type { AddressInfo } from 'node:net'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { deckBuilds } from '../../server/deck-build'
import { serveDeck } from '../../server/deck-files'

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
