// What happened in a session, as the log stores it: the rules decide these, the reducers apply them, the store keeps them.
import type { Answer } from '../kinds/registry'
import * as v from 'valibot'
import { answerSchema } from '../kinds/registry'
import { limits } from '../limits'

/** Bumped when an event's shape changes; stored with each event so an older log can still be read. */
export const eventSchemaVersion = 1

export type PollEvent
  = | { type: 'poll-opened' | 'poll-closed' | 'poll-revealed' | 'poll-reset', pollId: string }
    | { type: 'ballot-cast', pollId: string, voterId: string, answer: Answer }
    | { type: 'word-banned' | 'word-restored', pollId: string, word: string }
    | { type: 'cloud-paused', pollId: string, paused: boolean }

export interface NavEvent { type: 'presenter-moved', page: number, clicks: number }

export type SessionEvent = PollEvent | NavEvent

const pollId = v.pipe(v.string(), v.maxLength(limits.pollIdLength))
const word = v.pipe(v.string(), v.maxLength(limits.wordLength * 4))
const count = v.pipe(v.number(), v.integer(), v.minValue(0))

/** Events read back from storage are checked like anything else that crosses a boundary. */
export const sessionEventSchema: v.GenericSchema<unknown, SessionEvent> = v.variant('type', [
  v.strictObject({ type: v.picklist(['poll-opened', 'poll-closed', 'poll-revealed', 'poll-reset']), pollId }),
  v.strictObject({ type: v.literal('ballot-cast'), pollId, voterId: v.pipe(v.string(), v.regex(limits.voterIdPattern)), answer: answerSchema }),
  v.strictObject({ type: v.picklist(['word-banned', 'word-restored']), pollId, word }),
  v.strictObject({ type: v.literal('cloud-paused'), pollId, paused: v.boolean() }),
  v.strictObject({ type: v.literal('presenter-moved'), page: count, clicks: count }),
])
