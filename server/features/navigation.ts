// Where the presenter is, on the wire: decks follow every move; phones hear only of a change of the poll to show.
import type { NavEvent, NavViews } from '../../core/features/navigation'
import type { PollCatalog } from '../../core/poll-catalog'
import type { ReadOnlySession } from '../../core/session/read-only'
import type { FeatureServer, ServerContext } from './feature'
import { pollOnSlide } from '../../core/poll-catalog'
import { unchanged } from './feature'

/** The poll on the presenter's slide: phones show it first. */
function focusOf(catalog: PollCatalog, state: ReadOnlySession): string | null {
  return state.nav ? pollOnSlide(catalog, state.nav.page) : null
}

export function navigationServer({ engine }: ServerContext): FeatureServer<NavViews, NavEvent> {
  const focus = (): string | null => focusOf(engine.catalog, engine.state)
  let focusSent = focus()
  return {
    unchanged,
    noted: (_event, _state, deck, phone) => {
      deck.changed = true
      phone.changed = true
      return true
    },
    deck: () => ({ nav: engine.state.nav, focus: focus() }),
    deckUpdate: (_role, { changed }) => changed ? { nav: engine.state.nav, focus: focus() } : {},
    phone: () => ({ focus: focus() }),
    voter: () => ({}),
    phoneUpdate: ({ changed }) => {
      const now = focus()
      const moved = changed && now !== focusSent
      focusSent = now
      return { all: moved ? { focus: now } : {} }
    },
    voterUpdates: () => [],
    restart: () => {
      focusSent = focus()
    },
  }
}
