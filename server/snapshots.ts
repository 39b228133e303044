// What each kind of client receives, built from the engine's state.
import type { Answer } from '../core/kinds/registry'
import type { PollCatalog } from '../core/poll-catalog'
import type { DeckRole, DeckSnapshot, PhoneSnapshot, RoomBounds } from '../core/protocol'
import type { Privacy } from '../core/session/privacy'
import type { ReadOnlySession } from '../core/session/read-only'
import type { SessionEngine } from './session-engine'
import { wordsOfAnswer } from '../core/kinds/wire'
import { pollOnSlide, publicCatalog } from '../core/poll-catalog'
import { phoneQuestions } from '../core/session/questions'
import { viewPolls } from '../core/session/views'
import { wordKey } from '../core/words'

export interface Presence {
  phones: number
  addresses: number
  refused: number
  bounds: RoomBounds
}

/** The poll on the presenter's slide: phones show it first. */
export function focusOf(catalog: PollCatalog, state: ReadOnlySession): string | null {
  return state.nav ? pollOnSlide(catalog, state.nav.page) : null
}

/** `questions`: the list as last sent to this audience, which the next update's patch applies to. */
export function deckSnapshot(engine: SessionEngine, role: DeckRole, privacy: Privacy, given: Presence & Pick<DeckSnapshot, 'joinUrl' | 'questions'>): DeckSnapshot {
  const { catalog, state } = engine
  return {
    role,
    session: state.session,
    nav: state.nav,
    focus: focusOf(catalog, state),
    ...given,
    polls: viewPolls(catalog, state.polls, role, privacy),
    threshold: privacy.threshold,
    moderated: state.questions.moderated,
    health: { ...engine.health },
    decision: state.decision,
  }
}

/** What every phone's snapshot shares; built once per change of state, not once per phone. */
export type SharedPhoneSnapshot = Omit<PhoneSnapshot, 'answers' | 'removed' | 'asked' | 'upvoted'>

export function sharedPhoneSnapshot(engine: SessionEngine, privacy: Privacy): SharedPhoneSnapshot {
  const { catalog, state } = engine
  return {
    session: state.session,
    focus: focusOf(catalog, state),
    definitions: publicCatalog(catalog).polls,
    polls: viewPolls(catalog, state.polls, 'phone', privacy),
    threshold: privacy.threshold,
    // Sent when the phone opens them (`questions:follow`): the first load stays light however many there are.
    questions: [],
    moderated: state.questions.moderated,
  }
}

export function phoneSnapshot(shared: SharedPhoneSnapshot, state: ReadOnlySession, voterId: string): PhoneSnapshot {
  const answers: Record<string, Answer> = {}
  for (const [id, poll] of state.polls) {
    const answer = poll.ballots.get(voterId)
    if (answer !== undefined && shared.definitions[id])
      answers[id] = answer
  }
  return { ...shared, answers, removed: removedWords(state, voterId), ...phoneQuestions(state.questions, voterId) }
}

/** The words of one phone's answers the presenter removed, as it typed them, by poll. */
export function removedWords(state: ReadOnlySession, voterId: string): Record<string, string[]> {
  const removed: Record<string, string[]> = {}
  for (const [id, poll] of state.polls) {
    const answer = poll.ballots.get(voterId)
    const words = answer ? wordsOfAnswer(answer).filter(word => poll.banned.has(wordKey(word))) : []
    if (words.length > 0)
      removed[id] = words
  }
  return removed
}
