// The vote server's own state, as the presenter needs to know it: kept by the engine (server/engine/), not the log.
import type { None } from './feature'

export interface Health {
  /** `false` since a write failed, until one succeeds: votes are being refused. */
  storing: boolean
  /** What went wrong and what to do, in one sentence. */
  problem: string | null
}

export interface HealthViews {
  deck: { health: Health }
  deckUpdate: { health: Health }
  phone: None
  voter: None
  phoneUpdate: None
}
