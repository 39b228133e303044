// Every poll kind, and the types and calls that dispatch on a poll's kind. Adding a kind: its module, one line below.
import type { ErrorCode } from '../errors'
import type { BallotContext, Definition, PollCommon, PollKindModule } from './kind'
import { multi } from './multi'
import { quiz } from './quiz'
import { ranking } from './ranking'
import { scale } from './scale'
import { single } from './single'
import { isAnswerOf } from './wire'
import { words } from './words'

const modules = { single, multi, scale, quiz, words, ranking }

export type PollKindName = keyof typeof modules
type ModuleOf<K extends PollKindName> = (typeof modules)[K]
type Parts<K extends PollKindName> = ModuleOf<K> extends PollKindModule<K, infer Raw, infer Spec, infer Answer extends { kind: K }, infer Tally, infer Results extends { kind: K }>
  ? { raw: Raw, spec: Spec, answer: Answer, tally: Tally, results: Results }
  : never

export type SpecOf<K extends PollKindName> = Parts<K>['spec']
export type AnswerOf<K extends PollKindName> = Parts<K>['answer']
export type TallyOf<K extends PollKindName> = Parts<K>['tally']
export type ResultsOf<K extends PollKindName> = Parts<K>['results']
export type DefinitionOf<K extends PollKindName> = Definition<K, SpecOf<K>>

/** The registry as a type map: the compiler refuses a kind whose module misses a part, or names another kind. */
export type PollRegistry = { [K in PollKindName]: PollKindModule<K, Parts<K>['raw'], SpecOf<K>, AnswerOf<K>, TallyOf<K>, ResultsOf<K>> }
export const pollKinds: PollRegistry = modules

/** A poll of one kind, or of any; written as an indexed map so that the calls below type-check for every kind at once. */
export type PollDefinition<K extends PollKindName = PollKindName> = { [P in K]: DefinitionOf<P> }[K]
export type Answer<K extends PollKindName = PollKindName> = { [P in K]: AnswerOf<P> }[K]
export type PollResults<K extends PollKindName = PollKindName> = { [P in K]: ResultsOf<P> }[K]
export type PollTally<K extends PollKindName = PollKindName> = { [P in K]: TallyOf<P> }[K]
/** A definition as phones and the projected deck get it: no quiz answer, no slide number they do not need. */
export type PublicDefinitionOf<K extends PollKindName> = Omit<PollCommon, 'slide'> & { kind: K } & Partial<SpecOf<K>>
export type PublicPollDefinition<K extends PollKindName = PollKindName> = { [P in K]: PublicDefinitionOf<P> }[K]

export function isPollKind(kind: unknown): kind is PollKindName {
  return typeof kind === 'string' && Object.hasOwn(pollKinds, kind)
}

/** The answer in canonical form, or why this poll cannot take it. */
export function checkAnswer<K extends PollKindName>(poll: PollDefinition<K>, answer: Answer, context: BallotContext<PollTally<K>>): Answer<K> | ErrorCode {
  if (!isAnswerOf(poll.kind, answer))
    return 'wrong_poll_kind'
  return pollKinds[poll.kind].check(poll, answer, context)
}

export function emptyTally<K extends PollKindName>(poll: PollDefinition<K>): PollTally<K> {
  return pollKinds[poll.kind].tally.empty(poll)
}

/** Adds a ballot to a tally, or takes it back out; a ballot of another kind (never checked) is ignored. */
export function countBallot<K extends PollKindName>(poll: PollDefinition<K>, tally: PollTally<K>, answer: Answer, direction: 'add' | 'remove'): void {
  if (isAnswerOf(poll.kind, answer))
    pollKinds[poll.kind].tally[direction](tally, answer)
}

export function summarizeTally<K extends PollKindName>(poll: PollDefinition<K>, tally: PollTally<K>, context: { voters: number, banned: ReadonlySet<string> }): PollResults<K> {
  return pollKinds[poll.kind].summarize(poll, tally, context)
}

/** A voter's move from one answer to the next: signed for a kind with a direction (positive toward agreement), else `null`. */
export function answerChange<K extends PollKindName>(poll: PollDefinition<K>, before: Answer, after: Answer): number | null {
  const { change } = pollKinds[poll.kind]
  return change && isAnswerOf(poll.kind, before) && isAnswerOf(poll.kind, after) ? change(before, after) : null
}

/** The index of the poll's right option, for a kind that has one; `null` elsewhere. */
export function correctOption<K extends PollKindName>(poll: PollDefinition<K>): number | null {
  const { correctOption } = pollKinds[poll.kind]
  return correctOption ? correctOption(poll) : null
}

export function publicDefinition<K extends PollKindName>(poll: PollDefinition<K>): PublicPollDefinition<K> {
  const { id, question, blind, repeats, kind } = poll
  return { id, question, blind, kind, ...(repeats && { repeats }), ...pollKinds[kind].publicSpec(poll) }
}
