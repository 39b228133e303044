// Everything a client sends lands here: nothing from the network may throw, and every refusal gets a reason.
// One handler serves every socket (socket.io calls it with the socket as `this`), and a vote's reply takes no promise
// but the engine's: with thousands of phones voting at once, what each message allocates is what the server costs.
import type { MessageName } from '../core/features/registry'
import type { Reply } from '../core/protocol'
import type { Broadcaster } from './broadcaster'
import type { RateLimit } from './rate-limit'
import type { Rule, Rules } from './socket-rules'
import type { PollSocket, SocketData } from './socket-types'
import * as v from 'valibot'
import { messageTable } from '../core/features/registry'
import { createRateLimiters } from './rate-limit'

export const rateLimits: Record<SocketData['role'], RateLimit> = {
  phone: { burst: 10, perSecond: 2 },
  screen: { burst: 5, perSecond: 1 },
  presenter: { burst: 60, perSecond: 20 },
}

/**
 * A socket refused this many times in a row is flooding: its refusals then go unanswered until it keeps to its rate.
 * Silence, not a disconnection: a script reconnects at once, with a fresh snapshot to send, and the connections it
 * churns delay every phone that joins.
 */
const floodThreshold = 50

const rateLimited: Reply = { ok: false, error: 'rate_limited' }
const invalidPayload: Reply = { ok: false, error: 'invalid_payload' }
const forbidden: Reply = { ok: false, error: 'forbidden' }
const internalError: Reply = { ok: false, error: 'internal_error' }

export interface MessageParts {
  rules: Rules
  broadcaster: Broadcaster
  /** Per voter, not per socket: the tabs a phone may open share one budget. */
  phoneLimiter: (voterId: string) => boolean
  snapshotLimiter: (address: string) => boolean
}

type Ack = ((reply: Reply) => void) | undefined

/** A message's rule, checked for rights and parsed, or why not. */
function answer(event: string, args: unknown[], socket: PollSocket, { rules, broadcaster, snapshotLimiter }: MessageParts): Reply | Promise<Reply> {
  const { data } = socket
  if (event === 'sync' && args.length === 0) {
    if (!snapshotLimiter(data.address))
      return rateLimited
    broadcaster.sendSnapshot(socket)
    return { ok: true }
  }
  const rule = Object.hasOwn(rules, event) ? rules[event as MessageName] as Rule<MessageName> : undefined
  if (!rule || args.length !== 1)
    return invalidPayload
  if (rule.right !== data.role && !(rule.right === 'screen' && data.role === 'presenter'))
    return forbidden
  const payload = v.safeParse(messageTable[event as MessageName].schema, args[0])
  return payload.success ? rule.run(payload.output as never, socket) : invalidPayload
}

/** The one handler of every socket's messages, within each one's rate. */
export function messageHandler(parts: MessageParts): (this: PollSocket, event: string, ...args: unknown[]) => void {
  // A deck's budget is its socket's own (keyed by its id); a phone's, its voter's.
  const deckLimiters = { screen: createRateLimiters(rateLimits.screen), presenter: createRateLimiters(rateLimits.presenter) }
  const allowed = ({ data, id }: PollSocket): boolean => data.role === 'phone' ? parts.phoneLimiter(data.voterId) : deckLimiters[data.role](id)

  /** Replies, unless the socket is flooding; a phone that answered an earlier round gets the current state too. */
  const settle = (socket: PollSocket, ack: Ack, sent: Reply): void => {
    const { data } = socket
    data.refusedInARow = sent.ok ? 0 : data.refusedInARow + 1
    if (!sent.ok && sent.error === 'stale_round')
      parts.broadcaster.sendSnapshot(socket)
    if (data.refusedInARow <= floodThreshold)
      ack?.(sent)
  }
  const failed = (socket: PollSocket, ack: Ack, event: string, error: unknown): void => {
    console.error(`Erreur pendant « ${event} » :`, error)
    settle(socket, ack, internalError)
  }
  const deliver = (socket: PollSocket, ack: Ack, event: string, sent: Reply): void => {
    try {
      settle(socket, ack, sent)
    }
    catch (error) {
      failed(socket, ack, event, error)
    }
  }

  return function onMessage(this: PollSocket, event: string, ...args: unknown[]): void {
    const ack = typeof args.at(-1) === 'function' ? args.pop() as (reply: Reply) => void : undefined
    let reply: Reply | Promise<Reply>
    try {
      reply = allowed(this) ? answer(event, args, this, parts) : rateLimited
    }
    catch (error) {
      return failed(this, ack, event, error)
    }
    if (reply instanceof Promise)
      reply.then(sent => deliver(this, ack, event, sent), error => failed(this, ack, event, error))
    else
      deliver(this, ack, event, reply)
  }
}
