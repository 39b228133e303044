// A session's rules: each command goes to the feature that decides it, each event to the feature that applies it
// (core/features/registry.ts). A feature adds its commands, events and reducer in its own module, not here.
import type { Verdict } from '../features/feature'
import type { Command, FeatureName } from '../features/registry'
import type { PollCatalog } from '../poll-catalog'
import type { SessionEvent } from './events'
import type { SessionInfo, SessionState } from './state'
import { ownerOf } from '../features/registry'
import { emptySession } from './state'

export type { Command }

/** What a command changes, decided against the current state without touching it. Repeating a command changes nothing. */
export function decide(catalog: PollCatalog, state: SessionState, command: Command): Verdict<SessionEvent> {
  const { name, rules } = ownerOf('command', command.type)
  return rules.decide(catalog, state[name], command)
}

/** Applies one event (each feature's slice may change in place); `false` when the state could not take it at this point of the log. */
export function apply(catalog: PollCatalog, state: SessionState, event: SessionEvent): boolean {
  const { name, rules } = ownerOf('event', event.type)
  const slice = rules.apply(catalog, state[name], event)
  if (slice === null)
    return false
  const slices: Record<FeatureName, unknown> = state
  slices[name] = slice
  return true
}

/** A session rebuilt from its log. */
export function replay(catalog: PollCatalog, session: SessionInfo, events: Iterable<SessionEvent>): SessionState {
  const state = emptySession(session)
  for (const event of events)
    apply(catalog, state, event)
  return state
}
