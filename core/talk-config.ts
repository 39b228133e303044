// What only the presenter knows about the session (the company, the date, « chez nous » figures, the decision), as
// talk.yml gives it. Every key is optional: an empty or missing value leaves its line out of the deck.
import { frenchSpacing } from './format'
import { defaultPrivacy, minimumThreshold } from './session/privacy'

/** The objections a « Et chez nous ? » figure may answer: the deck's n° 1 to n° 5. */
export const objectionNumbers = [1, 2, 3, 4, 5] as const
export type ObjectionNumber = typeof objectionNumbers[number]

export interface OurFigure {
  value: string
  label: string
  source: string | null
}

export interface TalkDecision {
  firstStep: string | null
  owner: string | null
  checkIn: string | null
  resources: string | null
  deliverable: string | null
  /** A second decision, such as the charte, shown under the first. */
  secondLine: string | null
}

export interface TalkConfig {
  company: string | null
  date: string | null
  /** How many people are expected in the room. */
  audience: number | null
  figures: Partial<Record<ObjectionNumber, OurFigure>>
  decision: TalkDecision
  /** Fewer voters than this, and no one sees a poll's distribution: only how many voted. */
  threshold: number
  /** The projection shows the bars while a vote is open, for a large room; otherwise only how many have voted. */
  liveResults: boolean
}

export class TalkConfigError extends Error {
  override name = 'TalkConfigError'
}

const decisionKeys = { first_step: 'firstStep', owner: 'owner', check_in: 'checkIn', resources: 'resources', deliverable: 'deliverable', second_line: 'secondLine' } as const
const figureKeys = ['value', 'label', 'source'] as const
const topKeys = ['company', 'date', 'audience', 'threshold', 'live_results', 'figures', 'decision'] as const

function fail(key: string, expected: string, found?: unknown): never {
  const shown = found === undefined ? '' : ` (trouvé : «\u00A0${typeof found === 'object' ? JSON.stringify(found) : String(found)}\u00A0»)`
  throw new TalkConfigError(`talk.yml : la clé «\u00A0${key}\u00A0» ${expected}${shown}.`)
}

/** The deck's French typography on what the presenter typed: curly apostrophes, and the spacing of `frenchSpacing`. */
export function frenchTypography(text: string): string {
  return frenchSpacing(text.replace(/'/g, '’'))
}

const isEmpty = (value: unknown): boolean => value === null || value === undefined || (typeof value === 'string' && value.trim() === '')

/** A line of text, or null when left empty; numbers are accepted where a figure may be one (« 4,2 »). */
function text(value: unknown, key: string, { numbers = false } = {}): string | null {
  if (isEmpty(value))
    return null
  if (typeof value === 'string')
    return frenchTypography(value.trim())
  if (numbers && typeof value === 'number' && Number.isFinite(value))
    return String(value).replace('.', ',')
  return fail(key, numbers ? 'doit être un texte ou un nombre' : 'doit être un texte, entre guillemets s’il le faut', value)
}

function section(value: unknown, key: string, allowed: readonly string[]): Record<string, unknown> {
  if (isEmpty(value))
    return {}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    if (key === '')
      throw new TalkConfigError(`talk.yml : le fichier doit contenir des clés (${allowed.join(', ')}), une par ligne.`)
    return fail(key, 'doit être une liste de clés indentées sous elle', value)
  }
  const unknown = Object.keys(value).find(name => !allowed.includes(name))
  if (unknown !== undefined)
    fail(key === '' ? unknown : `${key}.${unknown}`, `n’existe pas ; clés possibles : ${allowed.join(', ')}`)
  return value as Record<string, unknown>
}

function audience(value: unknown): number | null {
  if (isEmpty(value))
    return null
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    return fail('audience', 'doit être un nombre entier positif, le nombre de personnes attendues', value)
  return value
}

function threshold(value: unknown): number {
  if (isEmpty(value))
    return defaultPrivacy.threshold
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimumThreshold)
    return fail('threshold', `doit être un nombre entier d’au moins ${minimumThreshold}, le nombre de votants sous lequel les résultats restent masqués`, value)
  return value
}

function liveResults(value: unknown): boolean {
  if (isEmpty(value))
    return defaultPrivacy.liveResults
  return typeof value === 'boolean' ? value : fail('live_results', 'doit valoir true ou false', value)
}

function figure(value: unknown, key: string): OurFigure | null {
  const entries = section(value, key, figureKeys)
  const figureValue = text(entries.value, `${key}.value`, { numbers: true })
  const label = text(entries.label, `${key}.label`)
  const source = text(entries.source, `${key}.source`)
  if (figureValue === null && label === null)
    return source === null ? null : fail(`${key}.value`, 'manque : une source sans chiffre ne peut pas s’afficher')
  if (figureValue === null || label === null)
    return fail(`${key}.${figureValue === null ? 'value' : 'label'}`, 'manque : un chiffre s’affiche avec son libellé')
  return { value: figureValue, label, source }
}

function figures(value: unknown): TalkConfig['figures'] {
  const entries = section(value, 'figures', objectionNumbers.map(String))
  const found: TalkConfig['figures'] = {}
  for (const number of objectionNumbers) {
    const parsed = figure(entries[String(number)], `figures.${number}`)
    if (parsed)
      found[number] = parsed
  }
  return found
}

function decision(value: unknown): TalkDecision {
  const entries = section(value, 'decision', Object.keys(decisionKeys))
  return Object.fromEntries(Object.entries(decisionKeys)
    .map(([key, field]) => [field, text(entries[key], `decision.${key}`)])) as unknown as TalkDecision
}

/** Checks talk.yml as parsed from YAML; a mistake throws a French sentence that names the key to fix. */
export function parseTalkConfig(raw: unknown): TalkConfig {
  const entries = section(raw, '', topKeys)
  return {
    company: text(entries.company, 'company'),
    date: text(entries.date, 'date', { numbers: true }),
    audience: audience(entries.audience),
    threshold: threshold(entries.threshold),
    liveResults: liveResults(entries.live_results),
    figures: figures(entries.figures),
    decision: decision(entries.decision),
  }
}

export const emptyTalkConfig: TalkConfig = parseTalkConfig(null)
