// Where the presenter is: only a presenter's change of slide moves it, and the screens and phones follow.
import type { Decision } from './decision'
import type { SessionState } from './state'
import { accept } from './decision'

export interface NavCommand { type: 'move', page: number, clicks: number }
export interface NavEvent { type: 'presenter-moved', page: number, clicks: number }

export function decideNav(state: SessionState, command: NavCommand): Decision {
  const { page, clicks } = command
  return state.nav?.page === page && state.nav.clicks === clicks ? accept() : accept({ type: 'presenter-moved', page, clicks })
}

export function applyNav(state: SessionState, event: NavEvent): boolean {
  state.nav = { page: event.page, clicks: event.clicks }
  return true
}
