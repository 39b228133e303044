// A monitoring probe: GET /healthz on a new connection each time, as a monitoring tool does.
import { get } from 'node:http'
import { percentile } from './stats'
import { now, sleep } from './time'

export interface HealthFigures { requests: number, failed: number, p50: number, p99: number, max: number }

/** Probes every `intervalMs` until `done()`; latencies in ms (a failure or a 5 s timeout counts as Infinity). */
export async function probeHealth(url: string, intervalMs: number, done: () => boolean): Promise<number[]> {
  const latencies: number[] = []
  while (!done()) {
    const sent = now()
    const ok = await new Promise<boolean>((resolve) => {
      const request = get(`${url}/healthz`, { agent: false, timeout: 5000 }, (response) => {
        response.resume()
        response.once('end', () => resolve(response.statusCode === 200))
      })
      request.once('timeout', () => request.destroy())
      request.once('error', () => resolve(false))
    })
    latencies.push(ok ? now() - sent : Number.POSITIVE_INFINITY)
    await sleep(intervalMs)
  }
  return latencies
}

export function healthFigures(latencies: number[]): HealthFigures {
  return {
    requests: latencies.length,
    failed: latencies.filter(latency => latency === Number.POSITIVE_INFINITY).length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
  }
}
