// What happened in a session, as the log stores it: the features decide these, apply them, and declare their schemas
// and versions (core/features/registry.ts); the store keeps them.
import type { SessionEvent } from '../features/registry'
import type { PollCatalog } from '../poll-catalog'
import { ownerOf } from '../features/registry'

export type { SessionEvent } from '../features/registry'

/** Why a well-formed event read from a store could not have been decided against this catalog, in French, or `null`. */
export function misfit(catalog: PollCatalog, event: SessionEvent): string | null {
  return ownerOf('event', event.type).rules.misfit?.(catalog, event) ?? null
}
