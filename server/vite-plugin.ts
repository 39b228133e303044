import type { Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Plugin, ViteDevServer } from 'vite'
import type { PollCatalog } from '../core/poll-catalog'
import type { TalkConfig } from '../core/talk-config'
import type { PollApp } from './poll-app'
import { readFile } from 'node:fs/promises'
import process from 'node:process'
import { publicCatalog } from '../core/poll-catalog'
import { readConfig } from './config'
import { loadPollCatalog } from './deck-source'
import { devGate, gateUpgrades } from './dev-gate'
import { isLoopback, joinUrl } from './join-url'
import { presenterLinks } from './links'
import { announcedOrigins, createOriginCheck } from './origin-check'
import { createPollApp } from './poll-app'
import { projectRoot } from './project-root'
import { whenParentGone } from './shutdown'
import { loadTalkConfig, serverOptionsOf, talkConfigPath } from './talk-config'

const virtualId = 'virtual:live-polls'
const resolvedVirtualId = `\0${virtualId}`

export interface LivePollsPluginOptions {
  mode: 'dev' | 'build' | 'export'
  slidesPath: string
}

/** Development: the vote server on Slidev's own HTTP server, the same code `npm start` runs, closed to all but the presenter. */
function attachToDevServer(server: ViteDevServer, app: PollApp, config: ReturnType<typeof readConfig>): void {
  // Slidev's HTTP/1.1 server; Vite's type also allows an HTTP/2 one, which socket.io cannot attach to.
  const httpServer = server.httpServer as HttpServer
  let originAllowed = createOriginCheck([])
  let upgrades: ReturnType<typeof gateUpgrades> | undefined
  // First in line, ahead of Slidev's own middlewares (one of which writes slides.md).
  server.middlewares.stack.unshift({ route: '', handle: app.routes }, { route: '', handle: devGate(app.access, request => originAllowed(request)) })
  httpServer.once('listening', () => {
    // Where Slidev really listens: loopback for `npm run dev`, every interface with `--remote` (`npm run dev:lan`).
    const { address, port } = httpServer.address() as AddressInfo
    const phones = joinUrl({ publicUrl: config.publicUrl, host: address, port })
    const localUrl = `http://localhost:${port}`
    const origins = announcedOrigins(port, [phones, ...config.allowedOrigins])
    originAllowed = createOriginCheck(origins)
    app.attach(httpServer, { joinUrl: phones, origins, sharesUpgrades: true })
    upgrades = gateUpgrades(httpServer, app.access, originAllowed)
    app.lock?.announce(localUrl, phones)
    const links = presenterLinks(app.access, localUrl, phones)
    // Printed whatever Slidev's log level: the presenter needs these addresses.
    console.log(`\n  Votes en direct : téléphones sur ${phones}`)
    if (config.publicUrl === undefined && isLoopback(address))
      console.log('  (sur cet ordinateur seulement ; pour les téléphones de la salle : npm run dev:lan)')
    console.log(`  Animateur (répétition) : ${links.presenter}\n`)
    if (app.sessionNote)
      console.log(`  ${app.sessionNote}\n`)
  })
  let closing: Promise<void> | undefined
  const close = (): Promise<void> => closing ??= app.close()
  httpServer.once('close', () => void close())
  // Slidev and Vite stop on Ctrl+C and SIGTERM by themselves (the data directory's lock goes with the process), but
  // not when npm is killed outright.
  whenParentGone(() => void close().finally(() => process.exit(0)))
  // Sent by `npm run rotate-token -- --dev`: the socket.io connections and the hot-reload channels made with the old token close.
  process.on('SIGHUP', () => {
    if (app.reloadAccess())
      upgrades?.revoke()
  })
}

/** Vite's own list, which a `server.fs.deny` of ours would otherwise replace. */
const viteDeniedFiles = ['.env', '.env.*', '*.{crt,pem}', '**/.git/**']

/** A directory as a glob of itself and everything in it, its own name matched literally. */
function directoryGlobs(directory: string): string[] {
  const literal = directory.replace(/[\\*?[\]{}()!+@]/g, '\\$&')
  return [literal, `${literal}/**`]
}

/**
 * The talk's and the rehearsal's data directories (token, votes, lock), configured or by default, which Vite must never
 * serve: it judges each request by the file it resolves to, whatever the address's spelling (`//`, `%2e`, `/@fs/`,
 * `?raw`, `?import`…).
 */
function deniedDataDirs(rehearsalDataDir: string): string[] {
  const talkDataDirs = [readConfig({}, projectRoot, 'present').dataDir, readConfig({ DATA_DIR: process.env.DATA_DIR }, projectRoot, 'present').dataDir]
  return [...new Set([...talkDataDirs, rehearsalDataDir])].flatMap(directoryGlobs)
}

async function reloadVirtualModule(server: ViteDevServer): Promise<void> {
  const module = server.moduleGraph.getModuleById(resolvedVirtualId)
  if (module)
    await server.reloadModule(module)
}

/** The polls of slides.md as just edited; `undefined` for a broken edit, reported, or a file caught half-written. */
async function editedCatalog(slidesPath: string): Promise<PollCatalog | undefined> {
  try {
    // Not Vite's `read()`: Slidev's own hook has already replaced it with the entry's compiled module.
    const source = await readFile(slidesPath, 'utf8')
    // An editor that truncates before it writes: the write that follows brings the whole file.
    if (source.trim() === '')
      return undefined
    return await loadPollCatalog(slidesPath, source)
  }
  catch (error) {
    console.error(`\n  Sondages non mis à jour, les précédents restent en service : ${(error as Error).message}\n`)
    return undefined
  }
}

/** A talk.yml as just edited; `undefined` for a broken one, reported: the last good one is kept, as for the polls. */
function editedTalk(): TalkConfig | undefined {
  try {
    return loadTalkConfig()
  }
  catch (error) {
    console.error(`\n  ${(error as Error).message}\n`)
    return undefined
  }
}

/**
 * Gives the deck its poll catalog (without quiz answers) and talk.yml (`virtual:live-polls`). In development it also
 * runs the vote server on Slidev's own server, and follows edits of the polls without a restart; a broken edit is
 * reported and the last good catalog kept.
 */
export function livePollsPlugin({ mode, slidesPath }: LivePollsPluginOptions): Plugin {
  const config = readConfig(process.env, projectRoot, mode === 'dev' ? 'dev' : 'present')
  let catalog: PollCatalog
  let talk: TalkConfig
  let app: PollApp | undefined

  return {
    name: 'live-polls',

    config: () => ({
      // Pre-bundled up front: discovered mid-export, they would make Vite reload the page and blank the slides being printed.
      optimizeDeps: { include: ['socket.io-client', 'uqr', 'valibot'] },
      server: { fs: { deny: [...viteDeniedFiles, ...deniedDataDirs(config.dataDir)] } },
      // The print page in the built deck too, unlinked (`download: false` keeps Slidev's button away): `npm run export`
      // prints it with a session's results, so one build serves every session.
      ...mode === 'build' ? { define: { __SLIDEV_FEATURE_PRINT__: 'true' } } : {},
    }),

    async buildStart() {
      catalog = await loadPollCatalog(slidesPath)
      talk = loadTalkConfig()
    },

    resolveId: id => id === virtualId ? resolvedVirtualId : undefined,

    load(id) {
      if (id !== resolvedVirtualId)
        return undefined
      return `export const catalog = ${JSON.stringify(publicCatalog(catalog))}\nexport const talk = ${JSON.stringify(talk)}\n`
    },

    async configureServer(server) {
      if (mode !== 'dev' || !server.httpServer)
        return
      app = await createPollApp({ ...config, slidesPath, ...serverOptionsOf(loadTalkConfig()) })
      attachToDevServer(server, app, config)
    },

    async handleHotUpdate({ file, server }) {
      if (mode === 'dev' && file === talkConfigPath()) {
        const edited = editedTalk()
        if (!edited)
          return
        talk = edited
        return reloadVirtualModule(server)
      }
      if (mode !== 'dev' || file !== slidesPath || !app)
        return
      const updated = await editedCatalog(slidesPath)
      if (!updated)
        return
      if (JSON.stringify(updated) === JSON.stringify(catalog))
        return
      catalog = updated
      app.engine.replaceCatalog(updated)
      await reloadVirtualModule(server)
      console.log('  Sondages mis à jour.')
    },
  }
}
