// The decision the committee takes at the end, as the presenter records it: one per session, the latest recording wins.
import type { Decision } from './decision'
import type { SessionState } from './state'
import { limits } from '../limits'
import { frenchTypography } from '../talk-config'
import { cleanText } from '../text'
import { accept, refuse } from './decision'

/** The decision's parts, in the order the slide lists them. */
export const decisionFields = ['firstStep', 'owner', 'resources', 'deliverable', 'checkIn', 'secondLine'] as const
export type DecisionField = typeof decisionFields[number]

export const decisionLabels: Record<DecisionField, string> = {
  firstStep: 'Premier pas',
  owner: 'Responsable',
  resources: 'Moyens',
  deliverable: 'Livrable',
  checkIn: 'Point d’étape',
  secondLine: 'Et aussi',
}

/**
 * The room's vote on the decision is a plain `single` poll on the decision slide, with this id and these options in
 * this order: the presenter opens, closes and reveals it like any other, and the small-room threshold applies to it.
 */
export const decisionVote = { pollId: 'decision-vote', options: ['Pour', 'Contre', 'Abstention'] } as const

/** An empty string: a part the presenter left out. */
export type DecisionText = Record<DecisionField, string>

export interface RecordedDecision extends DecisionText {
  /** ISO 8601, from the server's clock when it was recorded. */
  recordedAt: string
}

/** `recordedAt` comes from the edge, not from the rules: they stay pure, and the log replays the same time. */
export interface DecisionCommand { type: 'record-decision', decision: DecisionText, recordedAt: string }
export type DecisionEvent = { type: 'decision-recorded' } & RecordedDecision

/**
 * Each part as the slide shows it (cleaned like a question from the room, in the deck's typography like talk.yml's
 * values), or `null` if the decision cannot be shown.
 */
export function cleanDecision(decision: DecisionText): DecisionText | null {
  const cleaned = Object.fromEntries(decisionFields.map(field => [field, frenchTypography(cleanText(decision[field]))])) as DecisionText
  const tooLong = decisionFields.some(field => cleaned[field].length > limits.decisionFieldLength)
  return tooLong || cleaned.firstStep === '' ? null : cleaned
}

export function decideDecision(state: SessionState, command: DecisionCommand): Decision {
  const cleaned = cleanDecision(command.decision)
  if (!cleaned)
    return refuse('invalid_decision')
  // The same decision sent again (a retry after a lost acknowledgement) keeps the time it was first recorded.
  const recorded = state.decision
  if (recorded && decisionFields.every(field => recorded[field] === cleaned[field]))
    return accept()
  return accept({ type: 'decision-recorded', ...cleaned, recordedAt: command.recordedAt })
}

export function applyDecision(state: SessionState, event: DecisionEvent): boolean {
  const { type: _type, ...recorded } = event
  state.decision = recorded
  return true
}
