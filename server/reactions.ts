import type { Reaction, ReactionCounts } from '../core/protocol'

/**
 * Reactions from phones, counted in memory between two sends and then forgotten: the projection shows a burst of them,
 * nothing records who sent what.
 */
export function createReactionCounter(intervalMs: number, send: (counts: ReactionCounts) => void): { add: (reaction: Reaction) => void, close: () => void } {
  let counts: ReactionCounts = {}
  let timer: NodeJS.Timeout | undefined
  return {
    add: (reaction) => {
      counts[reaction] = (counts[reaction] ?? 0) + 1
      timer ??= setTimeout(() => {
        timer = undefined
        const sent = counts
        counts = {}
        send(sent)
      }, intervalMs)
    },
    close: () => clearTimeout(timer),
  }
}
