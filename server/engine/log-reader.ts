import type { SessionEvent } from '../../core/session/events'
import type { SessionInfo } from '../../core/session/state'
import type { EventStore, Following, LogListener, TaggedEvent } from '../store/event-store'
import type { LogOrder } from './log-order'
import type { PendingCommands } from './pending-commands'

export interface LogReader {
  /** Reads a session's log again, follows it when it is shared, and applies it from the start. */
  load: (target: SessionInfo) => Promise<void>
  /** Events of the current session, in the log's order: applied, told, and their commands answered. */
  received: (events: readonly TaggedEvent[]) => void
  stop: () => void
}

export interface ReaderParts {
  store: EventStore
  log: LogOrder
  commands: PendingCommands
  /** Events that took effect. */
  applied: (events: SessionEvent[]) => void
  /** The shared log cannot be followed (`problem`), or can again (`null`). */
  reachable: (problem: string | null) => void
  /** A session started by any server sharing the log. */
  sessionStarted: (session: SessionInfo) => void
}

/** The current session's log as the store gives it back: read whole, then followed when several servers share it. */
export function createLogReader({ store, log, commands, applied, reachable, sessionStarted }: ReaderParts): LogReader {
  let following: Following | undefined

  function received(events: readonly TaggedEvent[]): void {
    const took = log.applyInOrder(events, commands.landed)
    // The tally goes out before the acknowledgements: in a burst, thousands of those would hold it back.
    if (took.length > 0)
      applied(took)
    commands.answerReady()
  }

  function listenerFor(sessionId: number): LogListener {
    return {
      appended: (events) => {
        if (sessionId === log.session.id && following)
          received(events)
      },
      sessionStarted,
      reachable,
    }
  }

  return {
    load: async (target) => {
      following?.stop()
      following = undefined
      // A shared log gives tags back: commands of this server found in it are answered as if they had just come back.
      const events = store.follow
        ? (following = await store.follow(target.id, listenerFor(target.id))).events
        : (await store.read(target.id)).map(event => ({ event, tag: '' }))
      log.start(target)
      log.applyInOrder(events, commands.landed)
      commands.answerReady()
    },
    received,
    stop: () => following?.stop(),
  }
}
