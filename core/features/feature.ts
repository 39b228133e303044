// What a feature of the session declares, in one module: the messages clients send it (payload schema, the right
// they need, and the rule command each becomes), its events (schema and version), its slice of the state with its
// reducer, and the rules that decide. `registry.ts` lists the features; the compiler refuses one that misses a part.
import type * as v from 'valibot'
import type { ErrorCode } from '../errors'
import type { PollCatalog } from '../poll-catalog'

/** Who may send a message: any phone (its voter id then reaches the rule), or a deck with this right. */
export type Sender = 'phone' | 'screen' | 'presenter'

/** What the edge adds to a command: the rules stay pure, and the log replays the same voter, ids and times. */
export interface Edge {
  /** The sending phone's voter id; empty for a deck. */
  voterId: string
  newId: () => string
  /** ISO 8601, from the server's clock. */
  now: () => string
}

/**
 * A message clients send: its payload's parser, who may send it, and the rule command it becomes. Without `command`,
 * the server answers it itself, without the log (`server/features/`).
 */
export interface MessageSpec<P = never, C = never> {
  schema: v.GenericSchema<unknown, P>
  right: Sender
  command?: (payload: P, edge: Edge) => C
}

/** A message's spec, with its payload's type inferred from its schema. */
export function message<P, C = never>(spec: MessageSpec<P, C>): MessageSpec<P, C> {
  return spec
}

type Messages<C = never> = Record<string, MessageSpec<any, C>>

/** An event type as the log keeps it: bump `version` when its shape changes (server/store/stored-events.ts). */
export interface EventSpec<E> {
  schema: v.GenericSchema<unknown, E>
  version: number
}

interface Typed { type: string }

/** What a command changes, or why it is refused. An empty list of events: the command changes nothing (it repeats one). */
export type Verdict<E> = { ok: true, events: E[] } | { ok: false, error: ErrorCode }

/** A feature whose state is the log's: `S` its slice of the session's state, `C` its commands, `E` its events. */
export interface SessionFeature<S, C extends Typed, E extends Typed, M extends Messages<C> = Messages<C>> {
  messages: M
  /** Its slice when a session starts. */
  initial: () => S
  /** Every command type it decides, so that the rules route them to it. */
  commandTypes: { [T in C['type']]: true }
  events: { [T in E['type']]: EventSpec<E & { type: T }> }
  /** What a command changes, decided against the current slice without touching it. */
  decide: (catalog: PollCatalog, slice: S, command: C) => Verdict<E>
  /**
   * The slice once the event applied, or `null` when it could not take it at this point of the log. Only the engine
   * calls it; a slice may change in place (copying a poll's ballots for every vote would make a burst quadratic).
   */
  apply: (catalog: PollCatalog, slice: S, event: E) => S | null
  /**
   * Why a well-formed event read from a store could not have been decided against this catalog, in French, or `null`;
   * for a feature whose events depend on the deck.
   */
  misfit?: (catalog: PollCatalog, event: E) => string | null
}

/**
 * What a feature shows, as types: its fields in a deck's snapshot (the presenter's and a screen's alike, the values
 * differing) and update, in what every phone's snapshot shares, in one phone's own, and in the phones' updates. The
 * registry merges them into the messages' types; the server computes them (server/features/).
 */
export interface Views {
  deck: object
  deckUpdate: object
  phone: object
  voter: object
  phoneUpdate: object
}

/** A feature's part of nothing: no field. */
export type None = Record<never, never>

export function refuse(error: ErrorCode): { ok: false, error: ErrorCode } {
  return { ok: false, error }
}

export function accept<E>(...events: E[]): { ok: true, events: E[] } {
  return { ok: true, events }
}
