import type { Verdict } from '../features/feature'
import type { SessionEvent } from './events'

/** What a command changes, or why it is refused. An empty list of events: the command changes nothing (it repeats one). */
export type Decision = Verdict<SessionEvent>
