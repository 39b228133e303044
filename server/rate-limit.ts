/** A token bucket: `burst` events at once, then `perSecond` on average. */
export interface RateLimit {
  burst: number
  perSecond: number
}

export function createRateLimiter({ burst, perSecond }: RateLimit, now: () => number = Date.now): () => boolean {
  let tokens = burst
  let last = now()
  return () => {
    const current = now()
    tokens = Math.min(burst, tokens + ((current - last) / 1000) * perSecond)
    last = current
    if (tokens < 1)
      return false
    tokens -= 1
    return true
  }
}
