import type { TestProject } from 'vitest/node'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureDeckBuilt } from '../../server/deck-build'

declare module 'vitest' {
  export interface ProvidedContext {
    builtDeckDir: string
  }
}

/** Builds the deck once for every test that serves or inspects it; a later run reuses it while the sources are unchanged. */
export default function setup(project: TestProject): void {
  const outDir = join(tmpdir(), 'prejuges-web2-test-deck')
  ensureDeckBuilt(outDir)
  project.provide('builtDeckDir', outDir)
}
