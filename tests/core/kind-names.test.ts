// Kinds finish the job: outside the kind modules, no code branches on a kind's name; it asks the kind instead
// (docs/adding-a-poll-kind.md). The places listed below are the known exceptions, each with its reason.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { pollKindNames } from '../../core/kinds/wire'

const root = new URL('../..', import.meta.url).pathname
const scanned = ['core', 'server', 'client', 'phone', 'components', 'layouts', 'composables', 'scripts']
const kindModules = ['core/kinds/', 'phone/kinds/']

/** Files allowed to compare a kind's name, with how many such comparisons each holds. */
const allowed: Record<string, { count: number, why: string }> = {
  'server/store/first-release.ts': { count: 5, why: 'reads the first release\'s stored ballots, which predate the kinds' },
  'components/DecisionBoard.vue': { count: 1, why: 'the decision vote is a single poll by design (core/session/decision-taken.ts), whose counts it prints' },
}

const names = pollKindNames.join('|')
/** A kind's name in a comparison (`=== 'quiz'`, `'quiz' !==`) or a `case`. */
const comparison = new RegExp(`(?:===|!==)\\s*'(?:${names})'|'(?:${names})'\\s*(?:===|!==)|case\\s+'(?:${names})'`, 'g')

function kindComparisons(source: string): number {
  return source.match(comparison)?.length ?? 0
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name)
    if (entry.isDirectory())
      return entry.name === 'node_modules' ? [] : sourceFiles(path)
    return /\.(?:ts|vue)$/.test(entry.name) ? [path] : []
  })
}

describe('kind names outside the kind modules', () => {
  it('spots a comparison with a kind\'s name, either way round, and a case', () => {
    expect(kindComparisons(`if (poll.kind === 'quiz') {}\nif ('words' !== answer.kind) {}\nswitch (k) { case 'scale': }`)).toBe(3)
    expect(kindComparisons(`const kicker = 'Quiz'\nif (status === 'open') {}\nconst kind = v.literal('words')`)).toBe(0)
  })

  it('finds none but the listed exceptions', () => {
    const found: Record<string, number> = {}
    for (const path of scanned.flatMap(directory => sourceFiles(join(root, directory)))) {
      const file = relative(root, path)
      const count = kindModules.some(prefix => file.startsWith(prefix)) ? 0 : kindComparisons(readFileSync(path, 'utf8'))
      if (count > 0)
        found[file] = count
    }
    expect(found).toEqual(Object.fromEntries(Object.entries(allowed).map(([file, { count }]) => [file, count])))
  })
})
