// A voting session's state: plain data, split per feature, that the rules below decide on and apply events to.

import type { Answer, PollTally } from '../kinds/registry'
import type { PollCatalog } from '../poll-catalog'
import type { RecordedDecision } from './decision-taken'
import type { QuestionsState } from './questions'
import { emptyTally } from '../kinds/registry'
import { pollDefinition } from '../poll-catalog'
import { emptyQuestions } from './questions'

export interface SessionInfo {
  id: number
  name: string
  /** ISO 8601 */
  startedAt: string
}

export type PollStatus = 'idle' | 'open' | 'closed'

export interface PollState {
  status: PollStatus
  revealed: boolean
  /** Current answer of each voter. */
  ballots: Map<string, Answer>
  tally: PollTally
  /** Keys (see `wordKey`) of words the presenter removed. */
  banned: Set<string>
  /** While a cloud is paused, the room keeps seeing the ballots as they were at the pause. */
  frozen: { ballots: Map<string, Answer>, tally: PollTally } | null
  /** Bumped by every change, so that a summary is computed once per change. */
  version: number
  /** How many times the poll was opened: an answer given in an earlier round (before a reset or a reopening) is stale. */
  round: number
}

/** Where the presenter is: the screens follow it, and phones show the poll of that slide. */
export interface NavState {
  page: number
  clicks: number
}

export interface SessionState {
  session: SessionInfo
  nav: NavState | null
  polls: Map<string, PollState>
  questions: QuestionsState
  /** The decision as the presenter last recorded it. */
  decision: RecordedDecision | null
}

export function emptySession(session: SessionInfo): SessionState {
  return { session, nav: null, polls: new Map(), questions: emptyQuestions(), decision: null }
}

export function freshPoll(catalog: PollCatalog, pollId: string): PollState | undefined {
  const definition = pollDefinition(catalog, pollId)
  return definition && { status: 'idle', revealed: false, ballots: new Map(), tally: emptyTally(definition), banned: new Set(), frozen: null, version: 0, round: 0 }
}
