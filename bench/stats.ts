// Turning timestamps into the figures the benchmark reports.
import type { VoteResult } from './phone-worker'
import type { TallyUpdate } from './presenter'

/** The nearest-rank percentile; a vote never seen counts as infinitely late, so it cannot pass unnoticed. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

export const acknowledged = (votes: VoteResult[]): VoteResult[] => votes.filter(vote => vote.error === undefined)

export const ackLatencies = (votes: VoteResult[]): number[] => acknowledged(votes).map(vote => vote.ackedAt - vote.sentAt)

/** How many votes ended each way: `ok`, or why not. */
export function outcomes(votes: VoteResult[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const vote of votes)
    counts[vote.error ?? 'ok'] = (counts[vote.error ?? 'ok'] ?? 0) + 1
  return counts
}

/**
 * When the presenter saw each acknowledged vote: the n-th acknowledged is seen in the first update, not older than
 * the vote, that counts at least n voters (`votersBefore` were counted before the votes were cast).
 */
export function presenterLatencies(votes: VoteResult[], updates: TallyUpdate[], votersBefore = 0): number[] {
  const acked = acknowledged(votes).sort((a, b) => a.ackedAt - b.ackedAt)
  let first = 0
  return acked.map((vote, rank) => {
    while (first < updates.length && updates[first]!.voters < votersBefore + rank + 1)
      first++
    let seen = first
    while (seen < updates.length && updates[seen]!.at < vote.sentAt)
      seen++
    return seen < updates.length ? updates[seen]!.at - vote.sentAt : Number.POSITIVE_INFINITY
  })
}
