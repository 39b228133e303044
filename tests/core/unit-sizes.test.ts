// The project's limits on units (docs/architecture.md): no file of core/, server/, client/ or phone/ over 300 lines,
// no function outside tests and benchmarks over 60, measured with the TypeScript compiler by scripts/unit-sizes.ts.
import { describe, expect, it } from 'vitest'
import { describe as described, limits, measure, oversizeFunctions } from '../../scripts/unit-sizes'

const root = new URL('../..', import.meta.url).pathname

describe('unit sizes', () => {
  it('measures a function over the limit, nested ones included, and names it', () => {
    const body = Array.from({ length: limits.functionLines }, (_, index) => `  const a${index} = ${index}`).join('\n')
    const source = `export function long(): void {\n${body}\n}\nconst short = (): number => 1\nexport const factory = () => ({\n  make: () => {\n${body}\n  },\n})\n`
    const found = oversizeFunctions('example.ts', source)
    expect(found.map(described)).toEqual([
      `example.ts:1 function long: ${limits.functionLines + 2} lines (limit 60)`,
      `example.ts:${limits.functionLines + 4} function factory: ${limits.functionLines + 4} lines (limit 60)`,
      `example.ts:${limits.functionLines + 5} function make: ${limits.functionLines + 2} lines (limit 60)`,
    ])
  })

  it('finds no file and no function of the project over its limit', () => {
    expect(measure(root).map(described)).toEqual([])
  })
})
