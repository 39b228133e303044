// The wire contract between the vote server, the deck and the phone page: every event, its payload and its parser.
import type { PollDefinition } from './poll-definitions'
import * as v from 'valibot'
import { wordLimits } from './poll-definitions'

export const socketPath = '/socket.io'

export type PollStatus = 'idle' | 'open' | 'closed'

/** An option index (single, quiz, scale), several (multi), or words (word cloud). */
export type Answer = number | number[] | string[]

export interface SessionInfo {
  id: number
  name: string
  /** ISO 8601 */
  startedAt: string
}

export interface WordCount {
  text: string
  count: number
}

export type PollResults
  = | { kind: 'choices', counts: number[] }
    | { kind: 'scale', counts: number[], mean: number | null }
    | { kind: 'words', words: WordCount[] }

/** A poll's state as one viewer may see it. */
export interface PollView {
  status: PollStatus
  revealed: boolean
  voters: number
  /** `null` while a blind poll is hidden from this viewer. */
  results: PollResults | null
  /** The quiz's right option, once this viewer may know it. */
  correct: number | null
}

export type DeckRole = 'screen' | 'presenter'

export interface DeckSnapshot {
  role: DeckRole
  session: SessionInfo
  /** The poll on the presenter's current slide, which phones show first. */
  focus: string | null
  phones: number
  joinUrl: string
  polls: Record<string, PollView>
}

export interface DeckUpdate {
  polls?: Record<string, PollView>
  focus?: string | null
  phones?: number
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

/** A poll definition without what phones must not see before the reveal, nor need. */
export type PublicPollDefinition = DistributiveOmit<PollDefinition, 'answer' | 'slide' | 'repeats'>

export interface PhoneSnapshot {
  session: SessionInfo
  focus: string | null
  definitions: Record<string, PublicPollDefinition>
  /** Seen as `phone`: results only once revealed. */
  polls: Record<string, PollView>
  /** This phone's own current answers, so a reload shows them. */
  answers: Record<string, Answer>
}

export interface PhoneUpdate {
  focus?: string | null
  polls?: Record<string, PollView>
}

export const errorCodes = [
  'invalid_payload',
  'unknown_poll',
  'poll_not_open',
  'poll_closed',
  'invalid_answer',
  'word_banned',
  'wrong_poll_kind',
  'confirmation_required',
  'forbidden',
  'rate_limited',
  'storage_failed',
  'internal_error',
] as const
export type ErrorCode = typeof errorCodes[number]

/** Every refusal the UI can show, in the audience's language. */
export const errorMessages: Record<ErrorCode, string> = {
  invalid_payload: 'La demande est mal formée.',
  unknown_poll: 'Ce vote n’existe pas.',
  poll_not_open: 'Ce vote n’est pas encore ouvert.',
  poll_closed: 'Ce vote est clos.',
  invalid_answer: 'Cette réponse n’est pas valable pour ce vote.',
  word_banned: 'Ce mot a été retiré par l’animateur.',
  wrong_poll_kind: 'Cette action ne s’applique pas à ce type de vote.',
  confirmation_required: 'La remise à zéro doit être confirmée.',
  forbidden: 'Action réservée à l’animateur.',
  rate_limited: 'Trop de demandes : patientez quelques secondes.',
  storage_failed: 'Le vote n’a pas pu être enregistré. Réessayez.',
  internal_error: 'Erreur inattendue du serveur. Réessayez.',
}

export type Reply = { ok: true } | { ok: false, error: ErrorCode }
export type Ack = (reply: Reply) => void

/** Why the server refused a connection, as `connect_error` messages. */
export const handshakeErrors = {
  invalidHandshake: 'invalid_handshake',
  invalidToken: 'invalid_token',
} as const

const pollIdSchema = v.pipe(v.string(), v.maxLength(40))
const optionIndexSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(7))

const answerSchema = v.union([
  optionIndexSchema,
  v.pipe(v.array(optionIndexSchema), v.minLength(1), v.maxLength(8)),
  v.pipe(v.array(v.pipe(v.string(), v.maxLength(wordLimits.maxLength * 2))), v.minLength(1), v.maxLength(wordLimits.maxWordsPerVoter)),
])

export const payloadSchemas = {
  vote: v.strictObject({ pollId: pollIdSchema, answer: answerSchema }),
  poll: v.strictObject({ pollId: pollIdSchema }),
  reset: v.strictObject({ pollId: pollIdSchema, confirm: v.optional(v.boolean()) }),
  removeWord: v.strictObject({ pollId: pollIdSchema, word: v.pipe(v.string(), v.maxLength(wordLimits.maxLength * 2)) }),
  focus: v.strictObject({ pollId: v.nullable(pollIdSchema) }),
  newSession: v.strictObject({ name: v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(80)) }),
}

export type VotePayload = v.InferOutput<typeof payloadSchemas.vote>
export type PollPayload = v.InferOutput<typeof payloadSchemas.poll>
export type ResetPayload = v.InferOutput<typeof payloadSchemas.reset>
export type RemoveWordPayload = v.InferOutput<typeof payloadSchemas.removeWord>
export type FocusPayload = v.InferOutput<typeof payloadSchemas.focus>
export type NewSessionPayload = v.InferOutput<typeof payloadSchemas.newSession>

export const handshakeSchema = v.variant('role', [
  v.strictObject({ role: v.literal('phone'), voterId: v.pipe(v.string(), v.regex(/^[\w-]{16,64}$/)) }),
  v.strictObject({ role: v.literal('screen') }),
  v.strictObject({ role: v.literal('presenter'), token: v.pipe(v.string(), v.maxLength(256)) }),
])
export type Handshake = v.InferOutput<typeof handshakeSchema>

export interface ClientToServerEvents {
  'vote': (payload: VotePayload, ack: Ack) => void
  'poll:open': (payload: PollPayload, ack: Ack) => void
  'poll:close': (payload: PollPayload, ack: Ack) => void
  'poll:reveal': (payload: PollPayload, ack: Ack) => void
  'poll:reset': (payload: ResetPayload, ack: Ack) => void
  'word:remove': (payload: RemoveWordPayload, ack: Ack) => void
  'focus': (payload: FocusPayload, ack: Ack) => void
  'session:new': (payload: NewSessionPayload, ack: Ack) => void
  /** Asks for a fresh snapshot, e.g. when a phone wakes up and may have missed a volatile update. */
  'sync': (ack: Ack) => void
}

export interface ServerToClientEvents {
  'deck:snapshot': (snapshot: DeckSnapshot) => void
  'deck:update': (update: DeckUpdate) => void
  'phone:snapshot': (snapshot: PhoneSnapshot) => void
  'phone:update': (update: PhoneUpdate) => void
}
