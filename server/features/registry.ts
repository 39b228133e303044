// The server's part of every feature, listed once (each feature of core/features/registry.ts, and the server's
// health): the compiler refuses a feature left out, and a message of the room without its handler.
import type { MessageSpec } from '../../core/features/feature'
import type { AnyFeatureName, EventOf, FeatureViews, MessageName, MessageTable } from '../../core/features/registry'
import type { FeatureServer, Handler, ServerContext } from './feature'
import { decisionServer } from './decision'
import { healthServer } from './health'
import { navigationServer } from './navigation'
import { pollsServer } from './polls'
import { presenceServer, roomBounds } from './presence'
import { questionsServer } from './questions'
import { reactionsServer } from './reactions'
import { newSession, sessionsServer } from './sessions'

export type FeatureServers = { [N in AnyFeatureName]: FeatureServer<FeatureViews[N], EventOf<N>, any> }

/** The messages the server answers itself: those that are no command of the rules. */
type RoomMessage = { [M in MessageName]: MessageTable[M] extends MessageSpec<any, never> ? M : never }[MessageName]
export type Handlers = { [M in RoomMessage]: Handler<M> }

export function createFeatureServers(context: ServerContext): { servers: FeatureServers, handlers: Handlers } {
  const questions = questionsServer(context)
  const reactions = reactionsServer(context)
  return {
    servers: {
      nav: navigationServer(context),
      polls: pollsServer(context),
      questions,
      decision: decisionServer(context),
      presence: presenceServer(context),
      reactions,
      sessions: sessionsServer(context),
      health: healthServer(context),
    },
    handlers: {
      'questions:follow': questions.follow,
      'room:bounds': roomBounds(context),
      'react': reactions.react,
      'session:new': newSession(context),
    },
  }
}
