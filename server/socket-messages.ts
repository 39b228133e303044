// Everything a client sends lands here: nothing from the network may throw, and every refusal gets a reason.
import type { Socket } from 'socket.io'
import type { PayloadEvent, Reply } from '../core/protocol'
import type { Broadcaster } from './broadcaster'
import type { RateLimit } from './rate-limit'
import type { Rule, Rules } from './socket-rules'
import type { PollSocket, SocketData } from './socket-types'
import * as v from 'valibot'
import { payloadSchemas } from '../core/protocol'
import { createRateLimiter } from './rate-limit'

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

export interface MessageParts {
  rules: Rules
  broadcaster: Broadcaster
  /** Per voter, not per socket: the tabs a phone may open share one budget. */
  phoneLimiter: (voterId: string) => boolean
  snapshotLimiter: (address: string) => boolean
}

/** A message's rule, checked for rights and parsed, or why not. */
async function answer(event: string, args: unknown[], socket: PollSocket, { rules, broadcaster, snapshotLimiter }: MessageParts): Promise<Reply> {
  const { data } = socket
  if (event === 'sync' && args.length === 0) {
    if (!snapshotLimiter(data.address))
      return { ok: false, error: 'rate_limited' }
    broadcaster.sendSnapshot(socket)
    return { ok: true }
  }
  const rule = Object.hasOwn(rules, event) ? rules[event as PayloadEvent] as Rule<PayloadEvent> : undefined
  if (!rule || args.length !== 1)
    return { ok: false, error: 'invalid_payload' }
  if (rule.right !== data.role && !(rule.right === 'screen' && data.role === 'presenter'))
    return { ok: false, error: 'forbidden' }
  const payload = v.safeParse(payloadSchemas[event as PayloadEvent], args[0])
  if (!payload.success)
    return { ok: false, error: 'invalid_payload' }
  return rule.run(payload.output as never, socket)
}

/** Answers every message of a socket, within its rate. */
export function handleMessages(socket: PollSocket, parts: MessageParts): void {
  const { data } = socket
  const allow = data.role === 'phone' ? () => parts.phoneLimiter(data.voterId) : createRateLimiter(rateLimits[data.role])
  let refusedInARow = 0
  ;(socket as Socket).onAny(async (event: string, ...args: unknown[]) => {
    const ack = typeof args.at(-1) === 'function' ? args.pop() as (reply: Reply) => void : undefined
    const reply = (sent: Reply): void => {
      refusedInARow = sent.ok ? 0 : refusedInARow + 1
      if (refusedInARow <= floodThreshold)
        ack?.(sent)
    }
    try {
      reply(allow() ? await answer(event, args, socket, parts) : { ok: false, error: 'rate_limited' })
    }
    catch (error) {
      console.error(`Erreur pendant « ${event} » :`, error)
      reply({ ok: false, error: 'internal_error' })
    }
  })
}
