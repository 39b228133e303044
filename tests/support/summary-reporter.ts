import type { Reporter, TestModule } from 'vitest/node'

/** Ends the run with one plain line, `Vitest: N passed, N failed`, that CI tooling reads whatever the runner. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const count = (state: 'passed' | 'failed'): number =>
      testModules.reduce((sum, module) => sum + [...module.children.allTests(state)].length, 0)
    console.log(`Vitest: ${count('passed')} passed, ${count('failed')} failed`)
  }
}
