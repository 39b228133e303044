import type { AddressInfo } from 'node:net'
import type { ServerConfig } from './config'
import type { Middleware } from './deck-files'
import type { PollApp, PollAppOptions } from './poll-app'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { deckBuilds } from './deck-build'
import { serveDeck } from './deck-files'
import { refuseDeck } from './http-routes'
import { joinUrl } from './join-url'
import { announcedOrigins } from './origin-check'
import { createPollApp } from './poll-app'
import { setSecurityHeaders } from './security-headers'

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
    super(`Le port ${port} est déjà pris par un autre programme, peut-être une autre présentation. Arrêtez-le, ou choisissez un autre port : PORT=${port + 1} npm start (une autre présentation garde alors son propre dossier de données : DATA_DIR=…).`)
  }
}

export type PresentationOptions = ServerConfig & PollAppOptions & { deckDir: string }

/** The deck for whoever may see it: with speaker notes for the presenter, without for a screen, nothing for phones. */
function gatedDeck(app: PollApp, deckDir: string): Middleware {
  const presenterDeck = serveDeck(join(deckDir, deckBuilds.presenter))
  const screenDeck = serveDeck(join(deckDir, deckBuilds.screen))
  return (request, response, next) => {
    const rights = app.access.rightsOf(request.headers)
    setSecurityHeaders(response)
    if (rights.has('presenter'))
      return presenterDeck(request, response, next)
    if (rights.has('screen'))
      return screenDeck(request, response, next)
    refuseDeck(request, response)
  }
}

/** One HTTP server for everything: the phone page, socket.io, results, health check, and the built deck. */
export async function startPresentationServer(config: PresentationOptions): Promise<PresentationServer> {
  const app = await createPollApp(config)
  const deck = gatedDeck(app, config.deckDir)
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
  const localUrl = `http://localhost:${port}`
  app.attach(server, { joinUrl: phonesUrl, origins: announcedOrigins(port, [phonesUrl, ...config.allowedOrigins]) })
  app.lock?.announce(localUrl, phonesUrl)

  return {
    app,
    localUrl,
    joinUrl: phonesUrl,
    close: async () => {
      // socket.io's close waits for the HTTP server's, which waits for every connection still open: one page's request
      // in flight held a restart for a minute. Stop listening and end them first, then close the app.
      const stopped = new Promise(resolve => server.close(resolve))
      server.closeAllConnections()
      await app.close()
      await stopped
    },
  }
}
