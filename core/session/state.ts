// A voting session's state: plain data, one slice per feature (core/features/registry.ts), that the rules decide on
// and apply events to.
import type { Slices } from '../features/registry'
import { initialSlices } from '../features/registry'

export interface SessionInfo {
  id: number
  name: string
  /** ISO 8601 */
  startedAt: string
}

export type SessionState = { session: SessionInfo } & Slices

export function emptySession(session: SessionInfo): SessionState {
  return { session, ...initialSlices() }
}
