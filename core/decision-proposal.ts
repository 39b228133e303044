// The decision the session ends on: the step the room ranked first, with what talk.yml says about it, and a modest
// default naming roles wherever talk.yml is silent; once the presenter records it, the decision as taken. Short lines:
// the slide is read from the back of the room.
import type { DecisionText } from './features/decision'
import type { TalkDecision } from './talk-config'
import { decisionFields, decisionLabels } from './features/decision'

export interface DecisionRow {
  label: string
  text: string
}

/** Per closing-ranking option, a first step a committee can adopt today, and the one-page note that reports on it. */
const stepTexts: Record<string, { firstStep: string, deliverable: string }> = {
  'Écouter': { firstStep: 'Écouter ce qui se dit de nous', deliverable: 'Une note d’une page\u00A0: risques, occasions, objectif' },
  'Fixer l’objectif': { firstStep: 'Proposer un objectif et ses moyens', deliverable: 'Une note d’une page\u00A0: objectif, indicateur, moyens' },
  'Impliquer les salariés': { firstStep: 'Écrire une charte avec des volontaires', deliverable: 'Un projet de charte, prêt pour le CSE' },
  'Confier l’animation': { firstStep: 'Désigner et former qui animera', deliverable: 'Une note d’une page\u00A0: qui, quelle formation' },
  'Mesurer et donner suite': { firstStep: 'Choisir trois indicateurs', deliverable: 'Un premier relevé, sur une page' },
}
const defaultStep = 'Écouter'

const defaults = {
  owner: 'La direction de la communication',
  resources: 'Deux jours par mois, sans outil payant',
  checkIn: 'Au prochain comité',
}

/** What the presenter typed reads like the defaults beside it, whichever case it was typed in. */
function capitalized(text: string): string {
  return text.charAt(0).toLocaleUpperCase('fr-FR') + text.slice(1)
}

/**
 * The proposal. `leader` is the option the closing ranking put first, or null if nobody ranked: then talk.yml's first
 * step, if any, else listening, the step that costs least.
 */
export function proposedDecision(talk: TalkDecision, leader: string | null): DecisionText {
  const step = stepTexts[leader ?? defaultStep]
  const firstStep = leader ? step?.firstStep ?? leader : talk.firstStep ?? stepTexts[defaultStep]!.firstStep
  const deliverable = talk.deliverable ?? (leader || !talk.firstStep ? step?.deliverable : null) ?? stepTexts[defaultStep]!.deliverable
  const proposal = {
    firstStep,
    owner: talk.owner ?? defaults.owner,
    resources: talk.resources ?? defaults.resources,
    deliverable,
    checkIn: talk.checkIn ?? defaults.checkIn,
    secondLine: talk.secondLine ?? '',
  }
  return Object.fromEntries(decisionFields.map(field => [field, capitalized(proposal[field])])) as DecisionText
}

/** The slide's rows, in the decision's order; a part left out has no row. */
export function decisionRows(decision: DecisionText): DecisionRow[] {
  return decisionFields.filter(field => decision[field] !== '').map(field => ({ label: decisionLabels[field], text: capitalized(decision[field]) }))
}
