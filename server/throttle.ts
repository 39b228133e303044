/**
 * Runs `flush` at most once per `intervalMs`: at once when the last run is older than that, otherwise when the interval
 * is up. A lone vote shows without delay; a burst of them shows as a few updates.
 */
export function throttle(intervalMs: number, flush: () => void): { mark: () => void, cancel: () => void } {
  let timer: NodeJS.Timeout | undefined
  let lastRun = Number.NEGATIVE_INFINITY
  const run = (): void => {
    timer = undefined
    lastRun = performance.now()
    flush()
  }
  return {
    mark: () => {
      if (timer)
        return
      const wait = lastRun + intervalMs - performance.now()
      if (wait <= 0)
        run()
      else
        timer = setTimeout(run, wait)
    },
    cancel: () => clearTimeout(timer),
  }
}
