// What happened in a session, as the log stores it: the features decide these, apply them, and declare their schemas
// and versions (core/features/registry.ts); the store keeps them.
import type { SessionEvent } from '../features/registry'
import type { PollCatalog } from '../poll-catalog'
import { isModerated } from '../kinds/wire'
import { pollDefinition } from '../poll-catalog'

export type { SessionEvent } from '../features/registry'
export { sessionEventSchema } from '../features/registry'

/**
 * Why a well-formed event could not have been decided against this catalog, in French, or `null`: the rules never
 * log a ballot of another kind than its poll's, nor a word cloud's action on another kind of poll. Events of polls the
 * deck no longer has fit: they are kept, and skipped.
 */
export function misfit(catalog: PollCatalog, event: SessionEvent): string | null {
  const definition = 'pollId' in event ? pollDefinition(catalog, event.pollId) : undefined
  if (!definition)
    return null
  if (event.type === 'ballot-cast' && event.answer.kind !== definition.kind)
    return `un vote de type « ${event.answer.kind} » pour le sondage « ${definition.id} », de type « ${definition.kind} » dans la présentation`
  if (['word-banned', 'word-restored', 'cloud-paused'].includes(event.type) && !isModerated(definition.kind))
    return `une action de nuage de mots pour le sondage « ${definition.id} », de type « ${definition.kind} » dans la présentation`
  return null
}
