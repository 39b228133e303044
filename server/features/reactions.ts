// Reactions from phones, counted in memory between two sends and then forgotten: the projection shows a burst of them,
// nothing records who sent what.
import type { Reaction, ReactionCounts, ReactionViews } from '../../core/features/reactions'
import type { FeatureServer, Handler, ServerContext } from './feature'
import { limits } from '../../core/limits'
import { createRateLimiters } from '../rate-limit'
import { rooms } from '../rooms'
import { noEvents, nothingForPhones } from './feature'

/** How often the projection gets the reactions of the moment. */
const reactionIntervalMs = 500

function createReactionCounter(intervalMs: number, send: (counts: ReactionCounts) => void): { add: (reaction: Reaction) => void, close: () => void } {
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

/** Reactions show in no snapshot: their part is the `react` message and the counter behind it. */
export function reactionsServer({ io }: ServerContext): FeatureServer<ReactionViews> & { react: Handler<'react'> } {
  // Not `io.local`: reactions are in no log, and the screens of every server show them.
  const counter = createReactionCounter(reactionIntervalMs, counts => io.to([rooms.screens, rooms.presenters]).volatile.emit('reactions', counts))
  const limiter = createRateLimiters(limits.reactionsPerVoter)
  return {
    ...nothingForPhones,
    ...noEvents,
    deck: () => ({}),
    deckUpdate: () => ({}),
    react: ({ reaction }, socket) => {
      // Only phones reach it: `right: 'phone'` is checked first.
      if (socket.data.role !== 'phone' || !limiter(socket.data.voterId))
        return { ok: false, error: 'rate_limited' }
      counter.add(reaction)
      return { ok: true }
    },
    close: counter.close,
  }
}
