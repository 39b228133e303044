// The pages around the results: the cover, « Données et anonymat », and the sources with their links.
import type { SessionInfo } from '../../core/session/state'
import type { TalkConfig } from '../../core/talk-config'
import type { HandoutDeck, SourceList } from './deck-content'
import { formatCount, formatDate } from '../../core/format'
import { element, escapeHtml, inlineMarkdown } from './html-text'

export interface CoverInput {
  deck: HandoutDeck
  session: SessionInfo
  talk: TalkConfig
  /** Voters of the most answered poll: how many phones took part. */
  voters: number
  /** One line for what the handout leaves out, such as closing polls that were not held. */
  notes: string[]
}

function facts(rows: [string, string | null][]): string {
  return `<dl class="cover__facts">${rows.filter(([, value]) => value !== null).map(([label, value]) => `<div><dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value!)}</dd></div>`).join('')}</dl>`
}

export function coverPage({ deck, session, talk, voters, notes }: CoverInput): string {
  const rows: [string, string | null][] = [
    ['Séance', `n°\u00A0${session.id} · ${session.name}`],
    ['Date', talk.date ?? formatDate(session.startedAt)],
    ['Entreprise', talk.company],
    ['Public attendu', talk.audience === null ? null : formatCount(talk.audience, 'personne', 'personnes')],
    ['Votants', voters === 0 ? 'aucun vote' : `${formatCount(voters, 'votant', 'votants')} au vote le plus suivi`],
  ]
  return element('section', 'page cover', [
    `<p class="label"><span class="label__number">Compte rendu</span><span class="label__part">Comité de direction</span></p>`,
    element('h1', '', inlineMarkdown(deck.title)),
    deck.subtitle ? element('p', 'cover__subtitle', inlineMarkdown(deck.subtitle)) : '',
    facts(rows),
    element('p', 'cover__intro', 'Pour chacune des cinq objections\u00A0: l’énoncé, le vote de la salle avant et après les faits, les faits et leurs limites. Puis le mot de la salle, la décision, les questions, ce que deviennent les données, et les sources.'),
    ...notes.map(note => element('p', 'meta', escapeHtml(note))),
  ].join(''))
}

export interface DataPageInput {
  session: SessionInfo
  /** The small-room threshold the report applied. */
  threshold: number
}

function thresholdText(threshold: number): string {
  return `En dessous de ${threshold}\u00A0votants, la répartition d’un vote n’est ni projetée ni exportée, ici comme dans les exports JSON et CSV\u00A0: seul le nombre de votants l’est, et la même règle vaut pour chaque catégorie du vote par vote. Le seuil ne protège pas d’un vote unanime\u00A0: quand tous répondent la même chose, chacun sait ce qu’a répondu chacun.`
}

export function dataPage({ session, threshold }: DataPageInput): string {
  const stored = [
    'un identifiant aléatoire par téléphone, tiré au hasard par le téléphone lui-même\u00A0; il ne dit pas qui le tient\u00A0;',
    'les réponses de chaque identifiant aux votes, ce qui permet de compter le vote par vote\u00A0;',
    'le texte des questions posées et leurs soutiens, le nom et la date de la séance, la décision enregistrée\u00A0;',
    'les gestes de l’animateur\u00A0: votes ouverts et fermés, questions modérées, diapositive affichée.',
  ]
  const notStored = [
    'ni nom, ni compte, ni adresse électronique\u00A0: on vote sans s’identifier\u00A0;',
    'aucune adresse IP\u00A0: elle ne sert, en mémoire, qu’à limiter le nombre de votants par appareil\u00A0;',
    'rien, dans ce compte rendu ni dans les exports, qui relie une réponse à un identifiant\u00A0: seulement des totaux.',
  ]
  const list = (items: string[]): string => `<ul>${items.map(item => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`
  return element('section', 'page data', [
    element('h2', '', 'Données et anonymat'),
    element('h3', '', 'Ce qui est enregistré'),
    list(stored),
    element('p', '', 'Ces données restent sur la machine qui a servi les votes (fichier <code>votes.sqlite</code> du dossier de données, ou la base Redis de la séance), et nulle part ailleurs.'),
    element('h3', '', 'Ce qui ne l’est pas'),
    list(notStored),
    element('h3', '', 'Le seuil des petites salles'),
    element('p', '', escapeHtml(thresholdText(threshold))),
    element('h3', '', 'Supprimer cette séance'),
    element('p', '', `Une fois ce compte rendu validé, les votes et les questions de la séance peuvent être effacés, après confirmation et copie de sauvegarde, depuis le dossier du projet\u00A0:`),
    element('p', 'command', `<code>npm run delete-session -- --session ${session.id}</code>`),
  ].join(''))
}

function sourceListHtml(list: SourceList): string {
  return `${element('h3', '', inlineMarkdown(list.title.replace(/^Annexe\s*·\s*/, '')))}<ul class="sources">${list.items.map(item => `<li>${inlineMarkdown(item)}</li>`).join('')}</ul>${list.note ? element('p', 'meta', inlineMarkdown(list.note)) : ''}`
}

export function sourcesPage(sources: SourceList[]): string {
  return sources.length === 0 ? '' : element('section', 'page sources-page', `${element('h2', '', 'Sources')}${sources.map(sourceListHtml).join('')}`)
}
