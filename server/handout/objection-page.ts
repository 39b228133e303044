// One page per objection: the statement, the room's votes before and after the facts (and how each voter moved), the
// facts cards with their « À savoir » caveat, and the company's own figure.
import type { OurFigure } from '../../core/talk-config'
import type { PollReport } from '../results-export'
import type { FactCard, ObjectionContent } from './deck-content'
import { formatPercent, withheldNotice } from '../../core/format'
import { isAgreementKind } from '../../core/kinds/wire'
import { element, escapeHtml, inlineMarkdown } from './html-text'
import { agreeingShare, hasFigures, meanText, missingFigure, movementLines, quizFound, shareDelta, votersText, whyMissing } from './poll-text'

export interface ObjectionInput {
  objection: ObjectionContent
  /** This objection's polls as the report gives them, in slide order. */
  polls: PollReport[]
  ours: OurFigure | null
  threshold: number
}

function row(label: string, cells: string[], className = ''): string {
  return `<tr class="${className}"><th scope="row">${escapeHtml(label)}</th>${cells.map(cell => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`
}

/** A figure of one side, or why it is missing (not held, withheld, nobody voted). */
function sideFigure(poll: PollReport | undefined, figure: (poll: PollReport) => string): string {
  return hasFigures(poll) ? figure(poll) : missingFigure(poll)
}

function share(poll: PollReport | undefined, index: number): string {
  return hasFigures(poll) ? formatPercent(poll.answers[index]?.percent ?? 0) : '—'
}

/** The same question before and after the facts, side by side, then how the voters who answered both moved. */
function pairHtml(before: PollReport, after: PollReport, threshold: number): string {
  const sides = [before, after]
  const scale = isAgreementKind(before.kind)
  const rows = [
    row('Votants', sides.map(votersText)),
    ...(scale
      ? [
          row('D’accord (plutôt ou tout à fait)', sides.map(poll => sideFigure(poll, side => formatPercent(agreeingShare(side)))), 'headline'),
          row('Moyenne', sides.map(poll => sideFigure(poll, meanText))),
        ]
      : []),
    // A withheld side has no answers: the labels come from the other.
    ...(hasFigures(before) ? before : after).answers.map((answer, index) => row(answer.label, sides.map(poll => share(poll, index)), 'detail')),
  ]
  const table = `<table class="pair"><thead><tr><td></td><th scope="col">Avant les faits</th><th scope="col">Après les faits</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  const delta = scale && hasFigures(before) && hasFigures(after) ? element('p', 'delta', `D’accord\u00A0: ${escapeHtml(shareDelta(before, after))} entre les deux votes.`) : ''
  const movement = after.movement ? element('div', 'movement', `<p class="movement__title">Vote par vote</p>${movementLines(after.movement, threshold).map(line => `<p>${escapeHtml(line)}</p>`).join('')}`) : ''
  const masked = sides.some(poll => poll.withheld) ? element('p', 'note', `${withheldNotice(threshold)}\u00A0: seul leur nombre est donné.`) : ''
  return table + masked + delta + movement
}

function quizHtml(quiz: PollReport, threshold: number): string {
  const found = hasFigures(quiz) ? quizFound(quiz) : whyMissing(quiz, threshold)
  return [
    element('p', 'quiz__question', `Quiz\u00A0: ${escapeHtml(quiz.question)}`),
    `<dl class="figures"><div><dt>Bonne réponse</dt><dd>${escapeHtml(quiz.correct ?? '—')}</dd></div><div><dt>Trouvée par</dt><dd>${escapeHtml(found)}</dd></div><div><dt>Votants</dt><dd>${escapeHtml(votersText(quiz))}</dd></div></dl>`,
  ].join('')
}

/** A poll that is neither half of a pair nor a quiz: its answers' shares. */
function singleHtml(poll: PollReport, threshold: number): string {
  if (!hasFigures(poll))
    return element('p', 'note', `${escapeHtml(poll.question)}\u00A0: ${escapeHtml(whyMissing(poll, threshold))}.`)
  return `<table class="pair"><tbody>${[row('Votants', [votersText(poll)]), ...poll.answers.map(answer => row(answer.label, [formatPercent(answer.percent)], 'detail'))].join('')}</tbody></table>`
}

function votesHtml(polls: PollReport[], threshold: number): string {
  if (polls.length === 0)
    return ''
  if (polls.every(poll => poll.status === 'not-held'))
    return element('p', 'note', polls.length > 1 ? 'Votes non tenus lors de cette séance.' : `${polls[0]!.correct !== null ? 'Quiz' : 'Vote'} non tenu lors de cette séance.`)
  const repeats = new Set(polls.map(poll => poll.repeats).filter(Boolean))
  const parts = polls.filter(poll => !repeats.has(poll.id)).map((poll) => {
    const original = poll.repeats === null ? undefined : polls.find(candidate => candidate.id === poll.repeats)
    if (original)
      return pairHtml(original, poll, threshold)
    // A poll with a right answer (a quiz) says it, and who found it.
    return poll.correct !== null ? quizHtml(poll, threshold) : singleHtml(poll, threshold)
  })
  const open = polls.some(poll => poll.status === 'open') ? element('p', 'note', 'Un vote était encore ouvert lors de l’export\u00A0: ses chiffres ont pu bouger ensuite.') : ''
  return `<h3>Le vote de la salle</h3>${parts.join('')}${open}`
}

function cardHtml(card: FactCard): string {
  return `<li>${card.figure ? element('strong', 'card__figure', inlineMarkdown(card.figure)) : ''}${element('span', 'card__text', inlineMarkdown(card.text))}${card.source ? element('em', 'card__source', inlineMarkdown(card.source)) : ''}</li>`
}

function oursHtml(ours: OurFigure): string {
  return `<aside class="ours"><p class="ours__kicker">Et chez nous\u00A0?</p><strong>${escapeHtml(ours.value)}</strong><span>${escapeHtml(ours.label)}</span>${ours.source ? element('em', '', escapeHtml(ours.source)) : ''}</aside>`
}

function factsHtml({ facts }: ObjectionContent, ours: OurFigure | null): string {
  if (!facts)
    return ours ? oursHtml(ours) : ''
  const cards = `<div class="facts${ours ? ' facts--ours' : ''}"><ul class="cards">${facts.cards.map(cardHtml).join('')}</ul>${ours ? oursHtml(ours) : ''}</div>`
  const caveat = facts.caveat ? element('p', 'caveat', `<strong>À savoir\u00A0:</strong> ${inlineMarkdown(facts.caveat)}`) : ''
  return `<h3>Les faits\u00A0: ${inlineMarkdown(facts.heading)}</h3>${cards}${caveat}`
}

export function objectionPage({ objection, polls, ours, threshold }: ObjectionInput): string {
  const statement = `<blockquote class="statement"><p class="statement__text">${inlineMarkdown(objection.statement)}</p>${objection.lines.map(line => element('p', 'statement__line', inlineMarkdown(line))).join('')}</blockquote>`
  const label = `<p class="label"><span class="label__number">Objection n°\u00A0${objection.number}</span><span class="label__part">L’énoncé, le vote, les faits</span></p>`
  return element('section', 'page objection', `${label}${statement}${votesHtml(polls, threshold)}${factsHtml(objection, ours)}`)
}
