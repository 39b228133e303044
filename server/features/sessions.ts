// Sessions on the wire: which one every client is in, and the presenter starting a new one.
import type { SessionViews } from '../../core/features/sessions'
import type { FeatureServer, Handler, ServerContext } from './feature'
import { noEvents, nothingForPhones } from './feature'

export function sessionsServer({ engine, joinUrl, privacy }: ServerContext): FeatureServer<SessionViews> {
  return {
    ...noEvents,
    ...nothingForPhones,
    deck: role => ({ role, session: engine.state.session, joinUrl, threshold: privacy.threshold }),
    deckUpdate: () => ({}),
    // Only in snapshots: a new session reaches every client as one.
    phone: () => ({ session: engine.state.session, threshold: privacy.threshold }),
  }
}

export function newSession({ engine }: ServerContext): Handler<'session:new'> {
  return async ({ name }) => {
    await engine.startSession(name)
    return { ok: true }
  }
}
