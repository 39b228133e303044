import type { TestProject } from 'vitest/node'
import { copyFile, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { build } from 'esbuild'
import { projectRoot } from '../../server/project-root'

declare module 'vitest' {
  export interface ProvidedContext {
    serverBundle: string
  }
}

/**
 * Bundles `npm start`'s server once per run, for the tests that start it as a process: Node then loads one file instead
 * of tsx compiling every module again in each of them. Beside node_modules, so its packages resolve as the server's do.
 */
export default async function setup(project: TestProject): Promise<void> {
  const outfile = join(projectRoot, 'node_modules', '.cache', 'prejuges-web2-server', `${project.name}.mjs`)
  const worker = join(dirname(outfile), 'sqlite-writer-worker.mjs')
  // New files, not the old ones rewritten in place: a node_modules copied with hard links shares them with other
  // checkouts, whose runs would otherwise start this one's server, or this one theirs.
  await Promise.all([outfile, worker].map(file => rm(file, { force: true })))
  await build({
    entryPoints: [join(projectRoot, 'server', 'main.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    // The modules that find the checkout from their own place all sit in server/.
    define: { 'import.meta.dirname': JSON.stringify(join(projectRoot, 'server')) },
    logLevel: 'warning',
  })
  // The SQLite writer's thread is a file of its own, found beside the module that starts it: here, the bundle.
  await copyFile(join(projectRoot, 'server', 'store', 'sqlite-writer-worker.mjs'), worker)
  project.provide('serverBundle', outfile)
}
