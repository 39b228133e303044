// Where the presenter is: only a presenter's change of slide moves it, and the screens and phones follow.
import type { None, SessionFeature } from './feature'
import * as v from 'valibot'
import { limits } from '../limits'
import { accept, message } from './feature'

/** Where the presenter is: the screens follow it, and phones show the poll of that slide. */
interface NavState {
  page: number
  clicks: number
}

export interface NavViews {
  /** The presenter's slide, which screens follow, and the poll on it, which phones show first. */
  deck: { nav: NavState | null, focus: string | null }
  deckUpdate: { nav: NavState | null, focus: string | null }
  phone: { focus: string | null }
  voter: None
  /** Phones hear of the presenter's moves only when the poll they should show changes. */
  phoneUpdate: { focus: string | null }
}

export interface NavCommand { type: 'move', page: number, clicks: number }
export interface NavEvent { type: 'presenter-moved', page: number, clicks: number }

/** Where the presenter can be: the bounds the deck sends and the log keeps. */
const navEntries = {
  page: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(limits.slidesPerDeck)),
  clicks: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(limits.clicksPerSlide)),
}

const messages = {
  nav: message({ schema: v.strictObject(navEntries), right: 'presenter', command: ({ page, clicks }): NavCommand => ({ type: 'move', page, clicks }) }),
}

export const navigationFeature: SessionFeature<NavState | null, NavCommand, NavEvent, typeof messages> = {
  messages,
  initial: () => null,
  commandTypes: { move: true },
  events: {
    'presenter-moved': { schema: v.strictObject({ type: v.literal('presenter-moved'), ...navEntries }), version: 1 },
  },
  decide: (_catalog, nav, { page, clicks }) => nav?.page === page && nav.clicks === clicks ? accept() : accept({ type: 'presenter-moved', page, clicks }),
  apply: (_catalog, _nav, { page, clicks }) => ({ page, clicks }),
}
