// The decision as taken, on the wire: the decks show it; phones do not.
import type { DecisionEvent, DecisionViews } from '../../core/features/decision'
import type { FeatureServer, ServerContext } from './feature'
import { nothingForPhones, unchanged } from './feature'

export function decisionServer({ engine }: ServerContext): FeatureServer<DecisionViews, DecisionEvent> {
  return {
    ...nothingForPhones,
    unchanged,
    noted: (_event, _state, deck) => {
      deck.changed = true
      return false
    },
    deck: () => ({ decision: engine.state.decision }),
    deckUpdate: (_role, { changed }) => changed ? { decision: engine.state.decision } : {},
  }
}
