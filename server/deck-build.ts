import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { projectRoot } from './project-root'
import { runSlidev } from './slidev-cli'
import { readTalkConfigSource } from './talk-config'

export const deckDir = join(projectRoot, 'dist')

/**
 * The deck is built twice: with speaker notes for the presenter, without them for the projection screen. Nothing
 * else differs; phones get neither.
 */
export const deckBuilds = { presenter: 'presenter', screen: 'screen' } as const

/** What the built deck is made from: its sources, the shared code it bundles, and what shapes its poll catalog and its talk.yml. */
const deckInputs = [
  'slides.md',
  'package-lock.json',
  'client',
  'components',
  'composables',
  'core',
  'layouts',
  'public',
  'setup',
  'styles',
  'server/vite-plugin.ts',
  'server/deck-source.ts',
  'server/talk-config.ts',
]

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
    // Paths relative to the checkout: another clone of the same sources reuses the build.
    for (const file of files(join(projectRoot, input)))
      hash.update(relative(projectRoot, file)).update(readFileSync(file))
  }
  // talk.yml is baked into the deck, wherever TALK_CONFIG puts it.
  hash.update('talk.yml').update(readTalkConfigSource())
  return hash.digest('hex')
}

export class DeckBuildError extends Error {
  override name = 'DeckBuildError'
}

/**
 * `slidev build` writes an index.html in the project root and removes it when done, or puts back one it found there: a
 * build cut short would leave its own for good, and every later run would warn about it.
 */
function removeLeftoverIndex(): void {
  const index = join(projectRoot, 'index.html')
  if (existsSync(index) && readFileSync(index, 'utf8').includes('<meta property="slidev:version"'))
    rmSync(index)
}

async function build(outDir: string, extraArguments: string[]): Promise<void> {
  // Vite empties only an output folder inside the project: files of an earlier build would otherwise still be served.
  rmSync(outDir, { recursive: true, force: true })
  removeLeftoverIndex()
  if (!await runSlidev(['build', '--out', outDir, ...extraArguments]))
    throw new DeckBuildError('La construction de la présentation a échoué : voir les messages ci-dessus.')
}

const buildArguments: Record<keyof typeof deckBuilds, string[]> = { presenter: [], screen: ['--without-notes'] }

/**
 * Builds the decks into `outDir`, side by side, unless they were built there from the current sources: both by
 * default, as `npm start` serves them; a test that only looks at the screen's asks for that one alone.
 */
export async function ensureDeckBuilt(outDir = deckDir, builds: (keyof typeof deckBuilds)[] = ['presenter', 'screen']): Promise<void> {
  const stampFile = join(outDir, '.inputs-hash')
  const stamp = `${inputsHash()} ${builds.join(' ')}`
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp)
    return
  console.log('Construction de la présentation (une minute environ)…')
  // A build cut short must not leave the stamp of an earlier one beside it.
  rmSync(stampFile, { force: true })
  // One after the other: each `slidev build` writes and then deletes an index.html in the project root.
  for (const name of builds)
    await build(join(outDir, deckBuilds[name]), buildArguments[name])
  writeFileSync(stampFile, stamp)
}
