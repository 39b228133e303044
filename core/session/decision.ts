import type { ErrorCode } from '../errors'
import type { SessionEvent } from './events'

/** What a command changes, or why it is refused. An empty list of events: the command changes nothing (it repeats one). */
export type Decision = { ok: true, events: SessionEvent[] } | { ok: false, error: ErrorCode }

export function refuse(error: ErrorCode): Decision {
  return { ok: false, error }
}

export function accept(...events: SessionEvent[]): Decision {
  return { ok: true, events }
}
