import type { Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Plugin } from 'vite'
import type { PollCatalog } from '../core/poll-definitions'
import type { PrintSnapshot } from '../core/print-snapshot'
import process from 'node:process'
import { readConfig } from './config'
import { projectRoot } from './deck-build'
import { loadPollCatalog } from './deck-source'
import { joinUrl } from './join-url'
import { createPollApp } from './poll-app'
import { loadPrintSnapshot } from './print-snapshot'

const virtualId = 'virtual:live-polls'
const resolvedVirtualId = `\0${virtualId}`

/** Which session `npm run export` prints; the latest by default. */
export const exportSessionVariable = 'POLLS_EXPORT_SESSION'

export interface LivePollsPluginOptions {
  mode: 'dev' | 'build' | 'export'
  slidesPath: string
}

/**
 * Gives the deck its poll catalog and, when exporting, one session's results (`virtual:live-polls`). In development it
 * also attaches the vote server to Slidev's own HTTP server: the same code `npm start` runs, on the same port.
 */
export function livePollsPlugin({ mode, slidesPath }: LivePollsPluginOptions): Plugin {
  const config = readConfig(process.env, projectRoot)
  let catalog: PollCatalog
  let printSnapshot: PrintSnapshot | null = null

  return {
    name: 'live-polls',

    // Pre-bundled up front: discovered mid-export, they would make Vite reload the page and blank the slides being printed.
    config: () => ({ optimizeDeps: { include: ['socket.io-client', 'uqr', 'valibot'] } }),

    async buildStart() {
      catalog = await loadPollCatalog(slidesPath)
      if (mode === 'export') {
        const phones = joinUrl({ publicUrl: config.publicUrl, host: '0.0.0.0', port: config.port })
        printSnapshot = await loadPrintSnapshot(catalog, config.dataDir, process.env[exportSessionVariable] ?? 'latest', phones)
      }
    },

    resolveId: id => id === virtualId ? resolvedVirtualId : undefined,

    load(id) {
      if (id !== resolvedVirtualId)
        return undefined
      return `export const catalog = ${JSON.stringify(catalog)}\nexport const printSnapshot = ${JSON.stringify(printSnapshot)}\n`
    },

    async configureServer(server) {
      // Slidev serves plain HTTP/1.1; Vite's type also allows an HTTP/2 server, which socket.io cannot attach to.
      const httpServer = server.httpServer as HttpServer | null
      if (mode !== 'dev' || !httpServer)
        return
      const app = await createPollApp({ ...config, slidesPath })
      server.middlewares.use(app.routes)
      httpServer.once('listening', () => {
        const { port } = httpServer.address() as AddressInfo
        const phones = joinUrl({ publicUrl: config.publicUrl, host: '0.0.0.0', port })
        app.attach(httpServer, { joinUrl: phones, sharesUpgrades: true })
        // Printed whatever Slidev's log level: the presenter needs these two addresses.
        console.log(`\n  Votes en direct : téléphones sur ${phones}`)
        console.log(`  Animateur : http://localhost:${port}/presenter/1#token=${app.presenterToken}\n`)
      })
      httpServer.once('close', () => void app.close())
    },

    async handleHotUpdate({ file, server }) {
      if (mode !== 'dev' || file !== slidesPath)
        return
      // The server validates votes against the catalog: when a poll changes, everything restarts on the new one.
      const updated = await loadPollCatalog(slidesPath).catch(() => catalog)
      if (JSON.stringify(updated) !== JSON.stringify(catalog)) {
        console.log('  Les sondages ont changé : redémarrage du serveur de vote.')
        await server.restart()
      }
    },
  }
}
