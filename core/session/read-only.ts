// The session's state as the engine hands it out: readable to any depth, changed by no one outside the engine.
import type { ReadOnly } from '../read-only'
import type { SessionState } from './state'

export type ReadOnlySession = ReadOnly<SessionState>
