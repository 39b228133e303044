import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

/**
 * Most of these tests wait on sockets, child processes and Chromium, not the CPU: one file more at a time than the
 * machine has cores (three on two; for the server's files alone, two thirds of the wall clock of one at a time, and four
 * took longer again). Both projects share that one pool, so the deck's waits are filled with other files rather than
 * left as idle cores: vitest runs projects together when they have the same `maxWorkers` (and `sequence.groupOrder`).
 */
const maxWorkers = availableParallelism() + 1

/**
 * A worker keeps its modules from one file to the next: each file imported socket.io, Playwright and the server afresh,
 * 65 s of the suite's 260 s of CPU, 18 s without isolation (the files share no state: each starts its own servers and
 * browsers and stops them).
 */
const isolate = false

/**
 * Two projects: `fast` (core, server, phone, hosted: no deck build) for every change to logic, `deck` (the built deck
 * in Chromium, the PDF, Slidev's dev server, end to end). `npm test` runs both; `npm run test:fast` only the first.
 */
export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'fast',
          include: ['tests/core/**/*.test.ts', 'tests/server/**/*.test.ts', 'tests/phone/**/*.test.ts', 'tests/cluster/**/*.test.ts', 'tests/hosted/**/*.test.ts'],
          maxWorkers,
          isolate,
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
          maxWorkers,
          isolate,
          testTimeout: 60_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
})
