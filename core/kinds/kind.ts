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

/** Stops the catalog with a message naming what is wrong in a poll's definition. */
export type Fail = (message: string) => never

/** What a kind may consult to judge an answer: its running tally, and the words the presenter removed. */
export interface BallotContext<Tally> {
  tally: Tally
  banned: ReadonlySet<string>
}

/** The frontmatter fields every kind's schema parses. */
export interface RawCommon { id: string, question: string, blind?: boolean }

/**
 * What every client (deck, phone) needs of a kind: how its answers and results travel, and what the slide and the
 * phone say. Kept apart from the rest so that the phone page carries only this of each kind.
 */
export interface WireKind<Kind extends string, Spec, Answer extends { kind: Kind }, Results extends { kind: Kind }> {
  answerSchema: v.GenericSchema<unknown, Answer>
  resultsSchema: v.GenericSchema<unknown, Results>
  /** What phones and the deck are told of a poll of the kind. */
  publicSchema: v.GenericSchema<unknown, NoInfer<PublicDefinition<Kind, Spec>>>
  /** The line above the question on the slide. */
  kicker: (poll: NoInfer<PublicDefinition<Kind, Spec>>) => string
  /** What the phone tells the voter to do, from what phones are told of the poll. */
  hint: (poll: NoInfer<PublicDefinition<Kind, Spec>>) => string
  /** What the presenter's reveal button shows, when it is not « les résultats ». */
  revealWhat?: string
  /** For a kind with one right answer: the option a ballot chose, which the phone compares with it once revealed. */
  chosenOption?: (answer: Answer) => number
  /** For a kind whose results rank the options: the option ranked first, if any. */
  leadingOption?: (results: Results) => number | null
  /** For a kind whose points run from disagreement to agreement: its before/after chart reads as a move toward either. */
  agreement?: boolean
  /**
   * For a kind whose answers are free words the presenter may remove (and whose cloud may be paused): a ballot's words,
   * and the words its results show. Without it, the kind takes no moderation command.
   */
  moderation?: {
    wordsOf: (answer: Answer) => string[]
    shownWords: (results: Results) => { text: string, count: number }[]
  }
}

/**
 * A poll kind. `Raw` is what its frontmatter parses to, `Spec` what it adds to a definition (inferred from `define`
 * alone: the other parts only read it, hence `NoInfer`), `Answer` one voter's ballot, `Tally` the running count its
 * ballots add to and leave, `Results` its summary.
 */
export interface PollKindModule<Kind extends string, Raw extends RawCommon, Spec, Answer extends { kind: Kind }, Tally, Results extends { kind: Kind }> extends WireKind<Kind, Spec, Answer, Results> {
  kind: Kind
  /** How the kind is named in exports. */
  name: string
  /** The frontmatter of a poll of this kind, common fields included; its messages are the author's. */
  definitionSchema: v.GenericSchema<unknown, Raw>
  /**
   * What the kind adds to a definition; `fail` stops with a message naming what is wrong. Its parameters are typed in
   * each kind: a function whose types TypeScript must guess would be read too late to tell what the kind adds.
   */
  define: (raw: NoInfer<Raw>, fail: Fail) => Spec
  blindByDefault: boolean
  /** The definition without what phones and the projected deck must not know before the reveal. */
  publicSpec: (spec: NoInfer<Spec>) => Partial<NoInfer<Spec>>
  /** The answer in canonical form, or why this poll cannot take it. */
  check: (poll: NoInfer<Definition<Kind, Spec>>, answer: Answer, context: BallotContext<Tally>) => Answer | ErrorCode
  /** Running counts, kept as ballots come and go, so a summary never walks every ballot. */
  tally: {
    empty: (poll: NoInfer<Definition<Kind, Spec>>) => Tally
    add: (tally: Tally, answer: Answer) => void
    remove: (tally: Tally, answer: Answer) => void
  }
  summarize: (poll: NoInfer<Definition<Kind, Spec>>, tally: Tally, context: { voters: number, banned: ReadonlySet<string> }) => Results
  /**
   * For a kind whose answers have a direction: how far a voter moved from one answer to the next, positive toward
   * agreement. Without it, a repeated poll counts only who changed their answer.
   */
  change?: (before: Answer, after: Answer) => number
  /** For a kind with one right answer: its option's index, kept from the room until the reveal. */
  correctOption?: (poll: NoInfer<Definition<Kind, Spec>>) => number
}

/**
 * Declares a kind; only here so that TypeScript infers its types from the module itself. Its calls are marked pure, so
 * that a bundle needing only a kind's wire part (the phone page) leaves the rest out.
 */
export function definePollKind<Kind extends string, Raw extends RawCommon, Spec, Answer extends { kind: Kind }, Tally, Results extends { kind: Kind }>(
  module: PollKindModule<Kind, Raw, Spec, Answer, Tally, Results>,
): PollKindModule<Kind, Raw, Spec, Answer, Tally, Results> {
  return module
}
