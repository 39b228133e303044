// What each client message does, and who may send it: the socket server's command table, built from the features'
// messages (core/features/registry.ts). A command goes to the engine; a message of the room to its feature's handler.
import type { Edge, MessageSpec, Sender } from '../core/features/feature'
import type { Command, MessageName, Payload } from '../core/features/registry'
import type { Reply } from '../core/protocol'
import type { Broadcaster } from './broadcaster'
import type { SessionEngine } from './session-engine'
import type { PollSocket } from './socket-types'
import { randomBytes } from 'node:crypto'
import { messageTable } from '../core/features/registry'

export interface Rule<M extends MessageName> {
  right: Sender
  run: (payload: Payload<M>, socket: PollSocket) => Promise<Reply> | Reply
}

export type Rules = { [M in MessageName]: Rule<M> }

const newId = (): string => randomBytes(9).toString('base64url')
const now = (): string => new Date().toISOString()

/** The edge's part of a command: who sent it, and the ids and times the rules may not make up. */
function edgeOf(socket: PollSocket): Edge {
  // Only phones reach the rules that ask for a voter: `right: 'phone'` is checked before `run`.
  return { voterId: socket.data.role === 'phone' ? socket.data.voterId : '', newId, now }
}

/** Every message's rule; a command's reply is the engine's own promise (a stale round's snapshot: socket-messages.ts). */
export function socketRules(engine: SessionEngine, handlers: Broadcaster['handlers']): Rules {
  const rule = (name: MessageName): Rule<MessageName> => {
    const { right, command } = messageTable[name] as MessageSpec<unknown, Command>
    if (!command)
      return { right, run: (handlers as Record<string, Rule<MessageName>['run']>)[name]! }
    return { right, run: (payload, socket) => engine.execute(command(payload, edgeOf(socket))) }
  }
  return Object.fromEntries(Object.keys(messageTable).map(name => [name, rule(name as MessageName)])) as Rules
}
