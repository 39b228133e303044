// Pieces the kinds share: the common frontmatter fields, option lists and counting one tally per option.
import * as v from 'valibot'
import { limits } from '../limits'

export const commonEntries = {
  id: v.pipe(
    v.string('l’identifiant doit être un texte'),
    v.regex(limits.pollIdPattern, `l’identifiant ne prend que des minuscules, chiffres et tirets (${limits.pollIdLength} au plus)`),
  ),
  question: v.pipe(
    v.string('la question doit être un texte'),
    v.trim(),
    v.nonEmpty('la question est vide'),
    v.maxLength(limits.questionLength, `la question dépasse ${limits.questionLength} caractères`),
  ),
  blind: v.optional(v.boolean('blind doit valoir true ou false')),
}

/**
 * A kind's frontmatter: the common fields and its own. The kind's fields come from a function, and the call is marked
 * pure: a bundle that needs only the kind's wire part (the phone page) can then leave the whole definition out.
 */
export function definitionSchema<Entries extends v.ObjectEntries>(entries: () => Entries): v.StrictObjectSchema<typeof commonEntries & Entries, undefined> {
  return v.strictObject({ ...commonEntries, ...entries() })
}

/** What phones and the deck are told of a poll of one kind: the common fields, and the kind's public ones. */
export function publicSchema<Kind extends string, Entries extends v.ObjectEntries>(kind: Kind, entries: Entries) {
  return v.object({ id: v.string(), kind: v.literal(kind), question: v.string(), blind: v.boolean(), repeats: v.optional(v.string()), ...entries })
}

/** The public field of a kind whose voters choose among options. */
export const publicOptions = { options: v.optional(v.array(v.string())) }

export const optionsSchema = v.pipe(
  v.array(
    v.pipe(
      v.string('chaque option doit être un texte'),
      v.trim(),
      v.nonEmpty('une option est vide'),
      v.maxLength(limits.optionLength, `une option dépasse ${limits.optionLength} caractères`),
    ),
    'les options doivent être une liste',
  ),
  v.minLength(limits.options.min, `il faut au moins ${limits.options.min} options`),
  v.maxLength(limits.options.max, `il faut au plus ${limits.options.max} options`),
  v.check(options => new Set(options).size === options.length, 'deux options sont identiques'),
)

export const optionIndexSchema = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(limits.options.max - 1))

export const countsSchema = v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(0))), v.maxLength(limits.options.max))

export function positiveInteger(name: string, max?: number): v.GenericSchema<unknown, number> {
  return v.pipe(
    v.number(`${name} doit être un nombre`),
    v.integer(`${name} doit être entier`),
    v.minValue(1, `${name} doit valoir au moins 1`),
    v.maxValue(max ?? Number.MAX_SAFE_INTEGER, `${name} vaut au plus ${max}`),
  )
}

/** One count per option: what single choice, multi-select, quiz and scale polls tally. */
export function optionCounts<Answer>(choicesOf: (answer: Answer) => readonly number[]): {
  empty: (poll: { options: string[] }) => number[]
  add: (counts: number[], answer: Answer) => void
  remove: (counts: number[], answer: Answer) => void
} {
  return {
    empty: poll => poll.options.map(() => 0),
    add: (counts, answer) => choicesOf(answer).forEach(choice => counts[choice]! += 1),
    remove: (counts, answer) => choicesOf(answer).forEach(choice => counts[choice]! -= 1),
  }
}

export function isOption(poll: { options: string[] }, choice: number): boolean {
  return choice < poll.options.length
}

export function keepAll<Spec>(spec: Spec): Spec {
  return spec
}
