import type { Verdict } from '../../core/features/feature'
import type { PollCatalog } from '../../core/poll-catalog'
import type { SessionEvent } from '../../core/session/events'
import type { ReadOnlySession } from '../../core/session/read-only'
import type { Command } from '../../core/session/rules'
import type { SessionInfo } from '../../core/session/state'
import type { TaggedEvent } from '../store/event-store'
import type { Refusal } from './pending-commands'
import { apply, decide, replay } from '../../core/session/rules'
import { emptySession } from '../../core/session/state'

export interface LogOrder {
  readonly catalog: PollCatalog
  readonly session: SessionInfo
  /** Changed here only, by `applyInOrder`. */
  readonly state: ReadOnlySession
  /** Starts over from an empty session, before its log is applied. */
  start: (session: SessionInfo) => void
  /**
   * Applies events of the current session in the log's order; returns those that took effect. `landed` hears of each
   * event's command as it lands, with the reason when the state could not take it there.
   */
  applyInOrder: (events: readonly TaggedEvent[], landed: (tag: string, refusal: Refusal | null) => void) => SessionEvent[]
  decide: (command: Command) => Verdict<SessionEvent>
  /** Development: the deck's polls changed; the session is replayed against the new definitions. */
  replaceCatalog: (catalog: PollCatalog) => void
}

/** The current session's state: always its log, as far as it came back, applied in the log's order. */
export function createLogOrder(initialCatalog: PollCatalog, initialSession: SessionInfo): LogOrder {
  let catalog = initialCatalog
  let session = initialSession
  let state = emptySession(session)
  /** The current session's log as applied, to replay it against new poll definitions. */
  let durable: SessionEvent[] = []

  /** Why the log refused a command's event where it landed: the rules, asked again at that place, say so. */
  const refusal: Refusal = (command) => {
    const verdict = decide(catalog, state, command)
    if (!verdict.ok)
      return verdict
    // What the command asked for already held there (a question sent twice): it stands.
    return verdict.events.length === 0 ? { ok: true } : { ok: false, error: 'internal_error' }
  }

  return {
    get catalog() {
      return catalog
    },
    get session() {
      return session
    },
    get state() {
      return state
    },
    start: (target) => {
      session = target
      state = emptySession(target)
      durable = []
    },
    applyInOrder: (events, landed) => {
      const applied: SessionEvent[] = []
      for (const { event, tag } of events) {
        durable.push(event)
        // A refused event leaves the state as it was: the rules can be asked why, at that very place.
        const took = apply(catalog, state, event)
        if (took)
          applied.push(event)
        landed(tag, took ? null : refusal)
      }
      return applied
    },
    decide: command => decide(catalog, state, command),
    replaceCatalog: (next) => {
      catalog = next
      state = replay(catalog, session, durable)
    },
  }
}
