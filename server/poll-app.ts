import type { Server as HttpServer } from 'node:http'
import type { Middleware } from './deck-files'
import type { SessionEngine } from './session-engine'
import type { VoteStore } from './store/vote-store'
import { join } from 'node:path'
import { loadPollCatalog } from './deck-source'
import { createHttpRoutes } from './http-routes'
import { buildPhonePage } from './phone-page'
import { loadPresenterToken } from './presenter-token'
import { createSessionEngine } from './session-engine'
import { attachPollSockets } from './socket-server'
import { openSqliteStore } from './store/sqlite-store'

export interface PollAppOptions {
  slidesPath?: string
  /** Where the votes (SQLite) and the generated presenter token live. */
  dataDir: string
  /** From `PRESENTER_TOKEN`; generated and kept in `dataDir` when absent. */
  presenterToken?: string
  allowedOrigins?: readonly string[]
  deckIntervalMs?: number
  phoneIntervalMs?: number
}

export interface PollApp {
  engine: SessionEngine
  store: VoteStore
  presenterToken: string
  /** HTTP routes of the vote server, to mount before the deck's files. */
  routes: Middleware
  /** Attaches socket.io once the server listens and the address phones use is known. */
  attach: (httpServer: HttpServer, options: { joinUrl: string, sharesUpgrades?: boolean }) => void
  close: () => Promise<void>
}

export function databasePath(dataDir: string): string {
  return join(dataDir, 'votes.sqlite')
}

/** Everything the live polls need, independent of who serves the deck: `npm start`, or Slidev's dev server. */
export async function createPollApp(options: PollAppOptions): Promise<PollApp> {
  const catalog = await loadPollCatalog(options.slidesPath)
  const presenterToken = loadPresenterToken(options.presenterToken, join(options.dataDir, 'presenter-token'))
  const store = openSqliteStore(databasePath(options.dataDir))
  const engine = await createSessionEngine(catalog, store)
  const routes = createHttpRoutes({ engine, store, presenterToken, phonePage: await buildPhonePage() })
  let sockets: ReturnType<typeof attachPollSockets> | undefined

  return {
    engine,
    store,
    presenterToken,
    routes,
    attach: (httpServer, { joinUrl, sharesUpgrades }) => {
      sockets = attachPollSockets(httpServer, {
        engine,
        presenterToken,
        joinUrl,
        sharesUpgrades,
        allowedOrigins: options.allowedOrigins,
        deckIntervalMs: options.deckIntervalMs,
        phoneIntervalMs: options.phoneIntervalMs,
      })
    },
    close: async () => {
      await sockets?.close()
      await engine.settled()
      await store.close()
    },
  }
}
