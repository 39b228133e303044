import type { AxeResults, RunOptions } from 'axe-core'
import type { Page } from 'playwright-core'
import { createRequire } from 'node:module'

const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/**
 * Runs axe-core in the page and lists what it found, one line per element. Checks axe could not decide (« incomplete »)
 * count too: otherwise whatever hides an element from axe would also hide its problems.
 */
export async function axeProblems(page: Page, context: string, options: RunOptions = {}): Promise<string[]> {
  // A live page may redraw while axe reads it, and axe then cannot decide: wait until it has been still for a moment.
  await page.evaluate(() => new Promise<void>((resolve) => {
    let timer = setTimeout(done, 300)
    const observer = new MutationObserver(() => {
      clearTimeout(timer)
      timer = setTimeout(done, 300)
    })
    function done(): void {
      observer.disconnect()
      resolve()
    }
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true })
  }))
  await page.addScriptTag({ path: axeScript })
  return page.evaluate(async ([selector, runOptions]) => {
    const { axe } = window as unknown as { axe: { run: (context: string, options: object) => Promise<AxeResults> } }
    const results = await axe.run(selector, runOptions)
    return [...results.violations, ...results.incomplete].flatMap(result =>
      result.nodes.map(node => `${result.id} ${node.target.join(' ')}: ${node.failureSummary ?? node.any.map(check => check.message).join(' ')}`))
  }, [context, options] as const)
}
