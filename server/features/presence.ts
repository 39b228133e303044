// The room's presence on the wire: counts of phones for the decks, and the bounds the presenter changes, which every
// server sharing the session follows.
import type { PresenceViews } from '../../core/features/presence'
import type { FeatureServer, Handler, ServerContext } from './feature'
import { noEvents, nothingForPhones } from './feature'

export function presenceServer({ presence }: ServerContext): FeatureServer<PresenceViews> {
  return {
    ...nothingForPhones,
    ...noEvents,
    deck: presence,
    deckUpdate: (_role, { changed }) => changed ? presence() : {},
  }
}

export function roomBounds({ io, setBounds, clustered }: ServerContext): Handler<'room:bounds'> {
  return (changed) => {
    setBounds(changed)
    if (clustered)
      io.serverSideEmit('bounds', changed)
    return { ok: true }
  }
}
