// The decision the committee takes at the end, as the presenter records it: one per session, the latest recording wins.
import type { None, SessionFeature } from './feature'
import * as v from 'valibot'
import { limits } from '../limits'
import { frenchTypography } from '../talk-config'
import { cleanText } from '../text'
import { accept, message, refuse } from './feature'

/** The decision's parts, in the order the slide lists them. */
export const decisionFields = ['firstStep', 'owner', 'resources', 'deliverable', 'checkIn', 'secondLine'] as const
type DecisionField = typeof decisionFields[number]

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

/** Phones do not show the decision: the projection does. */
export interface DecisionViews {
  /** `null` until the presenter records it, when the slide shows the proposal. */
  deck: { decision: RecordedDecision | null }
  deckUpdate: { decision: RecordedDecision | null }
  phone: None
  voter: None
  phoneUpdate: None
}

/** `recordedAt` comes from the edge, not from the rules: they stay pure, and the log replays the same time. */
export interface DecisionCommand { type: 'record-decision', decision: DecisionText, recordedAt: string }
export type DecisionEvent = { type: 'decision-recorded' } & RecordedDecision

/**
 * Each part as the slide shows it (cleaned like a question from the room, in the deck's typography like talk.yml's
 * values), or `null` if the decision cannot be shown.
 */
function cleanDecision(decision: DecisionText): DecisionText | null {
  const cleaned = Object.fromEntries(decisionFields.map(field => [field, frenchTypography(cleanText(decision[field]))])) as DecisionText
  const tooLong = decisionFields.some(field => cleaned[field].length > limits.decisionFieldLength)
  return tooLong || cleaned.firstStep === '' ? null : cleaned
}

/** The decision's parts, each a string of at most `maxLength` characters (an empty one: left out). */
export function decisionEntries(maxLength: number) {
  const part = v.pipe(v.string(), v.maxLength(maxLength))
  return { firstStep: part, owner: part, resources: part, deliverable: part, checkIn: part, secondLine: part } satisfies Record<DecisionField, typeof part>
}

const messages = {
  // Raw text, as for a question: the limit applies after cleaning, in the rules. The time comes from the edge, not from
  // the rules: they stay pure, and the log replays the same time.
  'decision:record': message({
    schema: v.strictObject(decisionEntries(limits.decisionFieldLength * 2)),
    right: 'presenter',
    command: (decision, { now }): DecisionCommand => ({ type: 'record-decision', decision, recordedAt: now() }),
  }),
}

export const decisionFeature: SessionFeature<RecordedDecision | null, DecisionCommand, DecisionEvent, typeof messages> = {
  messages,
  initial: () => null,
  commandTypes: { 'record-decision': true },
  events: {
    'decision-recorded': {
      schema: v.strictObject({ type: v.literal('decision-recorded'), ...decisionEntries(limits.decisionFieldLength), recordedAt: v.pipe(v.string(), v.isoTimestamp()) }),
      version: 1,
    },
  },
  decide: (_catalog, recorded, command) => {
    const cleaned = cleanDecision(command.decision)
    if (!cleaned)
      return refuse('invalid_decision')
    // The same decision sent again (a retry after a lost acknowledgement) keeps the time it was first recorded.
    if (recorded && decisionFields.every(field => recorded[field] === cleaned[field]))
      return accept()
    return accept({ type: 'decision-recorded', ...cleaned, recordedAt: command.recordedAt })
  },
  apply: (_catalog, _recorded, { type: _type, ...recorded }) => recorded,
}
