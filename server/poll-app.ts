import type { Server as HttpServer, IncomingMessage } from 'node:http'
import type { Privacy } from '../core/session/privacy'
import type { Access } from './access'
import type { Cluster } from './cluster'
import type { DataDirLock } from './data-dir-lock'
import type { Middleware } from './deck-files'
import type { SessionEngine } from './session-engine'
import type { SessionChoice } from './session-start'
import type { PollSocketOptions } from './socket-server'
import type { EventStore } from './store/event-store'
import { join } from 'node:path'
import { defaultPrivacy } from '../core/session/privacy'
import { createAccess } from './access'
import { joinCluster } from './cluster'
import { ConfigError } from './config'
import { DataDirInUseError, lockDataDir } from './data-dir-lock'
import { loadPollCatalog } from './deck-source'
import { createHttpRoutes } from './http-routes'
import { createOriginCheck } from './origin-check'
import { buildPhonePage } from './phone-page'
import { createSessionEngine } from './session-engine'
import { chooseSession } from './session-start'
import { attachPollSockets } from './socket-server'
import { openRedisStore } from './store/redis-store'
import { openSqliteStore } from './store/sqlite-store'
import { storageError } from './store/storage-errors'

export interface PollAppOptions {
  slidesPath?: string
  /** Where the votes (SQLite) and the generated presenter token live; one server per directory. */
  dataDir: string
  /** From `PRESENTER_TOKEN`; generated and kept in `dataDir` when absent. */
  presenterToken?: string
  maxVotersPerAddress: number
  recoveryWindowMs: number
  voterReleaseMs: number
  handshakesPerAddress: number
  expectedAudience?: number
  trustProxy: boolean
  deckIntervalMs?: number
  phoneIntervalMs?: number
  /** Several servers share the session through this Redis, instead of one server and its SQLite file. */
  redisUrl?: string
  /** Which session to record into; absent, the latest one. */
  session?: SessionChoice
  /** talk.yml's small-room threshold and live bars; absent, the defaults (5 voters, no live bars on the projection). */
  privacy?: Privacy
}

export interface AttachOptions {
  joinUrl: string
  /** Pages of these origins (and only these) may open a socket. */
  origins: string[]
  /** Set when the HTTP server also carries other WebSockets (Vite's HMR in development). */
  sharesUpgrades?: boolean
}

export interface PollApp {
  engine: SessionEngine
  store: EventStore
  access: Access
  /** Held on the data directory when the votes are in its SQLite file; a shared Redis needs none. */
  lock?: DataDirLock
  /** What the start did with the sessions, for the presenter; nothing for a session that holds nothing yet. */
  sessionNote?: string
  /** HTTP routes of the vote server, to mount before the deck's files. */
  routes: Middleware
  isSecure: (request: IncomingMessage) => boolean
  /** Attaches socket.io once the server listens and the address phones use is known. */
  attach: (httpServer: HttpServer, options: AttachOptions) => void
  /** After `npm run rotate-token`: reads the token again, drops every connection that held the old one, says if it changed. */
  reloadAccess: () => boolean
  close: () => Promise<void>
}

/** Runs a step that touches the data directory; what the system refuses becomes the presenter's sentence. */
function withStorageErrors<T>(run: () => T, path: string): T {
  try {
    return run()
  }
  catch (error) {
    throw error instanceof DataDirInUseError ? error : storageError(error, path)
  }
}

export function databasePath(dataDir: string): string {
  return join(dataDir, 'votes.sqlite')
}

/** The sockets' parts, limits and timings, from the app's options and the listening server's. */
function socketOptions(options: PollAppOptions, parts: Pick<PollSocketOptions, 'engine' | 'access' | 'cluster' | 'privacy'>, { joinUrl, origins, sharesUpgrades }: AttachOptions): PollSocketOptions {
  return {
    ...parts,
    joinUrl,
    originAllowed: createOriginCheck(origins),
    sharesUpgrades,
    trustProxy: options.trustProxy,
    maxVotersPerAddress: options.maxVotersPerAddress,
    recoveryWindowMs: options.recoveryWindowMs,
    voterReleaseMs: options.voterReleaseMs,
    handshakesPerAddress: options.handshakesPerAddress,
    expectedAudience: options.expectedAudience,
    deckIntervalMs: options.deckIntervalMs,
    phoneIntervalMs: options.phoneIntervalMs,
  }
}

/** Everything the live polls need, independent of who serves the deck: `npm start`, or Slidev's dev server. */
export async function createPollApp(options: PollAppOptions): Promise<PollApp> {
  const catalog = await loadPollCatalog(options.slidesPath)
  const path = databasePath(options.dataDir)
  const { redisUrl } = options
  // Each server would otherwise make up its own token, and a presenter link would work on one server only.
  if (redisUrl && options.presenterToken === undefined)
    throw new ConfigError('Avec REDIS_URL, donnez à chaque serveur le même jeton d’animateur : PRESENTER_TOKEN=… (16 caractères au moins).')
  const lock = redisUrl ? undefined : withStorageErrors(() => lockDataDir(options.dataDir), path)
  let cluster: Cluster | undefined
  let opened: EventStore | undefined
  try {
    // The store is checked before anything is written beside it: a damaged file stays exactly as it was.
    const store = redisUrl ? await openRedisStore(redisUrl) : openSqliteStore(path, { catalog })
    opened = store
    cluster = redisUrl ? await joinCluster(redisUrl) : undefined
    const access = createAccess(options.dataDir, options.presenterToken)
    const engine = await createSessionEngine(catalog, store)
    const sessionNote = await chooseSession(engine, store, options.session ?? 'resume')
    const isSecure = (request: IncomingMessage): boolean =>
      'encrypted' in request.socket || (options.trustProxy && request.headers['x-forwarded-proto'] === 'https')
    const privacy = options.privacy ?? defaultPrivacy
    const routes = createHttpRoutes({ engine, store, access, phonePage: await buildPhonePage(), isSecure, privacy })
    let sockets: ReturnType<typeof attachPollSockets> | undefined

    return {
      engine,
      store,
      access,
      lock,
      sessionNote,
      routes,
      isSecure,
      attach: (httpServer, attach) => {
        sockets = attachPollSockets(httpServer, socketOptions(options, { engine, access, cluster, privacy }, attach))
      },
      reloadAccess: () => {
        const changed = access.reload()
        if (changed)
          sockets?.revokeRights()
        return changed
      },
      close: async () => {
        await sockets?.close()
        await engine.close()
        await store.close()
        await cluster?.close()
        lock?.release()
      },
    }
  }
  catch (error) {
    // Closed, a log refused while being read back leaves no journal beside it.
    await opened?.close()
    await cluster?.close()
    lock?.release()
    throw error
  }
}
