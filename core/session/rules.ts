// A session's rules, feature by feature: a feature adds its commands, events and reducer here, not a table or a layer.
import type { PollCatalog } from '../poll-catalog'
import type { Decision } from './decision'
import type { SessionEvent } from './events'
import type { NavCommand } from './navigation'
import type { PollCommand } from './polls'
import type { SessionInfo, SessionState } from './state'
import { applyNav, decideNav } from './navigation'
import { applyPoll, decidePoll } from './polls'
import { emptySession } from './state'

export type Command = PollCommand | NavCommand

/** What a command changes, decided against the current state without touching it. Repeating a command changes nothing. */
export function decide(catalog: PollCatalog, state: SessionState, command: Command): Decision {
  return command.type === 'move' ? decideNav(state, command) : decidePoll(catalog, state, command)
}

/** Applies one event in place; `false` when the state could not take it at this point of the log. */
export function apply(catalog: PollCatalog, state: SessionState, event: SessionEvent): boolean {
  return event.type === 'presenter-moved' ? applyNav(state, event) : applyPoll(catalog, state, event)
}

/** A session rebuilt from its log. */
export function replay(catalog: PollCatalog, session: SessionInfo, events: Iterable<SessionEvent>): SessionState {
  const state = emptySession(session)
  for (const event of events)
    apply(catalog, state, event)
  return state
}
