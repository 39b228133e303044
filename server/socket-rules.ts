// What each client message does, and who may send it: the socket server's command table. The compiler checks that
// every message of the protocol has its rule.
import type { Payload, PayloadEvent, Reply, RoomBounds } from '../core/protocol'
import type { Command } from '../core/session/rules'
import type { Right } from './access'
import type { Broadcaster } from './broadcaster'
import type { SessionEngine } from './session-engine'
import type { PollServer, PollSocket } from './socket-types'
import { randomBytes } from 'node:crypto'
import { limits } from '../core/limits'
import { rooms } from './broadcaster'
import { createRateLimiters } from './rate-limit'
import { createReactionCounter } from './reactions'

export interface Rule<E extends PayloadEvent> {
  right: 'phone' | Right
  run: (payload: Payload<E>, socket: PollSocket) => Promise<Reply> | Reply
}

export type Rules = { [E in PayloadEvent]: Rule<E> }

type CommandEvent = Exclude<PayloadEvent, 'session:new' | 'questions:follow' | 'room:bounds' | 'react'>

export interface RuleParts {
  io: PollServer
  engine: SessionEngine
  broadcaster: Broadcaster
  /** Per address: snapshots, and what costs as much. */
  snapshotLimiter: (address: string) => boolean
  /** The presenter changed the room's bounds on this server. */
  setBounds: (changed: Partial<RoomBounds>) => void
  /** Set when several servers share the session. */
  clustered: boolean
}

/** How often the projection gets the reactions of the moment. */
const reactionIntervalMs = 500

// Only phones reach the rules that ask for a voter: `right: 'phone'` is checked before `run`.
const voterOf = (socket: PollSocket): string => socket.data.role === 'phone' ? socket.data.voterId : ''

/** The messages that are commands of the session's rules, run by the engine. */
function commandRules({ engine, broadcaster }: RuleParts): { [E in CommandEvent]: Rule<E> } {
  const execute = (command: Command): Promise<Reply> => engine.execute(command)
  const onPoll = <E extends 'poll:open' | 'poll:close' | 'poll:reveal'>(type: 'open' | 'close' | 'reveal'): Rule<E> => ({ right: 'presenter', run: ({ pollId }) => execute({ type, pollId }) })
  return {
    'vote': {
      right: 'phone',
      run: async ({ pollId, answer, round }, socket) => {
        const reply = await execute({ type: 'vote', pollId, answer, round, voterId: voterOf(socket) })
        // A phone that answered an earlier round missed the new one: it gets the current state with the refusal.
        if (!reply.ok && reply.error === 'stale_round')
          broadcaster.sendSnapshot(socket)
        return reply
      },
    },
    'poll:open': onPoll('open'),
    'poll:close': onPoll('close'),
    'poll:reveal': onPoll('reveal'),
    'poll:reset': { right: 'presenter', run: ({ pollId, confirm }) => execute({ type: 'reset', pollId, confirmed: confirm === true }) },
    'word:remove': { right: 'presenter', run: ({ pollId, word }) => execute({ type: 'remove-word', pollId, word }) },
    'word:restore': { right: 'presenter', run: ({ pollId, word }) => execute({ type: 'restore-word', pollId, word }) },
    'cloud:pause': { right: 'presenter', run: ({ pollId, paused }) => execute({ type: 'pause-cloud', pollId, paused }) },
    'nav': { right: 'presenter', run: ({ page, clicks }) => execute({ type: 'move', page, clicks }) },
    'question:ask': {
      right: 'phone',
      // The id comes from here, not from the rules: they stay pure, and the log replays the same question.
      run: ({ text }, socket) => execute({ type: 'ask', questionId: `q-${randomBytes(9).toString('base64url')}`, voterId: voterOf(socket), text }),
    },
    'question:upvote': { right: 'phone', run: ({ questionId, upvoted }, socket) => execute({ type: 'upvote', questionId, upvoted, voterId: voterOf(socket) }) },
    'question:moderate': { right: 'presenter', run: ({ questionId, action }) => execute({ type: 'moderate', questionId, action }) },
    'questions:moderation': { right: 'presenter', run: ({ moderated }) => execute({ type: 'set-moderation', moderated }) },
    'questions:hide-sender': { right: 'presenter', run: ({ sender }) => execute({ type: 'hide-sender', sender }) },
    // The time comes from here, not from the rules: they stay pure, and the log replays the same time.
    'decision:record': { right: 'presenter', run: decision => execute({ type: 'record-decision', decision, recordedAt: new Date().toISOString() }) },
  }
}

/** The messages this server answers itself: sessions, the question list, the room's bounds, reactions. */
function roomRules({ io, engine, broadcaster, snapshotLimiter, setBounds, clustered }: RuleParts, reactions: { add: (reaction: Payload<'react'>['reaction']) => void }): Omit<Rules, CommandEvent> {
  const reactionLimiter = createRateLimiters(limits.reactionsPerVoter)
  return {
    'session:new': {
      right: 'presenter',
      run: async ({ name }) => {
        await engine.startSession(name)
        return { ok: true }
      },
    },
    'questions:follow': {
      right: 'phone',
      // The list costs about what a snapshot does: the same budget per address.
      run: (_payload, socket) => {
        if (!snapshotLimiter(socket.data.address))
          return { ok: false, error: 'rate_limited' }
        broadcaster.followQuestions(socket)
        return { ok: true }
      },
    },
    'room:bounds': {
      right: 'presenter',
      run: (changed) => {
        setBounds(changed)
        if (clustered)
          io.serverSideEmit('bounds', changed)
        return { ok: true }
      },
    },
    'react': {
      right: 'phone',
      run: ({ reaction }, socket) => {
        if (!reactionLimiter(voterOf(socket)))
          return { ok: false, error: 'rate_limited' }
        reactions.add(reaction)
        return { ok: true }
      },
    },
  }
}

/** Every message's rule; `close` stops the reactions' clock. */
export function socketRules(parts: RuleParts): { rules: Rules, close: () => void } {
  // Not `io.local`: reactions are in no log, and the screens of every server show them.
  const reactions = createReactionCounter(reactionIntervalMs, counts => parts.io.to([rooms.screens, rooms.presenters]).volatile.emit('reactions', counts))
  return { rules: { ...commandRules(parts), ...roomRules(parts, reactions) }, close: reactions.close }
}
