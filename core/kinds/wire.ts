// What clients need of every kind, and the calls that dispatch on it: answers and results on the wire, labels.
// The phone page imports this, not the registry, so that it carries no kind's server-side rules.
import type { Answer, PollKindName, PollRegistry, PollResults, PublicPollDefinition } from './registry'
import * as v from 'valibot'
import { multiWire } from './multi'
import { quizWire } from './quiz'
import { rankingWire } from './ranking'
import { scaleWire } from './scale'
import { singleWire } from './single'
import { wordsWire } from './words'

/** One entry per kind: the compiler refuses a kind left out. */
const wires: { [K in PollKindName]: Pick<PollRegistry[K], 'answerSchema' | 'resultsSchema' | 'publicSchema' | 'kicker' | 'hint' | 'revealWhat' | 'chosenOption' | 'leadingOption' | 'agreement' | 'moderation'> } = {
  single: singleWire,
  multi: multiWire,
  scale: scaleWire,
  quiz: quizWire,
  words: wordsWire,
  ranking: rankingWire,
}

export const pollKindNames = Object.keys(wires) as PollKindName[]

/** The kind an answer or a summary says it is, if there is one such kind. */
function namedKind(value: unknown): PollKindName | undefined {
  const kind = typeof value === 'object' && value !== null ? (value as { kind?: unknown }).kind : undefined
  return typeof kind === 'string' && Object.hasOwn(wires, kind) ? kind as PollKindName : undefined
}

/**
 * Any kind's answer, checked by the schema of the kind it names only (every vote crosses this): the rules then refuse
 * an answer of another kind than its poll's, so a ballot is checked once, by its poll's own kind.
 */
export const answerSchema = v.custom<Answer>((value) => {
  const kind = namedKind(value)
  return kind !== undefined && v.is(wires[kind].answerSchema, value)
}, 'réponse mal formée')

/** Any kind's results, checked by the schema of the kind they name only. */
export const resultsSchema = v.custom<PollResults>((value) => {
  const kind = namedKind(value)
  return kind !== undefined && v.is(wires[kind].resultsSchema, value)
}, 'résultats mal formés')

/** What phones and the deck are told of any kind's poll, checked by the schema of the kind it names only. */
export const publicDefinitionSchema = v.custom<PublicPollDefinition>((value) => {
  const kind = namedKind(value)
  return kind !== undefined && v.is(wires[kind].publicSchema, value)
}, 'sondage mal formé')

/** Where a ballot's (or a summary's) kind is read: past it, the compiler knows which kind it holds. */
export function isAnswerOf<K extends PollKindName>(kind: K, answer: { kind: PollKindName }): answer is Answer<K> {
  return answer.kind === kind
}

export function isResultsOf<K extends PollKindName>(kind: K, results: { kind: PollKindName }): results is PollResults<K> {
  return results.kind === kind
}

/** The line above the question on the slide. */
export function publicKicker<K extends PollKindName>(poll: PublicPollDefinition<K>): string {
  return wires[poll.kind].kicker(poll)
}

/** What the phone tells the voter to do; the hint reads only what phones are told of the poll. */
export function publicHint<K extends PollKindName>(poll: PublicPollDefinition<K>): string {
  return wires[poll.kind].hint(poll)
}

/** What the presenter's reveal button shows: « les résultats », or the kind's own (a quiz's « la réponse »). */
export function revealWhat(kind: PollKindName): string {
  return wires[kind].revealWhat ?? 'les résultats'
}

/** The option a ballot chose, for a kind with one right answer; `null` elsewhere. */
export function chosenOption<K extends PollKindName>(answer: Answer<K>): number | null {
  const { chosenOption } = wires[answer.kind]
  return chosenOption ? chosenOption(answer) : null
}

/** Whether the kind's results rank the options. */
export function ranksOptions(kind: PollKindName): boolean {
  return wires[kind].leadingOption !== undefined
}

/** The option results rank first, for a kind that ranks them; `null` elsewhere, or with no option ranked. */
export function leadingOption<K extends PollKindName>(results: PollResults<K>): number | null {
  const { leadingOption } = wires[results.kind]
  return leadingOption ? leadingOption(results) : null
}

/** Whether the kind's points run from disagreement to agreement. */
export function isAgreementKind(kind: PollKindName): boolean {
  return wires[kind].agreement === true
}

/** Whether the presenter may remove words from the kind's answers and pause its cloud. */
export function isModerated(kind: PollKindName): boolean {
  return wires[kind].moderation !== undefined
}

/** The free words of a ballot, for a kind that takes moderation; none elsewhere. */
export function wordsOfAnswer<K extends PollKindName>(answer: Answer<K>): string[] {
  const { moderation } = wires[answer.kind]
  return moderation ? moderation.wordsOf(answer) : []
}

/** The words a cloud's results show, which the presenter may remove; none for other kinds. */
export function shownWords<K extends PollKindName>(results: PollResults<K>): { text: string, count: number }[] {
  const { moderation } = wires[results.kind]
  return moderation ? moderation.shownWords(results) : []
}

/** The answers a voter chooses from; a word cloud has none. */
export function optionsOf(poll: { kind: PollKindName, options?: string[] }): string[] {
  return poll.options ?? []
}
