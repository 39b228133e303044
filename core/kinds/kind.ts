// The shape of a poll kind: everything a kind declares, in one place, so that adding one is one module.
import type * as v from 'valibot'
import type { ErrorCode } from '../errors'

/** What every poll has, whatever its kind. */
export interface PollCommon {
  id: string
  question: string
  /** Number of the slide that holds the poll. */
  slide: number
  /** Blind polls hide their results from everyone but the presenter until the reveal. */
  blind: boolean
  /** The poll this one asks again, for a before/after pair. */
  repeats?: string
}

export type Definition<Kind extends string, Spec> = PollCommon & { kind: Kind } & Spec
export type PublicDefinition<Kind extends string, Spec> = Omit<PollCommon, 'slide'> & { kind: Kind } & Partial<Spec>

/** What a kind may consult to judge an answer: its running tally, and the words the presenter removed. */
export interface BallotContext<Tally> {
  tally: Tally
  banned: ReadonlySet<string>
}

/**
 * A poll kind. `Raw` is what its frontmatter parses to, `Spec` what it adds to a definition, `Answer` one voter's
 * ballot, `Tally` the running count its ballots add to and leave, `Results` its summary.
 */
/** The frontmatter fields every kind's schema parses. */
export interface RawCommon { id: string, question: string, blind?: boolean }

export interface PollKindModule<Kind extends string, Raw extends RawCommon, Spec, Answer extends { kind: Kind }, Tally, Results extends { kind: Kind }> {
  kind: Kind
  /** How the kind is named in exports. */
  name: string
  /** The frontmatter of a poll of this kind, common fields included; its messages are the author's. */
  definitionSchema: v.GenericSchema<unknown, Raw>
  /** What the kind adds to a definition; `fail` stops with a message naming what is wrong. */
  define: (raw: Raw, fail: (message: string) => never) => Spec
  blindByDefault: boolean
  /** The definition without what phones and the projected deck must not know before the reveal. */
  publicSpec: (spec: Spec) => Partial<Spec>
  answerSchema: v.GenericSchema<unknown, Answer>
  /** The answer in canonical form, or why this poll cannot take it. */
  check: (poll: Definition<Kind, Spec>, answer: Answer, context: BallotContext<Tally>) => Answer | ErrorCode
  /** Running counts, kept as ballots come and go, so a summary never walks every ballot. */
  tally: {
    empty: (poll: Definition<Kind, Spec>) => Tally
    add: (tally: Tally, answer: Answer) => void
    remove: (tally: Tally, answer: Answer) => void
  }
  summarize: (poll: Definition<Kind, Spec>, tally: Tally, context: { voters: number, banned: ReadonlySet<string> }) => Results
  resultsSchema: v.GenericSchema<unknown, Results>
  /** The line above the question on the slide. */
  kicker: (poll: PublicDefinition<Kind, Spec>) => string
  /** What the phone tells the voter to do, from what phones are told of the poll. */
  hint: (poll: PublicDefinition<Kind, Spec>) => string
}

/** Declares a kind; only here so that TypeScript infers its types from the module itself. */
export function definePollKind<Kind extends string, Raw extends RawCommon, Spec, Answer extends { kind: Kind }, Tally, Results extends { kind: Kind }>(
  module: PollKindModule<Kind, Raw, Spec, Answer, Tally, Results>,
): PollKindModule<Kind, Raw, Spec, Answer, Tally, Results> {
  return module
}
