// Session results for download: aggregates only, never who voted what.
import type { RecordedDecision } from '../core/features/decision'
import type { Movement } from '../core/features/movement'
import type { QuestionStatus } from '../core/features/question-status'
import type { PollDefinition, PollKindName } from '../core/kinds/registry'
import type { PollCatalog } from '../core/poll-catalog'
import type { Privacy } from '../core/session/privacy'
import type { ReadOnlySession } from '../core/session/read-only'
import type { SessionInfo } from '../core/session/state'
import type { AnswerRow } from './export-kinds'
import { decisionFields, decisionLabels, decisionVote } from '../core/features/decision'
import { viewPolls } from '../core/features/poll-views'
import { viewQuestions } from '../core/features/question-list'
import { correctOption } from '../core/kinds/registry'
import { optionsOf } from '../core/kinds/wire'
import { exportRows } from './export-kinds'

/** `not-held`: never opened (or reset since); `open`: still open when exported, so its figures may still have moved. */
export type ReportStatus = 'not-held' | 'open' | 'closed'

export interface PollReport {
  id: string
  slide: number
  kind: PollKindName
  question: string
  /** The poll this one asks again, for before/after pairs. */
  repeats: string | null
  status: ReportStatus
  voters: number
  /** Fewer voters than the threshold: no answers, no mean, only `voters`. */
  withheld: boolean
  answers: AnswerRow[]
  mean: number | null
  correct: string | null
  /** Of an « après » poll (one with `repeats`), who moved since the « avant »; `null` elsewhere. */
  movement: Movement | null
}

export interface QuestionReport {
  text: string
  status: QuestionStatus
  upvotes: number
}

/** The room's vote on the decision; every count 0 when the threshold withheld it. */
export interface DecisionVoteReport {
  for: number
  against: number
  abstain: number
  voters: number
  withheld: boolean
}

export interface DecisionReport extends RecordedDecision {
  /** `null` when the room was not asked (the decision slide's poll never opened, or the deck has none). */
  vote: DecisionVoteReport | null
}

export interface ResultsReport {
  session: SessionInfo
  /** The small-room minimum the figures were withheld under. */
  threshold: number
  polls: PollReport[]
  /** The room's questions, every one with its status (the presenter decides what to do with hidden ones). */
  questions: QuestionReport[]
  /** The decision as the presenter recorded it, `null` if never recorded. */
  decision: DecisionReport | null
}

const statusOf = { idle: 'not-held', open: 'open', closed: 'closed' } as const

export function resultsReport(catalog: PollCatalog, state: ReadOnlySession, privacy: Privacy): ResultsReport {
  const views = viewPolls(catalog, state.polls, 'record', privacy)
  const polls = Object.values(catalog.polls)
    .sort((a, b) => a.slide - b.slide)
    .map((definition): PollReport => {
      const view = views[definition.id]!
      const { answers, mean = null } = view.results ? exportRows(definition, view.results, view.voters) : { answers: [] }
      return {
        id: definition.id,
        slide: definition.slide,
        kind: definition.kind,
        question: definition.question,
        repeats: definition.repeats ?? null,
        status: statusOf[view.status],
        voters: view.voters,
        withheld: view.withheld === true,
        answers,
        mean,
        correct: correctLabel(definition),
        movement: view.movement ?? null,
      }
    })
  const questions = viewQuestions(state.questions, 'presenter').map(({ text, status, upvotes }) => ({ text, status, upvotes }))
  const decision = state.decision && { ...state.decision, vote: decisionVoteReport(polls) }
  return { session: state.session, threshold: privacy.threshold, polls, questions, decision }
}

/** The right option's text, for a kind that has one. */
function correctLabel(definition: PollDefinition): string | null {
  const index = correctOption(definition)
  return index === null ? null : optionsOf(definition)[index]!
}

/** The decision poll's counts, by its options' order; a poll withheld by the threshold has no answers to count. */
function decisionVoteReport(polls: PollReport[]): DecisionVoteReport | null {
  const poll = polls.find(candidate => candidate.id === decisionVote.pollId)
  if (!poll || poll.status === 'not-held')
    return null
  const [yes = 0, no = 0, abstain = 0] = decisionVote.options.map(label => poll.answers.find(answer => answer.label === label)?.count)
  return { for: yes, against: no, abstain, voters: poll.voters, withheld: poll.withheld }
}

const statusLabels: Record<ReportStatus, string> = { 'not-held': 'non tenu', 'open': 'encore ouvert lors de l’export', 'closed': 'clos' }
export const questionStatusLabels: Record<QuestionStatus, string> = { pending: 'en attente', approved: 'affichée', answered: 'répondue', hidden: 'masquée' }

/** A cell: text, a number, or a decimal written the French way (`-0,38`), which stays a number. */
type Cell = string | number | { decimal: string }

/**
 * A cell as text a spreadsheet shows and never runs: a leading `=`, `+`, `-`, `@`, tab or return would start a formula,
 * so such text gets an apostrophe first, which spreadsheets hide. Numbers stay numbers.
 */
function csvField(value: Cell): string {
  const text = typeof value === 'number' ? String(value) : typeof value === 'object' ? value.decimal : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[";\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** A mean or an average rank as a French spreadsheet reads it: two decimals at most, a decimal comma (`1,33`, `-0,38`). */
function decimal(value: number | null | undefined): Cell {
  return value === null || value === undefined ? '' : { decimal: String(Math.sign(value) * Math.round(Math.abs(value) * 100) / 100).replace('.', ',') }
}

const csvHeader = ['session', 'date', 'diapositive', 'sondage', 'question', 'statut', 'réponse', 'votes', 'pourcentage', 'votants', 'type', 'moyenne', 'rang moyen', 'bonne réponse', 'reprend', 'résultats masqués', 'votants des deux votes', 'vers l’accord', 'vers le désaccord', 'inchangés', 'écart moyen (points)']

/** The movement's cells: a category withheld reads « masqué », one its kind does not have stays empty. */
function movementCells(movement: Movement | null): Cell[] {
  if (!movement)
    return ['', '', '', '', '']
  const category = (count: number | null): Cell => count ?? (movement.withheld ? 'masqué' : '')
  return [movement.both, category(movement.towardAgreement), category(movement.towardDisagreement), category(movement.unchanged), decimal(movement.meanPoints)]
}

/**
 * One row per answer or word, then one per question from the room; semicolons and a BOM so that a French spreadsheet
 * opens it as is. It carries what the JSON does; new columns go at the end, so that scripts reading them by position
 * keep working.
 */
export function resultsCsv(report: ResultsReport): string {
  const { session } = report
  const withheld = `moins de ${report.threshold} votants`
  const rows = report.polls.flatMap((poll) => {
    const start = [session.name, session.startedAt, poll.slide, poll.id, poll.question, statusLabels[poll.status]]
    const end = (averageRank?: number | null): Cell[] =>
      [poll.voters, poll.kind, decimal(poll.mean), decimal(averageRank), poll.correct ?? '', poll.repeats ?? '', poll.withheld ? withheld : '', ...movementCells(poll.movement)]
    if (poll.status === 'not-held' || poll.answers.length === 0)
      return [[...start, '', '', '', ...end()]]
    return poll.answers.map(answer => [...start, answer.label, answer.count, answer.percent, ...end(answer.averageRank)])
  })
  // The room's questions follow the polls, one row each, with their votes.
  const questionRows = report.questions.map(question =>
    [session.name, session.startedAt, '', 'questions', question.text, questionStatusLabels[question.status], '', question.upvotes])
  // The decision comes last, one row per part, then when it was recorded.
  const { decision } = report
  const decisionRows = decision
    ? [...decisionFields.map(field => [decisionLabels[field], decision[field]]), ['Enregistrée le', decision.recordedAt]]
        .map(([label, text]) => [session.name, session.startedAt, '', 'décision', label!, '', text!])
    : []
  return `\uFEFF${[csvHeader, ...rows, ...questionRows, ...decisionRows].map(row => filled(row).map(csvField).join(';')).join('\r\n')}\r\n`
}

/** A row as wide as the header, so that every line has the same number of cells. */
function filled(row: Cell[]): Cell[] {
  return [...row, ...Array.from({ length: csvHeader.length - row.length }, () => '')]
}
