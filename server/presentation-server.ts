import type { AddressInfo } from 'node:net'
import type { ServerConfig } from './config'
import type { PollApp, PollAppOptions } from './poll-app'
import { createServer } from 'node:http'
import { serveDeck } from './deck-files'
import { joinUrl } from './join-url'
import { createPollApp } from './poll-app'

export interface PresentationServer {
  app: PollApp
  /** Where the presenter's own browser reaches the server. */
  localUrl: string
  /** The phone page, at the address phones on the LAN use. */
  joinUrl: string
  close: () => Promise<void>
}

export class PortInUseError extends Error {
  override name = 'PortInUseError'
  constructor(port: number) {
    super(`Le port ${port} est déjà utilisé, sans doute par une autre présentation. Fermez-la, ou choisissez un autre port : PORT=${port + 1} npm start`)
  }
}

export type PresentationOptions = ServerConfig & PollAppOptions & { deckDir: string }

/** One HTTP server for everything: the phone page, socket.io, results, health check, and the built deck. */
export async function startPresentationServer(config: PresentationOptions): Promise<PresentationServer> {
  const app = await createPollApp(config)
  const deck = serveDeck(config.deckDir)
  const server = createServer((request, response) => {
    app.routes(request, response, () => deck(request, response, () => response.writeHead(404).end()))
  })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(config.port) : error))
      server.listen(config.port, config.host, resolve)
    })
  }
  catch (error) {
    await app.close()
    throw error
  }
  const { port } = server.address() as AddressInfo
  const phonesUrl = joinUrl({ publicUrl: config.publicUrl, host: config.host, port })
  app.attach(server, { joinUrl: phonesUrl })

  return {
    app,
    localUrl: `http://localhost:${port}`,
    joinUrl: phonesUrl,
    close: app.close,
  }
}
