import type { TestProject } from 'vitest/node'
import { copyFile } from 'node:fs/promises'
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
  await copyFile(join(projectRoot, 'server', 'store', 'sqlite-writer-worker.mjs'), join(dirname(outfile), 'sqlite-writer-worker.mjs'))
  project.provide('serverBundle', outfile)
}
