// The fields this round adds to the results report (voter-by-voter movement, small-room threshold, the decision as
// taken), typed once for whoever fills them and whoever prints them. Sessions recorded before them have none.
import type { PollReport, ResultsReport } from './results-export'

/** How the voters who answered both polls of a before/after pair moved; a category under the threshold is null. */
export interface Movement {
  both: number
  towardAgreement: number | null
  towardDisagreement: number | null
  unchanged: number | null
  /** Mean signed change in scale points (après − avant), scale polls only. */
  meanPoints: number | null
  withheld: boolean
}

export interface DecisionVote {
  for: number
  against: number
  abstain: number
  voters: number
  withheld: boolean
}

/** The decision as the presenter recorded it; an empty string is a line left blank. */
export interface RecordedDecision {
  firstStep: string
  owner: string
  checkIn: string
  resources: string
  deliverable: string
  secondLine: string
  /** ISO 8601 */
  recordedAt: string
  vote: DecisionVote | null
}

/** A poll as a report may give it: with or without this round's fields. */
export type ReportedPoll = PollReport & { withheld?: boolean, movement?: Movement | null }

/** A results report of any age: a session recorded before the threshold or the decision existed still prints. */
export type AnyResultsReport = Omit<ResultsReport, 'polls'> & {
  polls: ReportedPoll[]
  threshold?: number
  decision?: RecordedDecision | null
}
