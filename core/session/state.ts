// A voting session's state: plain data, one slice per feature (core/features/registry.ts), that the rules decide on
// and apply events to.
import type { Slices } from '../features/registry'
import type { SessionInfo } from '../features/sessions'
import { initialSlices } from '../features/registry'

export type { SessionInfo }

export type SessionState = { session: SessionInfo } & Slices

export function emptySession(session: SessionInfo): SessionState {
  return { session, ...initialSlices() }
}
