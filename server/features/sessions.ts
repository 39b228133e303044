// Sessions on the wire: which one every client is in, and the presenter starting a new one.
import type { SessionViews } from '../../core/features/sessions'
import type { FeatureServer, Handler, ServerContext } from './feature'
import { noEvents } from './feature'

export function sessionsServer({ engine, joinUrl, privacy }: ServerContext): FeatureServer<SessionViews> {
  return {
    ...noEvents,
    deck: role => ({ role, session: engine.state.session, joinUrl, threshold: privacy.threshold }),
    deckUpdate: () => ({}),
    phone: () => ({ session: engine.state.session, threshold: privacy.threshold }),
    voter: () => ({}),
    phoneUpdate: () => ({ all: {} }),
    voterUpdates: () => [],
    restart: () => {},
  }
}

export function newSession({ engine }: ServerContext): Handler<'session:new'> {
  return async ({ name }) => {
    await engine.startSession(name)
    return { ok: true }
  }
}
