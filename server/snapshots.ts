// What each kind of client receives, built from the engine's state.
import type { PollCatalog, PollDefinition } from '../core/poll-definitions'
import type { Answer, DeckRole, DeckSnapshot, PhoneSnapshot, PollResults, PollView, PublicPollDefinition } from '../core/protocol'
import type { Audience, SessionState } from '../core/tally'
import { freshPoll, summarize, viewPoll } from '../core/tally'

/** The polls as each audience sees them; a poll's ballots are summarised once, however many audiences see them. */
export function viewPollsByAudience<A extends Audience>(catalog: PollCatalog, polls: SessionState['polls'], audiences: A[], pollIds: Iterable<string> = Object.keys(catalog.polls)): Record<A, Record<string, PollView>> {
  const views = new Map<A, Record<string, PollView>>(audiences.map(audience => [audience, {}]))
  for (const id of pollIds) {
    const definition = catalog.polls[id]
    if (!definition)
      continue
    const poll = polls.get(id)
    let summary: PollResults | undefined
    const results = (): PollResults => summary ??= summarize(definition, poll ?? freshPoll())
    for (const audience of audiences)
      views.get(audience)![id] = viewPoll(definition, poll, audience, results)
  }
  return Object.fromEntries(views) as Record<A, Record<string, PollView>>
}

export function viewPolls(catalog: PollCatalog, polls: SessionState['polls'], audience: Audience, pollIds?: Iterable<string>): Record<string, PollView> {
  return viewPollsByAudience(catalog, polls, [audience], pollIds)[audience]
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
