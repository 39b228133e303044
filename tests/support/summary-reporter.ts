import type { Reporter, TestModule } from 'vitest/node'

/**
 * Ends the run with one plain line, `Vitest: N passed, N failed`, that CI tooling reads whatever the runner. A file
 * whose hook failed counts as one failure at least: its tests were skipped, none of them failed.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const count = (module: TestModule, state: 'passed' | 'failed'): number => [...module.children.allTests(state)].length
    const passed = testModules.reduce((sum, module) => sum + count(module, 'passed'), 0)
    const failed = testModules.reduce((sum, module) => sum + Math.max(count(module, 'failed'), module.state() === 'failed' ? 1 : 0), 0)
    console.log(`Vitest: ${passed} passed, ${failed} failed`)
  }
}
