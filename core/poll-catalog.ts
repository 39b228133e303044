// The deck's polls, as its slides declare them: the single source of truth the server validates votes against.
import type { PollDefinition, PollKindName, PublicPollDefinition } from './kinds/registry'
import * as v from 'valibot'
import { commonEntries } from './kinds/common'
import { isPollKind, pollKinds, publicDefinition } from './kinds/registry'
import { pollKindNames } from './kinds/wire'

export interface PollCatalog {
  polls: Record<string, PollDefinition>
}

/** The catalog as the deck bundle and phones get it: no quiz answers. */
export interface PublicCatalog {
  polls: Record<string, PublicPollDefinition>
}

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

const repeatSchema = v.strictObject({ id: commonEntries.id, repeats: commonEntries.id })

/** A poll declared in full, checked by its kind's own schema. */
function definePoll<K extends PollKindName>(kind: K, declared: object, slide: CatalogSlide): PollDefinition<K> {
  const fail = (message: string): never => {
    throw slideError(slide, `sondage mal déclaré : ${message}`)
  }
  const module = pollKinds[kind]
  const parsed = v.safeParse(module.definitionSchema, declared)
  if (!parsed.success)
    return fail(describeIssues(parsed.issues))
  const { id, question, blind } = parsed.output
  return Object.assign({ id, question, slide: slide.number, blind: blind ?? module.blindByDefault, kind }, module.define(parsed.output, fail))
}

/** Builds the catalog from the deck's slides; any mistake stops with a message naming the slide. */
export function buildPollCatalog(slides: CatalogSlide[]): PollCatalog {
  // A Map while building: an id such as `constructor` is then a new poll, not a property every object has.
  const polls = new Map<string, PollDefinition>()
  const shiftSlides: { slide: CatalogSlide, after: unknown }[] = []

  for (const slide of slides) {
    const { poll, shift } = slide.frontmatter
    if (shift !== undefined)
      shiftSlides.push({ slide, after: shift })
    if (poll === undefined)
      continue
    if (typeof poll !== 'object' || poll === null)
      throw slideError(slide, 'sondage mal déclaré : poll doit décrire un sondage')

    const id = (poll as { id?: unknown }).id
    const taken = typeof id === 'string' ? polls.get(id) : undefined
    if (taken)
      throw slideError(slide, `l’identifiant « ${String(id)} » est déjà utilisé diapositive ${taken.slide}`)

    if ('repeats' in poll) {
      const parsed = v.safeParse(repeatSchema, poll)
      if (!parsed.success)
        throw slideError(slide, `sondage mal déclaré : ${describeIssues(parsed.issues)}`)
      const original = polls.get(parsed.output.repeats)
      if (!original)
        throw slideError(slide, `repeats : aucun sondage « ${parsed.output.repeats} » avant cette diapositive`)
      if (original.repeats)
        throw slideError(slide, `repeats : « ${parsed.output.repeats} » répète déjà un autre sondage`)
      polls.set(parsed.output.id, { ...original, id: parsed.output.id, slide: slide.number, repeats: original.id })
    }
    else {
      const { kind } = poll as { kind?: unknown }
      if (!isPollKind(kind))
        throw slideError(slide, `sondage mal déclaré : kind doit valoir ${pollKindNames.join(', ')}, pas « ${String(kind)} »`)
      const definition = definePoll(kind, poll, slide)
      polls.set(definition.id, definition)
    }
  }

  // A shift slide compares a repeated poll with its original: it must name the repeat.
  for (const { slide, after } of shiftSlides) {
    if (typeof after !== 'string' || !polls.get(after)?.repeats)
      throw slideError(slide, `shift doit nommer un sondage qui en répète un autre (repeats), pas « ${String(after)} »`)
  }

  return { polls: Object.fromEntries(polls) }
}

/**
 * A poll of the catalog, by an id that may come from anywhere (a phone, a log row): only the catalog's own polls,
 * never a property every object has (`constructor`, `toString`, `__proto__`).
 */
export function pollDefinition(catalog: PollCatalog, pollId: string): PollDefinition | undefined {
  return Object.hasOwn(catalog.polls, pollId) ? catalog.polls[pollId] : undefined
}

export function publicCatalog(catalog: PollCatalog): PublicCatalog {
  return { polls: Object.fromEntries(Object.entries(catalog.polls).map(([id, poll]) => [id, publicDefinition(poll)])) }
}

/** The poll on a slide, if any: phones show the one the presenter is on. */
export function pollOnSlide(catalog: PollCatalog, slide: number): string | null {
  return Object.values(catalog.polls).find(poll => poll.slide === slide)?.id ?? null
}

/** A poll and those that repeat it: a change to the « avant » changes the movement shown with the « après ». */
export function pollAndRepeats(catalog: PollCatalog, pollId: string): string[] {
  return [pollId, ...Object.values(catalog.polls).filter(poll => poll.repeats === pollId).map(poll => poll.id)]
}
