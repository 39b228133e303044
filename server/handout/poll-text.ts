// The compte rendu's figures in French words: shares, means, the voter-by-voter movement, what was withheld or not held.
import type { Movement } from '../../core/session/movement'
import type { PollReport } from '../results-export'
import { formatCount, formatMean, formatPercent, formatPoints, percentOf, withheldNotice } from '../../core/format'
import { agreeingPercent } from '../../core/kinds/scale'

/** A poll whose figures may be printed: held, and not withheld for too few voters. */
export function hasFigures(poll: PollReport | undefined): poll is PollReport & { status: 'open' | 'closed' } {
  return poll !== undefined && poll.status !== 'not-held' && !poll.withheld && poll.voters > 0
}

/** What stands in for a figure the report does not give; the page says once why a figure is masked. */
export function missingFigure(poll: PollReport | undefined): string {
  if (!poll || poll.status === 'not-held')
    return 'non tenu'
  return poll.withheld ? 'masqué' : 'aucun vote'
}

/** Why a poll's figures are missing, in full: the threshold named when that is the reason. */
export function whyMissing(poll: PollReport | undefined, threshold: number): string {
  return poll?.withheld ? withheldNotice(threshold) : missingFigure(poll)
}

export function votersText(poll: PollReport | undefined): string {
  return !poll || poll.status === 'not-held' ? '—' : formatCount(poll.voters, 'votant', 'votants')
}

/** On an agreement scale, the voters who agree (the last two points), the headline of the slides too. */
export function agreeingShare(poll: PollReport): number {
  return agreeingPercent(poll.answers.map(answer => answer.count), poll.voters)
}

export function meanText(poll: PollReport): string {
  return poll.mean === null ? '—' : `${formatMean(poll.mean)} sur ${poll.answers.length}`
}

/** A count of the movement, or why it is not printed: a category under the threshold is null. */
function category(count: number | null, threshold: number): string {
  return count === null ? `masqué (moins de ${threshold})` : String(count)
}

/** The movement of the voters who answered both polls, in sentences; the caller escapes nothing (no room text here). */
export function movementLines(movement: Movement, threshold: number): string[] {
  const both = `${formatCount(movement.both, 'votant a', 'votants ont')} répondu aux deux votes.`
  if (movement.both > 0 && [movement.towardAgreement, movement.towardDisagreement, movement.unchanged].every(count => count === null))
    return [both, `Détail masqué\u00A0: moins de ${threshold} votants par catégorie.`]
  if (movement.both === 0)
    return [both]
  const lines = [
    both,
    `Vers l’accord avec l’énoncé\u00A0: ${category(movement.towardAgreement, threshold)} · vers le désaccord\u00A0: ${category(movement.towardDisagreement, threshold)} · réponse inchangée\u00A0: ${category(movement.unchanged, threshold)}.`,
  ]
  if (movement.meanPoints !== null)
    lines.push(`Écart moyen par votant\u00A0: ${formatPoints(movement.meanPoints)} sur l’échelle.`)
  return lines
}

/** « 9 sur 16 (56 %) »: the voters who chose the quiz's right answer. */
export function quizFound(poll: PollReport): string {
  const right = poll.answers.find(answer => answer.label === poll.correct)?.count ?? 0
  return `${formatPercent(percentOf(right, poll.voters))} des votants (${right} sur ${poll.voters})`
}

/** The difference in points between two shares as printed, « +12 points ». */
export function shareDelta(before: PollReport, after: PollReport): string {
  return formatPoints(agreeingShare(after) - agreeingShare(before))
}
