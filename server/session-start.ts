// Which session `npm start` records into: a rehearsal left from another day never reaches the room by itself.
import type { ReadOnlySession } from '../core/session/read-only'
import type { SessionInfo } from '../core/session/state'
import type { SessionEngine } from './session-engine'
import type { EventStore } from './store/event-store'
import { formatCount, formatDate } from '../core/format'
import { defaultSessionName } from './session-engine'

/**
 * `SESSION`: `auto` continues the latest session on the day it was last used (a restart mid-talk), and starts a new
 * one on another day if it holds anything; `new` always starts one; `resume` always continues the latest.
 */
export const sessionChoices = ['auto', 'new', 'resume'] as const
export type SessionChoice = typeof sessionChoices[number]

/** What the room could be shown of a session: one without ballots or questions has nothing to leak. */
function contents(state: ReadOnlySession): string | undefined {
  const ballots = [...state.polls.values()].reduce((sum, poll) => sum + poll.ballots.size, 0)
  const questions = state.questions.items.size
  return ballots + questions === 0 ? undefined : `${formatCount(ballots, 'bulletin', 'bulletins')}, ${formatCount(questions, 'question', 'questions')}`
}

const sameDay = (a: Date, b: Date): boolean => a.toDateString() === b.toDateString()

/** Whether to start a new session rather than continue `latest`, last used at `lastUsed`. */
export function startsAfresh(choice: SessionChoice, holdsVotes: boolean, lastUsed: Date | undefined, now: Date): boolean {
  if (choice !== 'auto')
    return choice === 'new'
  return holdsVotes && lastUsed !== undefined && !sameDay(lastUsed, now)
}

const named = (session: SessionInfo): string => `n° ${session.id}, « ${session.name} »`

/**
 * Starts a new session when `choice` says so; returns the banner's line about the session, or nothing for a session
 * that holds nothing yet. A store that does not know when a session was last used (Redis, shared by several servers)
 * is continued unless told otherwise: one server starting late must not move the others to a new session.
 */
export async function chooseSession(engine: SessionEngine, store: EventStore, choice: SessionChoice, now = new Date()): Promise<string | undefined> {
  const earlier = engine.state.session
  const held = contents(engine.state)
  // Only the latest session is ever written to: when the store was last written, it was.
  const lastUsed = store.lastWritten
  if (startsAfresh(choice, held !== undefined, lastUsed, now)) {
    const started = await engine.startSession(defaultSessionName(now))
    const when = lastUsed ? `, utilisée le ${formatDate(lastUsed.toISOString())}` : ''
    return `Nouvelle session ${named(started)}. La précédente (${named(earlier)}${when}) reste enregistrée : npm run export -- --session ${earlier.id} en fait le PDF.`
  }
  return held && `Session reprise : ${named(earlier)} (${held}). Pour repartir de zéro : « Nouvelle session » dans la vue animateur, ou relancez avec SESSION=new.`
}
