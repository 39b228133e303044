// The decision the session ends on: the step the room ranked first, with what talk.yml says about it, and a modest
// default naming roles wherever talk.yml is silent. Short lines: the slide is read from the back of the room.
import type { TalkDecision } from '../core/talk-config'

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

/**
 * `leader` is the option the closing ranking put first, or null if nobody ranked: then talk.yml's first step, if any,
 * else listening, the step that costs least.
 */
export function decisionRows(talk: TalkDecision, leader: string | null): DecisionRow[] {
  const step = stepTexts[leader ?? defaultStep]
  const firstStep = leader ? step?.firstStep ?? leader : talk.firstStep ?? stepTexts[defaultStep]!.firstStep
  const deliverable = talk.deliverable ?? (leader || !talk.firstStep ? step?.deliverable : null) ?? stepTexts[defaultStep]!.deliverable
  const rows = [
    { label: 'Premier pas', text: firstStep },
    { label: 'Responsable', text: talk.owner ?? defaults.owner },
    { label: 'Moyens', text: talk.resources ?? defaults.resources },
    { label: 'Livrable', text: deliverable },
    { label: 'Point d’étape', text: talk.checkIn ?? defaults.checkIn },
  ]
  const all = talk.secondLine ? [...rows, { label: 'Ensuite', text: talk.secondLine }] : rows
  // What the presenter typed reads like the defaults beside it, whichever case it was typed in.
  return all.map(row => ({ ...row, text: row.text.charAt(0).toLocaleUpperCase('fr-FR') + row.text.slice(1) }))
}
