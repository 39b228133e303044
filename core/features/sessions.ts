// Sessions: the presenter starts a new one (its log starts empty), which every client then gets as a fresh snapshot.
import type { None } from './feature'
import * as v from 'valibot'
import { limits } from '../limits'
import { message } from './feature'

export const sessionMessages = {
  'session:new': message({ schema: v.strictObject({ name: v.pipe(v.string(), v.trim(), v.nonEmpty(), v.maxLength(limits.sessionNameLength)) }), right: 'presenter' }),
}

export interface SessionInfo {
  id: number
  name: string
  /** ISO 8601 */
  startedAt: string
}

export type DeckRole = 'screen' | 'presenter'

export interface SessionViews {
  /** `threshold`: the small-room minimum; under it, the slide says the results are withheld, and why. */
  deck: { role: DeckRole, session: SessionInfo, joinUrl: string, threshold: number }
  deckUpdate: None
  /** `threshold`: under it, results are withheld. */
  phone: { session: SessionInfo, threshold: number }
  voter: None
  phoneUpdate: None
}
