import type { Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Plugin, ViteDevServer } from 'vite'
import type { PollCatalog } from '../core/poll-catalog'
import type { PrintSnapshot } from '../core/print-snapshot'
import type { TalkConfig } from '../core/talk-config'
import type { PollApp } from './poll-app'
import { readFile } from 'node:fs/promises'
import process from 'node:process'
import { publicCatalog } from '../core/poll-catalog'
import { readConfig } from './config'
import { loadPollCatalog } from './deck-source'
import { devGate, gateUpgrades } from './dev-gate'
import { joinUrl } from './join-url'
import { presenterLinks } from './links'
import { announcedOrigins, createOriginCheck } from './origin-check'
import { createPollApp } from './poll-app'
import { loadPrintSnapshot } from './print-snapshot'
import { projectRoot } from './project-root'
import { loadTalkConfig, talkConfigPath } from './talk-config'

const virtualId = 'virtual:live-polls'
const resolvedVirtualId = `\0${virtualId}`

/** Which session `npm run export` prints; the latest by default. */
export const exportSessionVariable = 'POLLS_EXPORT_SESSION'

export interface LivePollsPluginOptions {
  mode: 'dev' | 'build' | 'export'
  slidesPath: string
}

/** Development: the vote server on Slidev's own HTTP server, the same code `npm start` runs, closed to all but the presenter. */
function attachToDevServer(server: ViteDevServer, app: PollApp, config: ReturnType<typeof readConfig>): void {
  // Slidev's HTTP/1.1 server; Vite's type also allows an HTTP/2 one, which socket.io cannot attach to.
  const httpServer = server.httpServer as HttpServer
  let originAllowed = createOriginCheck([])
  // First in line, ahead of Slidev's own middlewares (one of which writes slides.md).
  server.middlewares.stack.unshift({ route: '', handle: app.routes }, { route: '', handle: devGate(app.access, request => originAllowed(request), config.dataDir) })
  httpServer.once('listening', () => {
    const { port } = httpServer.address() as AddressInfo
    const phones = joinUrl({ publicUrl: config.publicUrl, host: config.host, port })
    const localUrl = `http://localhost:${port}`
    const origins = announcedOrigins(port, [phones, ...config.allowedOrigins])
    originAllowed = createOriginCheck(origins)
    app.attach(httpServer, { joinUrl: phones, origins, sharesUpgrades: true })
    gateUpgrades(httpServer, app.access, originAllowed)
    app.lock?.announce(localUrl)
    const links = presenterLinks(app.access, localUrl, phones)
    // Printed whatever Slidev's log level: the presenter needs these addresses.
    console.log(`\n  Votes en direct : téléphones sur ${phones}`)
    console.log(`  Animateur (répétition) : ${links.presenter}\n`)
  })
  httpServer.once('close', () => void app.close())
  process.on('SIGHUP', app.reloadAccess)
}

/**
 * Gives the deck its poll catalog (without quiz answers), talk.yml and, when exporting, one session's results
 * (`virtual:live-polls`). In development it also runs the vote server on Slidev's own server, and follows edits of
 * the polls without a restart; a broken edit is reported and the last good catalog kept.
 */
export function livePollsPlugin({ mode, slidesPath }: LivePollsPluginOptions): Plugin {
  const config = readConfig(process.env, projectRoot, mode === 'dev' ? 'dev' : 'present')
  let catalog: PollCatalog
  let printSnapshot: PrintSnapshot | null = null
  let talk: TalkConfig
  let app: PollApp | undefined

  /** A broken talk.yml in development is reported and the last good one kept, as for the polls. */
  async function reloadTalk(server: ViteDevServer): Promise<void> {
    try {
      talk = loadTalkConfig()
    }
    catch (error) {
      console.error(`\n  ${(error as Error).message}\n`)
      return
    }
    const module = server.moduleGraph.getModuleById(resolvedVirtualId)
    if (module)
      await server.reloadModule(module)
  }

  return {
    name: 'live-polls',

    // Pre-bundled up front: discovered mid-export, they would make Vite reload the page and blank the slides being printed.
    config: () => ({ optimizeDeps: { include: ['socket.io-client', 'uqr', 'valibot'] } }),

    async buildStart() {
      catalog = await loadPollCatalog(slidesPath)
      talk = loadTalkConfig()
      if (mode === 'export')
        printSnapshot = await loadPrintSnapshot(catalog, config, process.env[exportSessionVariable] ?? 'latest')
    },

    resolveId: id => id === virtualId ? resolvedVirtualId : undefined,

    load(id) {
      if (id !== resolvedVirtualId)
        return undefined
      return `export const catalog = ${JSON.stringify(publicCatalog(catalog))}\nexport const printSnapshot = ${JSON.stringify(printSnapshot)}\nexport const talk = ${JSON.stringify(talk)}\n`
    },

    async configureServer(server) {
      if (mode !== 'dev' || !server.httpServer)
        return
      app = await createPollApp({ ...config, slidesPath })
      attachToDevServer(server, app, config)
    },

    async handleHotUpdate({ file, server }) {
      if (mode === 'dev' && file === talkConfigPath())
        return reloadTalk(server)
      if (mode !== 'dev' || file !== slidesPath || !app)
        return
      let updated: PollCatalog
      try {
        // Not Vite's `read()`: Slidev's own hook has already replaced it with the entry's compiled module.
        const source = await readFile(slidesPath, 'utf8')
        // An editor that truncates before it writes: the write that follows brings the whole file.
        if (source.trim() === '')
          return
        updated = await loadPollCatalog(slidesPath, source)
      }
      catch (error) {
        console.error(`\n  Sondages non mis à jour, les précédents restent en service : ${(error as Error).message}\n`)
        return
      }
      if (JSON.stringify(updated) === JSON.stringify(catalog))
        return
      catalog = updated
      app.engine.replaceCatalog(updated)
      const module = server.moduleGraph.getModuleById(resolvedVirtualId)
      if (module)
        await server.reloadModule(module)
      console.log('  Sondages mis à jour.')
    },
  }
}
