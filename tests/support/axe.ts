import type { AxeResults, RunOptions } from 'axe-core'
import type { Page } from 'playwright-core'
import { createRequire } from 'node:module'

const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/**
 * Runs axe-core in the page and lists what it found, one line per element. Checks axe could not decide (« incomplete »)
 * count too: otherwise whatever hides an element from axe would also hide its problems.
 */
export async function axeProblems(page: Page, context: string, options: RunOptions = {}): Promise<string[]> {
  await page.addScriptTag({ path: axeScript })
  return page.evaluate(async ([selector, runOptions]) => {
    const { axe } = window as unknown as { axe: { run: (context: string, options: object) => Promise<AxeResults> } }
    const results = await axe.run(selector, runOptions)
    return [...results.violations, ...results.incomplete].flatMap(result =>
      result.nodes.map(node => `${result.id} ${node.target.join(' ')}: ${node.failureSummary ?? node.any.map(check => check.message).join(' ')}`))
  }, [context, options] as const)
}
