// How each poll kind's results read in the CSV and JSON exports: one entry per kind, found by the kind's name.
import type { PollDefinition, PollKindName, PollResults } from '../core/kinds/registry'
import { percentOf } from '../core/format'

export interface AnswerRow {
  label: string
  /** Votes; a ranking's Borda points. */
  count: number
  /** Share of voters, in whole percent; a ranking's share of the most points an option could get. */
  percent: number
  /** A ranking's average place (1 for first), `null` while nobody voted. */
  averageRank?: number | null
}

export interface KindExport {
  answers: AnswerRow[]
  /** The mean point of a scale. */
  mean?: number | null
}

function optionRows(poll: { options: string[] }, results: { counts: number[] }, voters: number): KindExport {
  return { answers: poll.options.map((label, index) => ({ label, count: results.counts[index] ?? 0, percent: percentOf(results.counts[index] ?? 0, voters) })) }
}

export const exportKinds: { [K in PollKindName]: (poll: PollDefinition<K>, results: PollResults<K>, voters: number) => KindExport } = {
  single: optionRows,
  multi: optionRows,
  quiz: optionRows,
  scale: (poll, results, voters) => ({ ...optionRows(poll, results, voters), mean: results.mean }),
  words: (_poll, results, voters) => ({ answers: results.words.map(word => ({ label: word.text, count: word.count, percent: percentOf(word.count, voters) })) }),
  // Best first; an option every voter put first gets (options − 1) × voters points, its 100 %.
  ranking: (poll, results, voters) => ({
    answers: results.scores.map(({ option, points, averageRank }) => ({
      label: poll.options[option]!,
      count: points,
      percent: percentOf(points, (poll.options.length - 1) * voters),
      averageRank,
    })),
  }),
}

export function exportRows<K extends PollKindName>(poll: PollDefinition<K>, results: PollResults<K>, voters: number): KindExport {
  return exportKinds[poll.kind](poll, results, voters)
}
