// Several rounds of the same load, each server once per round: what one run reports is the median of its rounds, and
// a ratio is taken within a round, between servers that ran one right after the other, before its median is taken.

export const serverNames = ['poll', 'bare', 'lean'] as const
export type ServerName = typeof serverNames[number]

/** Each server's figures, round by round. */
export type Rounds<T> = Record<ServerName, T[]>

/** `f` applied to each server's rounds. */
export function mapRounds<T, U>(rounds: Rounds<T>, f: (serverRounds: T[]) => U[]): Rounds<U> {
  return Object.fromEntries(serverNames.map(name => [name, f(rounds[name])])) as Rounds<U>
}

/** No round yet, for any server. */
export const emptyRounds = <T>(): Rounds<T> => Object.fromEntries(serverNames.map(name => [name, [] as T[]])) as Rounds<T>

/** Round `round` runs the servers in their order rotated `round` times: none always runs first, nor always after another. */
export function roundOrder(round: number): ServerName[] {
  const turn = round % serverNames.length
  return [...serverNames.slice(turn), ...serverNames.slice(0, turn)]
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** The median round, figure by figure: numbers by their median, yes/no only if every round says yes. */
export function medianOf<T>(rounds: T[]): T {
  const [first] = rounds
  if (typeof first === 'number')
    return median(rounds as number[]) as T
  if (typeof first === 'boolean')
    return rounds.every(Boolean) as T
  if (Array.isArray(first))
    return first.map((_, index) => medianOf(rounds.map(round => (round as unknown[])[index]))) as T
  if (first !== null && typeof first === 'object') {
    const keys = new Set(rounds.flatMap(round => Object.keys(round as object)))
    return Object.fromEntries([...keys].map(key => [key, medianOf(rounds.map(round => (round as Record<string, unknown>)[key] ?? 0))])) as T
  }
  return first as T
}

export interface RoundRatios {
  /** Round by round, server ÷ reference. */
  each: number[]
  median: number
}

/** `read(server) ÷ read(reference)` within each round. */
export function roundRatios<T>(servers: T[], references: T[], read: (figures: T) => number): RoundRatios {
  const each = servers.map((figures, round) => read(figures) / read(references[round]!))
  return { each, median: median(each) }
}

/** `1.21× (1.15×, 1.30×, 1.22×)`: the median, then each round in the order they ran. */
export const formatRatios = ({ each, median }: RoundRatios): string => `${median.toFixed(2)}× (${each.map(ratio => `${ratio.toFixed(2)}×`).join(', ')})`
