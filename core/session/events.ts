// What happened in a session, as the log stores it: the rules decide these, the reducers apply them, the store keeps them.
import type { PollCatalog } from '../poll-catalog'
import type { DecisionEvent } from './decision-taken'
import type { NavEvent } from './navigation'
import type { PollEvent } from './polls'
import type { QuestionEvent } from './questions'
import * as v from 'valibot'
import { answerSchema, isModerated } from '../kinds/wire'
import { limits } from '../limits'
import { pollDefinition } from '../poll-catalog'
import { decisionEntries, navEntries } from '../protocol'

export type SessionEvent = PollEvent | NavEvent | QuestionEvent | DecisionEvent

// Only catalog polls get events, and a catalog id follows the pattern: any other id in a log was not written by us.
const pollId = v.pipe(v.string(), v.regex(limits.pollIdPattern))
const word = v.pipe(v.string(), v.maxLength(limits.wordLength * 4))
const voterId = v.pipe(v.string(), v.regex(limits.voterIdPattern))
const questionId = v.pipe(v.string(), v.maxLength(limits.questionIdLength))

/**
 * Events read back from storage are checked like anything else that crosses a boundary, once brought to today's shape
 * (server/store/stored-events.ts).
 */
export const sessionEventSchema: v.GenericSchema<unknown, SessionEvent> = v.variant('type', [
  v.strictObject({ type: v.picklist(['poll-opened', 'poll-closed', 'poll-revealed', 'poll-reset']), pollId }),
  v.strictObject({ type: v.literal('ballot-cast'), pollId, voterId, answer: answerSchema }),
  v.strictObject({ type: v.picklist(['word-banned', 'word-restored']), pollId, word }),
  v.strictObject({ type: v.literal('cloud-paused'), pollId, paused: v.boolean() }),
  v.strictObject({ type: v.literal('presenter-moved'), ...navEntries }),
  v.strictObject({ type: v.literal('question-asked'), questionId, voterId, text: v.pipe(v.string(), v.maxLength(limits.questionTextLength)), pending: v.boolean() }),
  v.strictObject({ type: v.picklist(['question-upvoted', 'question-unvoted']), questionId, voterId }),
  v.strictObject({ type: v.picklist(['question-approved', 'question-hidden', 'question-answered']), questionId }),
  v.strictObject({ type: v.literal('question-highlighted'), questionId: v.nullable(questionId) }),
  v.strictObject({ type: v.literal('moderation-set'), moderated: v.boolean() }),
  v.strictObject({ type: v.literal('decision-recorded'), ...decisionEntries(limits.decisionFieldLength), recordedAt: v.pipe(v.string(), v.isoTimestamp()) }),
])

/**
 * Why a well-formed event could not have been decided against this catalog, in French, or `null`: the rules never
 * log a ballot of another kind than its poll's, nor a word cloud's action on another kind of poll. Events of polls the
 * deck no longer has fit: they are kept, and skipped.
 */
export function misfit(catalog: PollCatalog, event: SessionEvent): string | null {
  const definition = 'pollId' in event ? pollDefinition(catalog, event.pollId) : undefined
  if (!definition)
    return null
  if (event.type === 'ballot-cast' && event.answer.kind !== definition.kind)
    return `un vote de type « ${event.answer.kind} » pour le sondage « ${definition.id} », de type « ${definition.kind} » dans la présentation`
  if (['word-banned', 'word-restored', 'cloud-paused'].includes(event.type) && !isModerated(definition.kind))
    return `une action de nuage de mots pour le sondage « ${definition.id} », de type « ${definition.kind} » dans la présentation`
  return null
}
