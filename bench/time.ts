// One clock for every process of the benchmark: CLOCK_MONOTONIC, which the phones' processes, the orchestrator and
// V8's CPU profiles all read, so timestamps taken in different processes can be compared.
import process from 'node:process'

/** Milliseconds on the machine's monotonic clock. */
export const now = (): number => Number(process.hrtime.bigint()) / 1e6

export const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))
