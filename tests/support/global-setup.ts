import type { TestProject } from 'vitest/node'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { ensureDeckBuilt } from '../../server/deck-build'

/** Set while the deck builds: the secrets test checks it never reaches the bundle. */
export const buildTimeSecret = 'canari-du-jeton-animateur-8f3a1c'

declare module 'vitest' {
  export interface ProvidedContext {
    builtDeckDir: string
  }
}

/** Builds the deck once for every test that serves or inspects it; a later run reuses it while the sources are unchanged. */
export default async function setup(project: TestProject): Promise<void> {
  const outDir = join(tmpdir(), 'prejuges-web2-test-deck')
  process.env.PRESENTER_TOKEN = buildTimeSecret
  await ensureDeckBuilt(outDir)
  delete process.env.PRESENTER_TOKEN
  project.provide('builtDeckDir', outDir)
}
