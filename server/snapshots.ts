// What each kind of client receives, built from the engine's state.
import type { PollCatalog, PollDefinition } from '../core/poll-definitions'
import type { Answer, DeckRole, DeckSnapshot, PhoneSnapshot, PollView, PublicPollDefinition } from '../core/protocol'
import type { Audience, SessionState } from '../core/tally'
import { viewPoll } from '../core/tally'

export function viewPolls(catalog: PollCatalog, polls: SessionState['polls'], audience: Audience, pollIds: Iterable<string> = Object.keys(catalog.polls)): Record<string, PollView> {
  const views: Record<string, PollView> = {}
  for (const id of pollIds) {
    const definition = catalog.polls[id]
    if (definition)
      views[id] = viewPoll(definition, polls.get(id), audience)
  }
  return views
}

export function deckSnapshot(catalog: PollCatalog, state: SessionState, role: DeckRole, phones: number, joinUrl: string): DeckSnapshot {
  return { role, session: state.session, focus: state.focus, phones, joinUrl, polls: viewPolls(catalog, state.polls, role) }
}

function publicDefinition({ answer: _answer, slide: _slide, repeats: _repeats, ...definition }: PollDefinition & { answer?: number }): PublicPollDefinition {
  return definition
}

export function publicDefinitions(catalog: PollCatalog): Record<string, PublicPollDefinition> {
  return Object.fromEntries(Object.entries(catalog.polls).map(([id, definition]) => [id, publicDefinition(definition)]))
}

export function phoneSnapshot(catalog: PollCatalog, state: SessionState, voterId: string, definitions: Record<string, PublicPollDefinition>): PhoneSnapshot {
  const answers: Record<string, Answer> = {}
  for (const [id, poll] of state.polls) {
    const answer = poll.ballots.get(voterId)
    if (answer !== undefined && catalog.polls[id])
      answers[id] = answer
  }
  return { session: state.session, focus: state.focus, definitions, polls: viewPolls(catalog, state.polls, 'phone'), answers }
}
