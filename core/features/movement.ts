// The shift voter by voter: of the voters who answered both a poll and its repeat, how many moved which way. Only
// these counts leave the server; no voter's pair of answers does.
import type { Answer, PollDefinition } from '../kinds/registry'
import { answerChange } from '../kinds/registry'
import { shownCount } from '../session/privacy'

export interface Movement {
  /** Voters who answered both polls. */
  both: number
  /** Toward agreement, toward disagreement: `null` for a kind without a direction, or when withheld. */
  towardAgreement: number | null
  towardDisagreement: number | null
  unchanged: number | null
  /** Mean signed change in points (après − avant), for a kind with a direction, once `both` reaches the threshold. */
  meanPoints: number | null
  /** A category was withheld: under the threshold, or because the others would give it away. */
  withheld: boolean
}

/**
 * Categories under the threshold are withheld; when only one is, the smallest other goes with it, or `both` minus the
 * others would give it away.
 */
function withholdSmall(counts: number[], threshold: number): (number | null)[] {
  const shown = counts.map(count => shownCount(count, threshold))
  if (shown.filter(count => count === null).length !== 1)
    return shown
  const others = shown.flatMap((count, index) => count === null ? [] : [index])
  const smallest = others.reduce((best, index) => counts[index]! < counts[best]! ? index : best)
  return shown.map((count, index) => index === smallest ? null : count)
}

export function movementOf(definition: PollDefinition, before: ReadonlyMap<string, Answer>, after: ReadonlyMap<string, Answer>, threshold: number): Movement {
  const changes: (number | null)[] = []
  let unchanged = 0
  for (const [voterId, answer] of after) {
    const earlier = before.get(voterId)
    if (earlier === undefined)
      continue
    const change = answerChange(definition, earlier, answer)
    changes.push(change)
    if (change === 0 || (change === null && JSON.stringify(earlier) === JSON.stringify(answer)))
      unchanged += 1
  }
  const both = changes.length
  if (both === 0)
    return { both, towardAgreement: null, towardDisagreement: null, unchanged: null, meanPoints: null, withheld: false }
  const directed = changes.filter(change => change !== null)
  if (directed.length < both) {
    // Without a direction, two categories: changed and unchanged.
    const [, kept] = withholdSmall([both - unchanged, unchanged], threshold)
    return { both, towardAgreement: null, towardDisagreement: null, unchanged: kept ?? null, meanPoints: null, withheld: kept === null }
  }
  const counts = [directed.filter(change => change > 0).length, directed.filter(change => change < 0).length, unchanged]
  const [towardAgreement, towardDisagreement, kept] = withholdSmall(counts, threshold)
  return {
    both,
    towardAgreement: towardAgreement ?? null,
    towardDisagreement: towardDisagreement ?? null,
    unchanged: kept ?? null,
    meanPoints: both < threshold ? null : directed.reduce((sum, change) => sum + change, 0) / both,
    withheld: [towardAgreement, towardDisagreement, kept].includes(null),
  }
}
