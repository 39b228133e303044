// A session's rules, feature by feature: a feature adds its commands, events and reducer here, not a table or a layer.
import type { PollCatalog } from '../poll-catalog'
import type { Decision } from './decision'
import type { DecisionCommand } from './decision-taken'
import type { SessionEvent } from './events'
import type { NavCommand } from './navigation'
import type { PollCommand } from './polls'
import type { QuestionCommand, QuestionEvent } from './questions'
import type { SessionInfo, SessionState } from './state'
import { applyDecision, decideDecision } from './decision-taken'
import { applyNav, decideNav } from './navigation'
import { applyPoll, decidePoll } from './polls'
import { applyQuestion, decideQuestion, questionCommandTypes, questionEventTypes } from './questions'
import { emptySession } from './state'

export type Command = PollCommand | NavCommand | QuestionCommand | DecisionCommand

function isQuestionCommand(command: Command): command is QuestionCommand {
  return (questionCommandTypes as readonly string[]).includes(command.type)
}

function isQuestionEvent(event: SessionEvent): event is QuestionEvent {
  return (questionEventTypes as readonly string[]).includes(event.type)
}

/** What a command changes, decided against the current state without touching it. Repeating a command changes nothing. */
export function decide(catalog: PollCatalog, state: SessionState, command: Command): Decision {
  if (command.type === 'move')
    return decideNav(state, command)
  if (command.type === 'record-decision')
    return decideDecision(state, command)
  return isQuestionCommand(command) ? decideQuestion(state, command) : decidePoll(catalog, state, command)
}

/** Applies one event in place; `false` when the state could not take it at this point of the log. */
export function apply(catalog: PollCatalog, state: SessionState, event: SessionEvent): boolean {
  if (event.type === 'presenter-moved')
    return applyNav(state, event)
  if (event.type === 'decision-recorded')
    return applyDecision(state, event)
  return isQuestionEvent(event) ? applyQuestion(state, event) : applyPoll(catalog, state, event)
}

/** A session rebuilt from its log. */
export function replay(catalog: PollCatalog, session: SessionInfo, events: Iterable<SessionEvent>): SessionState {
  const state = emptySession(session)
  for (const event of events)
    apply(catalog, state, event)
  return state
}
