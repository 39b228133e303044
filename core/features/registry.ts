// The session's features, listed once. From this list come the state's type, the command and event unions, the rules'
// routing, the log's parsers and versions, and the table of messages clients send (payload schema and right); the
// server builds its command table, change tracking and snapshots from it (server/features/registry.ts).
import type { PollCatalog } from '../poll-catalog'
import type { DecisionViews } from './decision'
import type { EventSpec, Verdict, Views } from './feature'
import type { HealthViews } from './health'
import type { NavViews } from './navigation'
import type { PollsViews } from './poll-views'
import type { PresenceViews } from './presence'
import type { QuestionsViews } from './question-list'
import type { ReactionViews } from './reactions'
import type { SessionViews } from './sessions'
import * as v from 'valibot'
import { decisionFeature } from './decision'
import { navigationFeature } from './navigation'
import { pollsFeature } from './polls'
import { presenceMessages } from './presence'
import { questionsFeature } from './questions'
import { reactionMessages } from './reactions'
import { sessionMessages } from './sessions'

/** The features whose state is the session's log, by the name of their slice of the state. */
export const sessionFeatures = {
  nav: navigationFeature,
  polls: pollsFeature,
  questions: questionsFeature,
  decision: decisionFeature,
}

/** The features the server answers itself, outside the log: their messages only; their handlers are the server's. */
export const roomFeatures = {
  presence: presenceMessages,
  reactions: reactionMessages,
  sessions: sessionMessages,
}

/** Every feature: those of the log, those of the room, and the server's health, which has no message. */
export type AnyFeatureName = keyof typeof sessionFeatures | keyof typeof roomFeatures | 'health'
/** The compiler refuses a table that leaves a feature out. */
type PerFeature<T extends Record<AnyFeatureName, Views>> = T

/**
 * What each feature shows (core/features/feature.ts's `Views`): the messages' types below are their merge, and the
 * server's registry computes each of them.
 */
export type FeatureViews = PerFeature<{
  nav: NavViews
  polls: PollsViews
  questions: QuestionsViews
  decision: DecisionViews
  presence: PresenceViews
  reactions: ReactionViews
  sessions: SessionViews
  health: HealthViews
}>

type Features = typeof sessionFeatures
export type FeatureName = keyof Features
type Feature = Features[FeatureName]

export type Slices = { -readonly [N in FeatureName]: ReturnType<Features[N]['initial']> }
export type Command = Parameters<Feature['decide']>[2]
export type SessionEvent = Parameters<Feature['apply']>[2]
/** The events one feature applies; none for a feature outside the log. */
export type EventOf<N extends AnyFeatureName> = N extends FeatureName ? Parameters<Features[N]['apply']>[2] : never
export type EventType = SessionEvent['type']

/** `A | B` as `A & B`: every feature's table of messages as one. */
type Merged<U> = (U extends unknown ? (part: U) => void : never) extends (part: infer I) => void ? I : never

type Shown<P extends keyof Views> = Merged<FeatureViews[keyof FeatureViews][P]>
/** Every feature's fields in a deck's snapshot, in its update, in a phone's snapshot and in the phones' updates. */
export type DeckFields = Shown<'deck'>
export type DeckUpdateFields = Shown<'deckUpdate'>
export type PhoneFields = Shown<'phone'> & Shown<'voter'>
export type PhoneUpdateFields = Shown<'phoneUpdate'>

/** Every message clients send, by name: its payload's parser, the right it needs and, for a command, its rule command. */
export type MessageTable = Merged<Feature['messages'] | typeof roomFeatures[keyof typeof roomFeatures]>
export type MessageName = keyof MessageTable & string
export type Payload<M extends MessageName> = v.InferOutput<MessageTable[M]['schema']>

export const messageTable = Object.assign({}, ...Object.values(sessionFeatures).map(feature => feature.messages), ...Object.values(roomFeatures)) as MessageTable

export function initialSlices(): Slices {
  return Object.fromEntries(Object.entries(sessionFeatures).map(([name, feature]) => [name, feature.initial()])) as Slices
}

/** One feature's own view of the rules, its types widened: the routing below guarantees each one gets its own. */
interface Routed {
  decide: (catalog: PollCatalog, slice: unknown, command: Command) => Verdict<SessionEvent>
  apply: (catalog: PollCatalog, slice: unknown, event: SessionEvent) => unknown
  misfit?: (catalog: PollCatalog, event: SessionEvent) => string | null
}

interface Owner { name: FeatureName, rules: Routed }

/** Built once: a ballot's way to its feature costs a lookup. */
function owners(part: (feature: Feature) => object): Map<string, Owner> {
  return new Map(Object.entries(sessionFeatures).flatMap(([name, feature]) => {
    const owner = { name: name as FeatureName, rules: feature as Routed }
    return Object.keys(part(feature)).map(type => [type, owner])
  }))
}

const commandOwners = owners(feature => feature.commandTypes)
const eventOwners = owners(feature => feature.events)

/** The feature that decides a command, or applies an event, with its rules. */
export function ownerOf(kind: 'command' | 'event', type: string): Owner {
  const owner = (kind === 'command' ? commandOwners : eventOwners).get(type)
  if (owner === undefined)
    throw new Error(`No feature owns the ${kind} « ${type} »`)
  return owner
}

/** Every event type's schema and version. */
const eventSpecs = Object.assign({}, ...Object.values(sessionFeatures).map(feature => feature.events)) as { [T in EventType]: EventSpec<SessionEvent & { type: T }> }

/** Today's version of every event type: the one written, and the one the rules apply. */
export const currentVersions = Object.fromEntries(Object.entries(eventSpecs).map(([type, spec]) => [type, spec.version])) as Record<EventType, number>

/**
 * Any event, checked by the schema of the type it names only. Events read back from storage are checked like anything
 * else that crosses a boundary, once brought to today's shape (server/store/stored-events.ts).
 */
export const sessionEventSchema = v.custom<SessionEvent>((value) => {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined
  return typeof type === 'string' && Object.hasOwn(eventSpecs, type) && v.is(eventSpecs[type as EventType].schema, value)
}, 'évènement mal formé')
