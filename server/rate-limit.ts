/** A token bucket: `burst` events at once, then `perSecond` on average. */
export interface RateLimit {
  burst: number
  perSecond: number
}

/** Past this many keys, buckets that have refilled are dropped: memory follows the busy keys, not every key ever seen. */
const keysKept = 10_000

/** One token bucket per key (an address, say). */
export function createRateLimiters(limit: RateLimit, now: () => number = Date.now): (key: string) => boolean {
  const buckets = new Map<string, { tokens: number, last: number }>()
  const refilled = (bucket: { tokens: number, last: number }, current: number): number =>
    Math.min(limit.burst, bucket.tokens + ((current - bucket.last) / 1000) * limit.perSecond)
  /** The next sweep waits until the busy keys have doubled: more than `keysKept` of them cost one sweep, not one per call. */
  let sweepAbove = keysKept
  return (key) => {
    const current = now()
    if (buckets.size > sweepAbove) {
      for (const [other, bucket] of buckets) {
        if (refilled(bucket, current) >= limit.burst)
          buckets.delete(other)
      }
      sweepAbove = Math.max(keysKept, 2 * buckets.size)
    }
    let bucket = buckets.get(key)
    if (!bucket)
      buckets.set(key, bucket = { tokens: limit.burst, last: current })
    bucket.tokens = refilled(bucket, current)
    bucket.last = current
    if (bucket.tokens < 1)
      return false
    bucket.tokens -= 1
    return true
  }
}
