import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const projectRoot = resolve(import.meta.dirname, '..')
export const deckDir = join(projectRoot, 'dist')

/** Everything the built deck is made from. */
const deckInputs = ['slides.md', 'package-lock.json', 'vite.config.ts', 'components', 'composables', 'core', 'layouts', 'public', 'server', 'setup', 'styles']

function* files(path: string): Generator<string> {
  if (!existsSync(path))
    return
  if (statSync(path).isDirectory()) {
    for (const entry of readdirSync(path).sort())
      yield* files(join(path, entry))
  }
  else {
    yield path
  }
}

function inputsHash(): string {
  const hash = createHash('sha256')
  for (const input of deckInputs) {
    for (const file of files(join(projectRoot, input)))
      hash.update(file).update(readFileSync(file))
  }
  return hash.digest('hex')
}

export class DeckBuildError extends Error {
  override name = 'DeckBuildError'
}

/** Builds the deck into `outDir` unless it was built there from the current sources. */
export function ensureDeckBuilt(outDir = deckDir): void {
  const stampFile = join(outDir, '.inputs-hash')
  const hash = inputsHash()
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash)
    return
  console.log('Construction de la présentation (une minute environ)…')
  const result = spawnSync(join(projectRoot, 'node_modules', '.bin', 'slidev'), ['build', '--out', outDir], { cwd: projectRoot, stdio: 'inherit' })
  if (result.status !== 0)
    throw new DeckBuildError('La construction de la présentation a échoué : voir les messages ci-dessus.')
  writeFileSync(stampFile, hash)
}
