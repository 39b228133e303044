// The server's storage health, for the presenter: it changes with the engine's writes, outside the log.
import type { HealthViews } from '../../core/features/health'
import type { FeatureServer, ServerContext } from './feature'
import { noEvents, nothingForPhones } from './feature'

export function healthServer({ engine }: ServerContext): FeatureServer<HealthViews> {
  return {
    ...nothingForPhones,
    ...noEvents,
    deck: () => ({ health: { ...engine.health } }),
    deckUpdate: (_role, { changed }) => changed ? { health: { ...engine.health } } : {},
  }
}
