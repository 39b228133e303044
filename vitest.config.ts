import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

/**
 * Two projects: `fast` (core, server, phone, hosted: no deck build, files in parallel) for every change to logic,
 * `deck` (the built deck in Chromium, the PDF, Slidev's dev server, end to end) one file at a time, since it shares two
 * cores with Chromium and Slidev. `npm test` runs both; `npm run test:fast` only the first.
 */
export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'fast',
          include: ['tests/core/**/*.test.ts', 'tests/server/**/*.test.ts', 'tests/phone/**/*.test.ts', 'tests/cluster/**/*.test.ts', 'tests/hosted/**/*.test.ts'],
          // Most of these tests wait on sockets and child processes, not the CPU: three files at a time on two cores
          // take two thirds of the wall clock of one at a time; four take longer again. One more than the cores.
          maxWorkers: availableParallelism() + 1,
          globalSetup: ['tests/support/server-bundle.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'deck',
          include: ['tests/deck/**/*.test.ts', 'tests/e2e/**/*.test.ts', 'tests/dev/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts', 'tests/support/server-bundle.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
})
