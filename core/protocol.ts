// The wire contract between the vote server, the deck and the phone page: every event, its payload and its parser,
// in both directions.
import type { ErrorCode } from './errors'
import type { Answer, PublicPollDefinition } from './kinds/registry'
import type { DecisionField, RecordedDecision } from './session/decision-taken'
import type { QuestionPatch } from './session/question-list'
import type { QuestionView } from './session/questions'
import type { NavState, SessionInfo } from './session/state'
import type { PollView } from './session/views'
import * as v from 'valibot'
import { answerSchema, publicDefinitionSchema, resultsSchema } from './kinds/wire'
import { limits } from './limits'

export const socketPath = '/socket.io'

export type Reply = { ok: true } | { ok: false, error: ErrorCode }
export type Ack = (reply: Reply) => void

export type DeckRole = 'screen' | 'presenter'

/** The vote server's own state, as the presenter needs to know it. */
export interface Health {
  /** `false` since a write failed, until one succeeds: votes are being refused. */
  storing: boolean
  /** What went wrong and what to do, in one sentence. */
  problem: string | null
}

export interface DeckSnapshot {
  role: DeckRole
  session: SessionInfo
  /** The presenter's slide, which screens follow. */
  nav: NavState | null
  /** The poll on the presenter's slide, which phones show first. */
  focus: string | null
  /** Phones connected now, each counted once however many tabs it has open. */
  phones: number
  /**
   * Devices phones connected from since the server started (network addresses, and each phone of the presenter's own
   * machine): a ballot count above it is suspect.
   */
  addresses: number
  /** Phones turned away by the limit per address, and not admitted since. */
  refused: number
  bounds: RoomBounds
  joinUrl: string
  polls: Record<string, PollView>
  /** The small-room minimum: under it, the slide says the results are withheld, and why. */
  threshold: number
  /** The room's questions: all of them for the presenter, the most voted approved ones for a screen. */
  questions: QuestionView[]
  /** Questions wait for the presenter's approval. */
  moderated: boolean
  health: Health
  /** The decision as the presenter recorded it; `null` until then, when the slide shows the proposal. */
  decision: RecordedDecision | null
}

/** What the presenter may change during the talk, without a restart. */
export interface RoomBounds {
  /** Voter ids one network address may bring; 0: no limit. */
  votersPerAddress: number
  /** The audience the presenter expects; more voters than this deserve a warning. */
  expectedAudience: number | null
}

/** Questions come as a patch: only those that changed since the last update. */
export type DeckUpdate = Partial<Omit<DeckSnapshot, 'role' | 'session' | 'joinUrl' | 'questions' | 'threshold'>> & { questionPatch?: QuestionPatch }

/** Reactions sent from phones since the last count, for the projection to show briefly; never who sent them. */
export type ReactionCounts = Partial<Record<Reaction, number>>
export type Reaction = typeof limits.reactions[number]

export interface PhoneSnapshot {
  session: SessionInfo
  focus: string | null
  definitions: Record<string, PublicPollDefinition>
  /** Seen as `phone`: results only once revealed. */
  polls: Record<string, PollView>
  /** The small-room minimum: under it, results are withheld. */
  threshold: number
  /** This phone's own current answers, so a reload shows them. */
  answers: Record<string, Answer>
  /** Words of this phone's answers the presenter removed, as it typed them, by poll: they no longer count. */
  removed: Record<string, string[]>
  /**
   * The room's most voted approved questions (empty until the phone asks for them with `questions:follow`), and this
   * phone's own part: what it asked (even waiting), what it voted for.
   */
  questions: QuestionView[]
  asked: QuestionView[]
  upvoted: string[]
  moderated: boolean
}

export type PhoneUpdate = Partial<Pick<PhoneSnapshot, 'focus' | 'polls' | 'asked' | 'removed' | 'moderated'>> & { questionPatch?: QuestionPatch }

// Inbound: what clients send.
//
// A schema the phone page never uses is built in a function called once and marked pure: esbuild then drops it from the
// phone's bundle, where a top-level spread or call would otherwise keep it (about 800 of the phone's 30 KB gzipped).

// Any spelling: whatever a client names, a poll the catalog does not own (`constructor` included) is `unknown_poll`.
const pollId = v.pipe(v.string(), v.maxLength(limits.pollIdLength))
const word = v.pipe(v.string(), v.maxLength(limits.wordLength * 2))
const questionId = v.pipe(v.string(), v.maxLength(limits.questionIdLength))
/** Where the presenter can be: the bounds the deck sends and the log keeps. */
export const navEntries = {
  page: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(limits.slidesPerDeck)),
  clicks: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(limits.clicksPerSlide)),
}
const count = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000))
/** The decision's parts, each a string of at most `maxLength` characters (an empty one: left out). */
// @__NO_SIDE_EFFECTS__
export function decisionEntries(maxLength: number) {
  const part = v.pipe(v.string(), v.maxLength(maxLength))
  return { firstStep: part, owner: part, resources: part, deliverable: part, checkIn: part, secondLine: part } satisfies Record<DecisionField, typeof part>
}

export const payloadSchemas = /* @__PURE__ */ (() => ({
  'vote': v.strictObject({ pollId, answer: answerSchema, round: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))) }),
  'poll:open': v.strictObject({ pollId }),
  'poll:close': v.strictObject({ pollId }),
  'poll:reveal': v.strictObject({ pollId }),
  'poll:reset': v.strictObject({ pollId, confirm: v.optional(v.boolean()) }),
  'word:remove': v.strictObject({ pollId, word }),
  'word:restore': v.strictObject({ pollId, word }),
  'cloud:pause': v.strictObject({ pollId, paused: v.boolean() }),
  'nav': v.strictObject(navEntries),
  'session:new': v.strictObject({ name: v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(limits.sessionNameLength)) }),
  // Raw text: cleaning may shorten it, so the limit applies after cleaning, in the rules.
  'question:ask': v.strictObject({ text: v.pipe(v.string(), v.maxLength(limits.questionTextLength * 2)) }),
  'question:upvote': v.strictObject({ questionId, upvoted: v.boolean() }),
  'question:moderate': v.strictObject({ questionId, action: v.picklist(['approve', 'hide', 'answer', 'highlight', 'unhighlight']) }),
  'questions:moderation': v.strictObject({ moderated: v.boolean() }),
  'room:bounds': v.strictObject({ votersPerAddress: v.optional(count), expectedAudience: v.optional(v.nullable(count)) }),
  'questions:follow': v.strictObject({}),
  'questions:hide-sender': v.strictObject({ sender: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(limits.questionsStoredPerSession)) }),
  'react': v.strictObject({ reaction: v.picklist(limits.reactions) }),
  // Raw text, as for a question: the limit applies after cleaning, in the rules.
  'decision:record': v.strictObject(decisionEntries(limits.decisionFieldLength * 2)),
}))()
export type PayloadEvent = keyof typeof payloadSchemas
export type Payload<E extends PayloadEvent> = v.InferOutput<(typeof payloadSchemas)[E]>

/** socket.io adds these to the handshake when it tries to recover a session after a short disconnection. */
const recoveryEntries = { pid: v.optional(v.pipe(v.string(), v.maxLength(64))), offset: v.optional(v.pipe(v.string(), v.maxLength(64))) }

export const handshakeSchema = /* @__PURE__ */ (() => v.variant('role', [
  v.strictObject({ role: v.literal('phone'), voterId: v.pipe(v.string(), v.regex(limits.voterIdPattern)), ...recoveryEntries }),
  v.strictObject({ role: v.picklist(['screen', 'presenter']), ...recoveryEntries }),
]))()
export type Handshake = v.InferOutput<typeof handshakeSchema>

export type ClientToServerEvents = { [E in PayloadEvent]: (payload: Payload<E>, ack: Ack) => void } & {
  /** Asks for a fresh snapshot, e.g. when a phone wakes up and may have missed a volatile update. */
  sync: (ack: Ack) => void
}

export interface ServerToClientEvents {
  'deck:snapshot': (snapshot: DeckSnapshot) => void
  'deck:update': (update: DeckUpdate) => void
  'phone:snapshot': (snapshot: PhoneSnapshot) => void
  'phone:update': (update: PhoneUpdate) => void
  'reactions': (counts: ReactionCounts) => void
}

// Outbound: what clients check before they believe it.

const sessionSchema = v.object({ id: v.number(), name: v.string(), startedAt: v.string() })
const navSchema = v.nullable(v.object({ page: v.number(), clicks: v.number() }))
const shownCount = v.nullable(v.number())
const pollViewSchema = v.object({
  status: v.picklist(['idle', 'open', 'closed']),
  revealed: v.boolean(),
  voters: v.number(),
  results: v.nullable(resultsSchema),
  withheld: v.optional(v.literal(true)),
  movement: v.optional(v.object({ both: v.number(), towardAgreement: shownCount, towardDisagreement: shownCount, unchanged: shownCount, meanPoints: shownCount, withheld: v.boolean() })),
  correct: v.nullable(v.number()),
  paused: v.boolean(),
  round: v.number(),
  removed: v.optional(v.array(v.string())),
})
const pollViewsSchema = v.record(v.string(), pollViewSchema)
const removedSchema = v.record(v.string(), v.array(v.string()))
const questionsSchema = v.array(v.object({
  id: v.string(),
  text: v.string(),
  status: v.picklist(['pending', 'approved', 'answered', 'hidden']),
  upvotes: v.number(),
  highlighted: v.boolean(),
  seq: v.number(),
  sender: v.optional(v.number()),
}))
const questionPatchSchema = v.object({ changed: questionsSchema, removed: v.array(v.string()) })

const deckFields = /* @__PURE__ */ (() => ({
  nav: navSchema,
  focus: v.nullable(v.string()),
  phones: v.number(),
  addresses: v.number(),
  refused: v.number(),
  bounds: v.object({ votersPerAddress: v.number(), expectedAudience: v.nullable(v.number()) }),
  polls: pollViewsSchema,
  moderated: v.boolean(),
  health: v.object({ storing: v.boolean(), problem: v.nullable(v.string()) }),
  decision: v.nullable(v.object({ ...decisionEntries(limits.decisionFieldLength), recordedAt: v.string() })),
}))()

// One constant per message, so that a bundle keeps only the schemas its client listens to.
type Schema<E extends keyof ServerToClientEvents> = v.GenericSchema<unknown, Parameters<ServerToClientEvents[E]>[0]>
export const deckSnapshotSchema = /* @__PURE__ */ (() => v.object({ role: v.picklist(['screen', 'presenter']), session: sessionSchema, joinUrl: v.string(), threshold: v.number(), questions: questionsSchema, ...deckFields }))() satisfies Schema<'deck:snapshot'>
export const deckUpdateSchema = /* @__PURE__ */ (() => v.partial(v.object({ ...deckFields, questionPatch: questionPatchSchema })))() satisfies Schema<'deck:update'>
export const phoneSnapshotSchema = v.object({
  session: sessionSchema,
  focus: v.nullable(v.string()),
  definitions: v.record(v.string(), publicDefinitionSchema),
  polls: pollViewsSchema,
  threshold: v.number(),
  answers: v.record(v.string(), answerSchema),
  removed: removedSchema,
  questions: questionsSchema,
  asked: questionsSchema,
  upvoted: v.array(v.string()),
  moderated: v.boolean(),
}) satisfies Schema<'phone:snapshot'>
export const phoneUpdateSchema = v.partial(v.object({ focus: v.nullable(v.string()), polls: pollViewsSchema, questionPatch: questionPatchSchema, asked: questionsSchema, removed: removedSchema, moderated: v.boolean() })) satisfies Schema<'phone:update'>
export const reactionsSchema = v.record(v.picklist(limits.reactions), v.number()) satisfies Schema<'reactions'>
