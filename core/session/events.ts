// What happened in a session, as the log stores it: the rules decide these, the reducers apply them, the store keeps them.
import type { NavEvent } from './navigation'
import type { PollEvent } from './polls'
import type { QuestionEvent } from './questions'
import * as v from 'valibot'
import { answerSchema } from '../kinds/wire'
import { limits } from '../limits'

/** Bumped when an event's shape changes; stored with each event so an older log can still be read. */
export const eventSchemaVersion = 1

export type SessionEvent = PollEvent | NavEvent | QuestionEvent

const pollId = v.pipe(v.string(), v.maxLength(limits.pollIdLength))
const word = v.pipe(v.string(), v.maxLength(limits.wordLength * 4))
const count = v.pipe(v.number(), v.integer(), v.minValue(0))
const voterId = v.pipe(v.string(), v.regex(limits.voterIdPattern))
const questionId = v.pipe(v.string(), v.maxLength(limits.questionIdLength))

/** Events read back from storage are checked like anything else that crosses a boundary. */
export const sessionEventSchema: v.GenericSchema<unknown, SessionEvent> = v.variant('type', [
  v.strictObject({ type: v.picklist(['poll-opened', 'poll-closed', 'poll-revealed', 'poll-reset']), pollId }),
  v.strictObject({ type: v.literal('ballot-cast'), pollId, voterId, answer: answerSchema }),
  v.strictObject({ type: v.picklist(['word-banned', 'word-restored']), pollId, word }),
  v.strictObject({ type: v.literal('cloud-paused'), pollId, paused: v.boolean() }),
  v.strictObject({ type: v.literal('presenter-moved'), page: count, clicks: count }),
  v.strictObject({ type: v.literal('question-asked'), questionId, voterId, text: v.pipe(v.string(), v.maxLength(limits.questionTextLength)), pending: v.boolean() }),
  v.strictObject({ type: v.picklist(['question-upvoted', 'question-unvoted']), questionId, voterId }),
  v.strictObject({ type: v.picklist(['question-approved', 'question-hidden', 'question-answered']), questionId }),
  v.strictObject({ type: v.literal('question-highlighted'), questionId: v.nullable(questionId) }),
  v.strictObject({ type: v.literal('moderation-set'), moderated: v.boolean() }),
])
