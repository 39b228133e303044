import type { TestProject } from 'vitest/node'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { run } from './commands'

declare module 'vitest' {
  export interface ProvidedContext {
    builtDeckDir: string
  }
}

/** Builds the deck once for every test that serves or inspects it. */
export default async function setup(project: TestProject): Promise<void> {
  const outDir = join(await mkdtemp(join(tmpdir(), 'deck-build-')), 'dist')
  await run('slidev', ['build', '--out', outDir])
  project.provide('builtDeckDir', outDir)
}
