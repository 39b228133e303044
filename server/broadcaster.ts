import type { Server, Socket } from 'socket.io'
import type { ClientToServerEvents, DeckUpdate, PhoneUpdate, PublicPollDefinition, ServerToClientEvents } from '../core/protocol'
import type { SessionEvent } from '../core/tally'
import type { SessionEngine } from './session-engine'
import { deckSnapshot, phoneSnapshot, publicDefinitions, viewPolls, viewPollsByAudience } from './snapshots'

export type SocketData = { role: 'phone', voterId: string } | { role: 'screen' | 'presenter' }
// eslint-disable-next-line ts/no-empty-object-type -- socket.io's slot for server-to-server events, which we do not use
export type PollServer = Server<ClientToServerEvents, ServerToClientEvents, {}, SocketData>
// eslint-disable-next-line ts/no-empty-object-type
export type PollSocket = Socket<ClientToServerEvents, ServerToClientEvents, {}, SocketData>

export const rooms = { phones: 'phones', screens: 'screens', presenters: 'presenters' } as const

export interface BroadcastOptions {
  joinUrl: string
  /** How often, at most, the deck and the presenter get tally updates. */
  deckIntervalMs: number
  /** Phones get fewer, lighter updates: thousands of them share one server. */
  phoneIntervalMs: number
}

export interface Broadcaster {
  sendSnapshot: (socket: PollSocket) => void
  presenceChanged: () => void
  close: () => void
}

/** Does this event change what phones see? Ballots only matter to them once results are revealed. */
function concernsPhones(event: SessionEvent, engine: SessionEngine): boolean {
  if (event.type === 'ballot-cast' || event.type === 'word-banned')
    return engine.state.polls.get(event.pollId)?.revealed === true
  return true
}

/**
 * Runs `flush` at most once per `intervalMs`: at once when the last run is older than that, otherwise when the interval
 * is up. A lone vote shows without delay; a burst of them shows as a few updates.
 */
function throttle(intervalMs: number, flush: () => void): { mark: () => void, cancel: () => void } {
  let timer: NodeJS.Timeout | undefined
  let lastRun = Number.NEGATIVE_INFINITY
  const run = (): void => {
    timer = undefined
    lastRun = performance.now()
    flush()
  }
  return {
    mark: () => {
      if (timer)
        return
      const wait = lastRun + intervalMs - performance.now()
      if (wait <= 0)
        run()
      else
        timer = setTimeout(run, wait)
    },
    cancel: () => clearTimeout(timer),
  }
}

/** Sends coalesced updates: only what changed, at most once per interval per audience. */
export function createBroadcaster(io: PollServer, engine: SessionEngine, options: BroadcastOptions): Broadcaster {
  const definitions: Record<string, PublicPollDefinition> = publicDefinitions(engine.catalog)
  const phoneCount = (): number => io.of('/').adapter.rooms.get(rooms.phones)?.size ?? 0

  const deckDirty = { polls: new Set<string>(), focus: false, phones: false }
  const phoneDirty = { polls: new Set<string>(), focus: false }

  const deckTimer = throttle(options.deckIntervalMs, () => {
    const update = (polls: DeckUpdate['polls']): DeckUpdate => ({
      ...(deckDirty.polls.size > 0 && { polls }),
      ...(deckDirty.focus && { focus: engine.state.focus }),
      ...(deckDirty.phones && { phones: phoneCount() }),
    })
    const views = viewPollsByAudience(engine.catalog, engine.state.polls, ['presenter', 'screen'], deckDirty.polls)
    io.to(rooms.presenters).emit('deck:update', update(views.presenter))
    io.to(rooms.screens).emit('deck:update', update(views.screen))
    deckDirty.polls.clear()
    deckDirty.focus = false
    deckDirty.phones = false
  })

  const phoneTimer = throttle(options.phoneIntervalMs, () => {
    const update: PhoneUpdate = {
      ...(phoneDirty.polls.size > 0 && { polls: viewPolls(engine.catalog, engine.state.polls, 'phone', phoneDirty.polls) }),
      ...(phoneDirty.focus && { focus: engine.state.focus }),
    }
    io.to(rooms.phones).volatile.emit('phone:update', update)
    phoneDirty.polls.clear()
    phoneDirty.focus = false
  })

  const sendSnapshot = (socket: PollSocket): void => {
    const { data } = socket
    if (data.role === 'phone')
      socket.emit('phone:snapshot', phoneSnapshot(engine.catalog, engine.state, data.voterId, definitions))
    else
      socket.emit('deck:snapshot', deckSnapshot(engine.catalog, engine.state, data.role, phoneCount(), options.joinUrl))
  }

  engine.onChange((change) => {
    if (change.type === 'replaced') {
      for (const socket of io.of('/').sockets.values())
        sendSnapshot(socket)
      return
    }
    for (const event of change.events) {
      if (event.type === 'focus-changed') {
        deckDirty.focus = true
        phoneDirty.focus = true
      }
      else {
        deckDirty.polls.add(event.pollId)
        if (concernsPhones(event, engine))
          phoneDirty.polls.add(event.pollId)
      }
    }
    deckTimer.mark()
    if (phoneDirty.polls.size > 0 || phoneDirty.focus)
      phoneTimer.mark()
  })

  return {
    sendSnapshot,
    presenceChanged: () => {
      deckDirty.phones = true
      deckTimer.mark()
    },
    close: () => {
      deckTimer.cancel()
      phoneTimer.cancel()
    },
  }
}
