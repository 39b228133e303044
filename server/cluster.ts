// Several servers behind one address: socket.io's Redis adapter carries what is not in the log (reactions, and how many
// phones each server holds). The votes themselves go through the shared log, which every server applies on its own.
import type { Presence } from '../core/features/presence'
import type { PollServer, PresenceReport } from './socket-types'
import { randomBytes } from 'node:crypto'
import { createAdapter } from '@socket.io/redis-adapter'
import { Redis } from 'ioredis'

export interface SharedPresence {
  /** This server's phones and the others'. */
  total: () => Presence
  /** To call when this server's own count changed. */
  localChanged: () => void
  close: () => void
}

export interface Cluster {
  adapter: ReturnType<typeof createAdapter>
  sharePresence: (io: PollServer, local: () => Presence, othersChanged: () => void) => SharedPresence
  close: () => Promise<void>
}

/** Each server repeats its count this often; a count not repeated for three periods is a server gone. */
const presencePeriodMs = 2000
/** A connection storm sends one report per this interval, not one per phone. */
const presenceThrottleMs = 250

export async function joinCluster(redisUrl: string): Promise<Cluster> {
  const server = randomBytes(6).toString('base64url')
  const publisher = new Redis(redisUrl, { lazyConnect: true })
  const subscriber = publisher.duplicate()
  // Lost connections come back by themselves; the log's own follower tells the presenter meanwhile.
  publisher.on('error', () => {})
  subscriber.on('error', () => {})
  await Promise.all([publisher.connect(), subscriber.connect()])

  return {
    adapter: createAdapter(publisher, subscriber),
    sharePresence: (io, local, othersChanged) => {
      const others = new Map<string, PresenceReport & { at: number }>()
      const report = (): boolean => io.serverSideEmit('presence', { server, ...local() })
      let throttled: NodeJS.Timeout | undefined
      const heartbeat = setInterval(() => {
        report()
        const deadline = Date.now() - 3 * presencePeriodMs
        const gone = [...others].filter(([, seen]) => seen.at < deadline)
        gone.forEach(([id]) => others.delete(id))
        if (gone.length > 0)
          othersChanged()
      }, presencePeriodMs)
      io.on('presence', (received) => {
        others.set(received.server, { ...received, at: Date.now() })
        othersChanged()
      })
      return {
        total: () => {
          const own = local()
          return [...others.values()].reduce((sum, seen) => ({ ...sum, phones: sum.phones + seen.phones, addresses: sum.addresses + seen.addresses, refused: sum.refused + seen.refused }), own)
        },
        localChanged: () => {
          throttled ??= setTimeout(() => {
            throttled = undefined
            report()
          }, presenceThrottleMs)
        },
        close: () => {
          clearInterval(heartbeat)
          clearTimeout(throttled)
        },
      }
    },
    close: async () => {
      await Promise.all([publisher.quit(), subscriber.quit()]).catch(() => undefined)
    },
  }
}
