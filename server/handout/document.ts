// The compte rendu as one HTML document, from the session's results, the deck's content and talk.yml: pure, so that
// what it prints can be checked without a browser. Every text goes through `escapeHtml` or `inlineMarkdown`.
import type { TalkConfig } from '../../core/talk-config'
import type { PollReport, ResultsReport } from '../results-export'
import type { HandoutDeck } from './deck-content'
import { proposedDecision } from '../../core/decision-proposal'
import { quoted } from '../../core/format'
import { ranksOptions } from '../../core/kinds/wire'
import { objectionNumbers } from '../../core/talk-config'
import { closingPollsPage, decisionPage } from './closing-pages'
import { escapeHtml } from './html-text'
import { coverPage, dataPage, sourcesPage } from './info-pages'
import { objectionPage } from './objection-page'
import { hasFigures } from './poll-text'

export interface HandoutInput {
  report: ResultsReport
  deck: HandoutDeck
  talk: TalkConfig
}

/** The closing ranking's first option, which the deck's decision slide proposes as the first step. */
function rankingLeader(ranking: PollReport | undefined): string | null {
  return hasFigures(ranking) && ranksOptions(ranking.kind) ? ranking.answers[0]?.label ?? null : null
}

const isObjection = (number: number): number is typeof objectionNumbers[number] => (objectionNumbers as readonly number[]).includes(number)

/** The document's pages, in the talk's order. */
export function handoutPages({ report, deck, talk }: HandoutInput): string[] {
  const { threshold } = report
  const pollsById = new Map(report.polls.map(poll => [poll.id, poll]))
  const pollsOf = (ids: string[]): PollReport[] => ids.map(id => pollsById.get(id)).filter(poll => poll !== undefined)
  const closing = pollsOf(deck.closingPollIds)
  const ranking = closing.find(poll => ranksOptions(poll.kind))
  const notHeld = closing.length > 0 && closing.every(poll => poll.status === 'not-held')
  return [
    coverPage({
      deck,
      session: report.session,
      talk,
      voters: Math.max(0, ...report.polls.map(poll => poll.voters)),
      notes: notHeld ? [`Non tenus lors de cette séance\u00A0: ${closing.map(poll => quoted(poll.question)).join(', ')}.`] : [],
    }),
    ...deck.objections.map(objection => objectionPage({
      objection,
      polls: pollsOf(objection.pollIds),
      ours: isObjection(objection.number) ? talk.figures[objection.number] ?? null : null,
      threshold,
    })),
    closingPollsPage(closing, threshold),
    decisionPage({ decision: report.decision, proposal: proposedDecision(talk.decision, rankingLeader(ranking)), questions: report.questions, threshold }),
    dataPage({ session: report.session, threshold }),
    sourcesPage(deck.sources),
  ].filter(Boolean)
}

/** `styles`: the stylesheet, fonts included, as the printer reads it from disk. */
export function handoutHtml(input: HandoutInput, styles: string): string {
  const title = `Compte rendu · ${input.deck.title} · séance n° ${input.report.session.id}`
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${styles}</style></head><body>${handoutPages(input).join('')}</body></html>`
}
