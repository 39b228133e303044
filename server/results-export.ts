// Session results for download: aggregates only, never who voted what.
import type { PollCatalog, PollKind } from '../core/poll-definitions'
import type { PollStatus, SessionInfo, WordCount } from '../core/protocol'
import type { SessionState } from '../core/tally'
import { percentOf } from '../core/format'
import { optionsOf } from '../core/poll-definitions'
import { viewPoll } from '../core/tally'

export interface PollReport {
  id: string
  slide: number
  kind: PollKind
  question: string
  /** The poll this one asks again, for before/after pairs. */
  repeats: string | null
  status: PollStatus
  voters: number
  options: { label: string, count: number, percent: number }[]
  mean: number | null
  correct: string | null
  words: WordCount[]
}

export interface ResultsReport {
  session: SessionInfo
  polls: PollReport[]
}

export function resultsReport(catalog: PollCatalog, state: SessionState): ResultsReport {
  const polls = Object.values(catalog.polls)
    .sort((a, b) => a.slide - b.slide)
    .map((definition): PollReport => {
      const view = viewPoll(definition, state.polls.get(definition.id), 'presenter')
      const results = view.results!
      const counts = results.kind === 'words' ? [] : results.counts
      return {
        id: definition.id,
        slide: definition.slide,
        kind: definition.kind,
        question: definition.question,
        repeats: definition.repeats ?? null,
        status: view.status,
        voters: view.voters,
        options: optionsOf(definition).map((label, index) => ({ label, count: counts[index] ?? 0, percent: percentOf(counts[index] ?? 0, view.voters) })),
        mean: results.kind === 'scale' ? results.mean : null,
        correct: definition.kind === 'quiz' ? definition.options[definition.answer]! : null,
        words: results.kind === 'words' ? results.words : [],
      }
    })
  return { session: state.session, polls }
}

function csvField(value: string | number): string {
  const text = String(value)
  return /[";\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** One row per option or word; semicolons and a BOM so that a French spreadsheet opens it as is. */
export function resultsCsv(report: ResultsReport): string {
  const header = ['session', 'date', 'diapositive', 'sondage', 'question', 'réponse', 'votes', 'pourcentage', 'votants']
  const { session } = report
  const rows = report.polls.flatMap((poll) => {
    const answers = poll.kind === 'words'
      ? poll.words.map(word => ({ label: word.text, count: word.count, percent: percentOf(word.count, poll.voters) }))
      : poll.options
    return answers.map(answer => [session.name, session.startedAt, poll.slide, poll.id, poll.question, answer.label, answer.count, answer.percent, poll.voters])
  })
  return `\uFEFF${[header, ...rows].map(row => row.map(csvField).join(';')).join('\r\n')}\r\n`
}
