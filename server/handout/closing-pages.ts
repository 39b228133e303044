// The end of the talk on paper: the room's word and ranking, then the decision and the questions from the phones.
import type { DecisionText } from '../../core/session/decision-taken'
import type { DecisionReport, PollReport, QuestionReport } from '../results-export'
import { decisionRows } from '../../core/decision-proposal'
import { formatCount, formatDateAndTime, withheldNotice } from '../../core/format'
import { ranksOptions } from '../../core/kinds/wire'
import { questionStatusLabels } from '../results-export'
import { element, escapeHtml } from './html-text'
import { hasFigures, votersText, whyMissing } from './poll-text'

/** Words printed from the cloud; the rest are in the CSV. */
const wordsPrinted = 15
/** Questions printed, most supported first: two pages at most, so the whole handout stays within fourteen. */
export const questionsPrinted = 30

function pollHeading(poll: PollReport): string {
  return `${element('h3', '', escapeHtml(poll.question))}${element('p', 'meta', escapeHtml(votersText(poll)))}`
}

function wordsHtml(poll: PollReport, threshold: number): string {
  if (!hasFigures(poll))
    return `${pollHeading(poll)}${element('p', 'note', escapeHtml(`${whyMissing(poll, threshold)}.`))}`
  const words = poll.answers.slice(0, wordsPrinted).map(word => `<li>${escapeHtml(word.label)} <span class="count">${word.count}</span></li>`)
  const more = poll.answers.length > wordsPrinted ? element('p', 'meta', `Les ${wordsPrinted} mots les plus cités sur ${poll.answers.length}.`) : ''
  return `${pollHeading(poll)}<ol class="words">${words.join('')}</ol>${more}`
}

function rankingHtml(poll: PollReport, threshold: number): string {
  if (!hasFigures(poll))
    return `${pollHeading(poll)}${element('p', 'note', escapeHtml(`${whyMissing(poll, threshold)}.`))}`
  const rank = (value: number | null | undefined): string =>
    value === null || value === undefined ? '' : ` <span class="count">rang moyen ${value.toLocaleString('fr-FR', { maximumFractionDigits: 1 })}</span>`
  return `${pollHeading(poll)}<ol class="ranking">${poll.answers.map(answer => `<li>${escapeHtml(answer.label)}${rank(answer.averageRank)}</li>`).join('')}</ol>`
}

/** The word cloud and the closing ranking; no page when neither was held (the cover says so in one line). */
export function closingPollsPage(polls: PollReport[], threshold: number): string {
  if (polls.every(poll => poll.status === 'not-held'))
    return ''
  const parts = polls.map((poll) => {
    if (poll.status === 'not-held')
      return element('p', 'note', `${escapeHtml(poll.question)}\u00A0: vote non tenu lors de cette séance.`)
    return ranksOptions(poll.kind) ? rankingHtml(poll, threshold) : wordsHtml(poll, threshold)
  })
  return element('section', 'page closing', `${element('h2', '', 'Le mot de la salle et par quoi commencer')}${parts.join('')}`)
}

function rowsHtml(rows: { label: string, text: string }[]): string {
  return `<dl class="decision">${rows.map(row => `<div><dt>${escapeHtml(row.label)}</dt><dd>${escapeHtml(row.text)}</dd></div>`).join('')}</dl>`
}

function roomVote(decision: DecisionReport, threshold: number): string {
  const { vote } = decision
  if (!vote)
    return 'La décision n’a pas été soumise au vote de la salle.'
  const voters = formatCount(vote.voters, 'votant', 'votants')
  if (vote.withheld)
    return `Vote de la salle\u00A0: ${withheldNotice(threshold)} (${voters}).`
  return `Vote de la salle\u00A0: ${vote.for} pour, ${vote.against} contre, ${formatCount(vote.abstain, 'abstention', 'abstentions')} (${voters}).`
}

/** The decision as taken, or the deck's proposal, labelled as such, when none was recorded. */
function decisionHtml(decision: DecisionReport | null, proposal: DecisionText, threshold: number): string {
  if (!decision) {
    return `${element('h2', '', 'Décision <span class="badge">proposée, non enregistrée</span>')}${
      element('p', 'meta', 'Aucune décision n’a été enregistrée pendant la séance\u00A0: voici la proposition de la dernière diapositive.')}${
      rowsHtml(decisionRows(proposal))}`
  }
  return `${element('h2', '', `Décision <span class="badge">enregistrée le ${escapeHtml(formatDateAndTime(decision.recordedAt))}</span>`)}${
    rowsHtml(decisionRows(decision))}${element('p', 'meta', escapeHtml(roomVote(decision, threshold)))}`
}

/**
 * The room's questions, most supported first, with what became of them. Hidden ones are counted, not printed: the
 * presenter hid them in the room, and a document handed round afterwards must not undo that.
 */
function questionsHtml(questions: QuestionReport[]): string {
  const shown = questions.filter(question => question.status !== 'hidden').sort((a, b) => b.upvotes - a.upvotes)
  const hidden = questions.length - shown.length
  const printed = shown.slice(0, questionsPrinted)
  const items = printed.map(question => `<li><span class="question__text">${escapeHtml(question.text)}</span><span class="question__meta">${escapeHtml(questionStatusLabels[question.status])} · ${escapeHtml(formatCount(question.upvotes, 'soutien', 'soutiens'))}</span></li>`)
  const notes = [
    questions.length === 0 ? 'Aucune question n’a été posée depuis les téléphones.' : '',
    shown.length > printed.length ? `Les ${shown.length - printed.length} autres questions, moins soutenues, figurent dans l’export CSV des résultats.` : '',
    hidden > 0 ? `${formatCount(hidden, 'question masquée', 'questions masquées')} par l’animateur pendant la séance (hors sujet ou déplacées) ${hidden > 1 ? 'ne sont pas reproduites' : 'n’est pas reproduite'}.` : '',
  ].filter(Boolean)
  return `${element('h2', '', 'Les questions de la salle')}${items.length > 0 ? `<ol class="questions">${items.join('')}</ol>` : ''}${notes.map(note => element('p', 'meta', escapeHtml(note))).join('')}`
}

export interface DecisionPageInput {
  decision: DecisionReport | null
  /** What the deck's decision slide proposes: talk.yml's decision and the closing ranking's leader. */
  proposal: DecisionText
  questions: QuestionReport[]
  threshold: number
}

export function decisionPage({ decision, proposal, questions, threshold }: DecisionPageInput): string {
  return element('section', 'page decision-page', `${decisionHtml(decision, proposal, threshold)}${questionsHtml(questions)}`)
}
