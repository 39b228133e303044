// Two servers sharing one Redis log: each applies every entry, and takes its own back as it appended them, where the
// other's are parsed and checked like any input.
import type { SessionEvent } from '../../core/session/events'
import type { EventStore, TaggedEvent } from '../../server/store/event-store'
import type { RedisServer } from '../support/redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openRedisStore } from '../../server/store/redis-store'
import { startRedis } from '../support/redis'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(() => redis.stop())

/** Follows a session's log from a store, collecting every event it is told of. */
async function follower(store: EventStore, sessionId: number): Promise<{ received: TaggedEvent[], stop: () => void }> {
  const received: TaggedEvent[] = []
  const following = await store.follow!(sessionId, { appended: events => received.push(...events), sessionStarted: () => {}, reachable: () => {} })
  return { received, stop: following.stop }
}

async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 5000)
      throw new Error('the entries never came back')
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}

describe('a log shared through Redis', () => {
  it('gives a server its own events back as it appended them, and the other server a checked copy of them', async () => {
    const [first, second] = await Promise.all([openRedisStore(redis.url), openRedisStore(redis.url)])
    const { id } = await first.createSession('Deux serveurs')
    const [onFirst, onSecond] = await Promise.all([follower(first, id), follower(second, id)])
    const moved: SessionEvent = { type: 'presenter-moved', page: 3, clicks: 1 }
    const opened: SessionEvent = { type: 'poll-opened', pollId: 'p1-avant' }
    const fromSecond: SessionEvent = { type: 'poll-closed', pollId: 'p1-avant' }
    try {
      await first.append(id, [{ event: moved, tag: 'first.1' }, { event: opened, tag: 'first.1' }])
      await second.append(id, [{ event: fromSecond, tag: 'second.1' }])
      await until(() => onFirst.received.length === 3 && onSecond.received.length === 3)

      // The log's order, for both: the first batch, then the second.
      for (const { received } of [onFirst, onSecond])
        expect(received).toEqual([{ event: moved, tag: 'first.1' }, { event: opened, tag: 'first.1' }, { event: fromSecond, tag: 'second.1' }])
      // Its own entries, the very objects it appended; another server's, read from the log.
      expect(onFirst.received[0]!.event).toBe(moved)
      expect(onFirst.received[1]!.event).toBe(opened)
      expect(onFirst.received[2]!.event).not.toBe(fromSecond)
      expect(onSecond.received[0]!.event).not.toBe(moved)
      expect(onSecond.received[2]!.event).toBe(fromSecond)
    }
    finally {
      onFirst.stop()
      onSecond.stop()
      await Promise.all([first.close(), second.close()])
    }
  })
})
