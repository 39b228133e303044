// What a poll is, as the deck declares it: the single source of truth the server validates votes against.
import * as v from 'valibot'

export type PollKind = 'single' | 'multi' | 'scale' | 'quiz' | 'words'

/** The agreement scale every `scale` poll uses, from strong disagreement to strong agreement. */
export const agreementScale = [
  'Pas du tout d’accord',
  'Plutôt pas d’accord',
  'Sans opinion',
  'Plutôt d’accord',
  'Tout à fait d’accord',
] as const

export const wordLimits = { maxWordsPerVoter: 3, maxLength: 30 } as const

interface PollBase {
  id: string
  question: string
  /** Number of the slide that holds the poll. */
  slide: number
  /** Blind polls hide their results from everyone but the presenter until the reveal. */
  blind: boolean
  /** The poll this one asks again, for a before/after pair. */
  repeats?: string
}

export type PollDefinition = PollBase & (
  | { kind: 'single', options: string[] }
  | { kind: 'multi', options: string[], max: number }
  | { kind: 'scale', options: string[] }
  | { kind: 'quiz', options: string[], answer: number }
  | { kind: 'words', max: number }
)

export interface PollCatalog {
  polls: Record<string, PollDefinition>
}

/** The answers a voter chooses from; a word cloud has none. */
export function optionsOf(poll: { kind: PollKind, options?: string[] }): string[] {
  return poll.options ?? []
}

const pollIdSchema = v.pipe(
  v.string('l’identifiant doit être un texte'),
  v.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'l’identifiant ne prend que des minuscules, chiffres et tirets (40 au plus)'),
)
const questionSchema = v.pipe(
  v.string('la question doit être un texte'),
  v.trim(),
  v.nonEmpty('la question est vide'),
  v.maxLength(200, 'la question dépasse 200 caractères'),
)
const optionsSchema = v.pipe(
  v.array(
    v.pipe(v.string('chaque option doit être un texte'), v.trim(), v.nonEmpty('une option est vide'), v.maxLength(80, 'une option dépasse 80 caractères')),
    'les options doivent être une liste',
  ),
  v.minLength(2, 'il faut au moins 2 options'),
  v.maxLength(8, 'il faut au plus 8 options'),
  v.check(options => new Set(options).size === options.length, 'deux options sont identiques'),
)
const blindSchema = v.optional(v.boolean('blind doit valoir true ou false'))

const rawPollSchema = v.variant('kind', [
  v.strictObject({ id: pollIdSchema, kind: v.literal('single'), question: questionSchema, options: optionsSchema, blind: blindSchema }),
  v.strictObject({
    id: pollIdSchema,
    kind: v.literal('multi'),
    question: questionSchema,
    options: optionsSchema,
    max: v.pipe(v.number('max doit être un nombre'), v.integer('max doit être entier'), v.minValue(1, 'max doit valoir au moins 1')),
    blind: blindSchema,
  }),
  v.strictObject({ id: pollIdSchema, kind: v.literal('scale'), question: questionSchema, blind: blindSchema }),
  v.strictObject({
    id: pollIdSchema,
    kind: v.literal('quiz'),
    question: questionSchema,
    options: optionsSchema,
    answer: v.pipe(v.string('answer doit reprendre le texte de la bonne option'), v.trim()),
    blind: blindSchema,
  }),
  v.strictObject({
    id: pollIdSchema,
    kind: v.literal('words'),
    question: questionSchema,
    max: v.optional(v.pipe(
      v.number('max doit être un nombre'),
      v.integer('max doit être entier'),
      v.minValue(1, 'max doit valoir au moins 1'),
      v.maxValue(wordLimits.maxWordsPerVoter, `max vaut au plus ${wordLimits.maxWordsPerVoter}`),
    ), 1),
    blind: blindSchema,
  }),
], 'kind doit valoir single, multi, scale, quiz ou words')

const repeatSchema = v.strictObject({ id: pollIdSchema, repeats: pollIdSchema })

/** A repeat names only the poll it repeats; anything else is a full definition, with its own messages. */
function slidePollSchema(poll: unknown): typeof repeatSchema | typeof rawPollSchema {
  return typeof poll === 'object' && poll !== null && 'repeats' in poll ? repeatSchema : rawPollSchema
}

type RawPoll = v.InferOutput<typeof rawPollSchema>

/** A slide as the catalog needs it: its number, where it is written, and its frontmatter. */
export interface CatalogSlide {
  number: number
  location: string
  frontmatter: Record<string, unknown>
}

export class PollCatalogError extends Error {
  override name = 'PollCatalogError'
}

function slideError(slide: CatalogSlide, message: string): PollCatalogError {
  return new PollCatalogError(`Diapositive ${slide.number} (${slide.location}) : ${message}`)
}

function describeIssues(issues: v.BaseIssue<unknown>[]): string {
  return issues.map((issue) => {
    const path = issue.path?.map(item => String(item.key)).join('.')
    return path ? `${path} : ${issue.message}` : issue.message
  }).join(' ; ')
}

function toDefinition(raw: RawPoll, slide: CatalogSlide): PollDefinition {
  const base = { id: raw.id, question: raw.question, slide: slide.number, blind: raw.blind ?? raw.kind === 'quiz' }
  switch (raw.kind) {
    case 'single':
      return { ...base, kind: raw.kind, options: raw.options }
    case 'multi':
      if (raw.max > raw.options.length)
        throw slideError(slide, `max (${raw.max}) dépasse le nombre d’options (${raw.options.length})`)
      return { ...base, kind: raw.kind, options: raw.options, max: raw.max }
    case 'scale':
      return { ...base, kind: raw.kind, options: [...agreementScale] }
    case 'quiz': {
      const answer = raw.options.indexOf(raw.answer)
      if (answer < 0)
        throw slideError(slide, `la bonne réponse « ${raw.answer} » n’est pas l’une des options`)
      return { ...base, kind: raw.kind, options: raw.options, answer }
    }
    case 'words':
      return { ...base, kind: raw.kind, max: raw.max }
  }
}

/** Builds the catalog from the deck's slides; any mistake stops with a message naming the slide. */
export function buildPollCatalog(slides: CatalogSlide[]): PollCatalog {
  const polls: Record<string, PollDefinition> = {}
  const shiftSlides: { slide: CatalogSlide, after: unknown }[] = []

  for (const slide of slides) {
    const { poll, shift } = slide.frontmatter
    if (shift !== undefined)
      shiftSlides.push({ slide, after: shift })
    if (poll === undefined)
      continue

    const parsed = v.safeParse(slidePollSchema(poll), poll)
    if (!parsed.success)
      throw slideError(slide, `sondage mal déclaré : ${describeIssues(parsed.issues)}`)
    const declared = parsed.output
    if (polls[declared.id])
      throw slideError(slide, `l’identifiant « ${declared.id} » est déjà utilisé diapositive ${polls[declared.id]!.slide}`)

    if ('repeats' in declared) {
      const original = polls[declared.repeats]
      if (!original)
        throw slideError(slide, `repeats : aucun sondage « ${declared.repeats} » avant cette diapositive`)
      if (original.repeats)
        throw slideError(slide, `repeats : « ${declared.repeats} » répète déjà un autre sondage`)
      polls[declared.id] = { ...original, id: declared.id, slide: slide.number, repeats: original.id }
    }
    else {
      polls[declared.id] = toDefinition(declared, slide)
    }
  }

  // A shift slide compares a repeated poll with its original: it must name the repeat.
  for (const { slide, after } of shiftSlides) {
    if (typeof after !== 'string' || !polls[after]?.repeats)
      throw slideError(slide, `shift doit nommer un sondage qui en répète un autre (repeats), pas « ${String(after)} »`)
  }

  return { polls }
}
