import type { DeckUpdate, PhoneUpdate } from '../core/protocol'
import type { Privacy } from '../core/session/privacy'
import type { ReadOnlySession } from '../core/session/read-only'
import type { Dirty } from './broadcast-changes'
import type { QuestionFeed } from './question-feed'
import type { EngineChange, SessionEngine } from './session-engine'
import type { Presence, SharedPhoneSnapshot } from './snapshots'
import type { PollServer, PollSocket } from './socket-types'
import { limits } from '../core/limits'
import { phoneQuestions, viewQuestions } from '../core/session/questions'
import { viewPolls } from '../core/session/views'
import { clean, phonesConcerned, recordEvents, throttle } from './broadcast-changes'
import { createQuestionFeed } from './question-feed'
import { deckSnapshot, focusOf, phoneSnapshot, removedWords, sharedPhoneSnapshot } from './snapshots'

/** `questionReaders`: phones that opened the room's questions, until their next snapshot. */
export const rooms = { phones: 'phones', questionReaders: 'question-readers', screens: 'screens', presenters: 'presenters' } as const

export interface BroadcastOptions {
  joinUrl: string
  presence: () => Presence
  /** How often, at most, the deck and the presenter get updates. */
  deckIntervalMs: number
  /** Phones get fewer, lighter updates: thousands of them share one server. */
  phoneIntervalMs: number
  /** The small-room threshold, and whether the projection shows bars while a vote is open. */
  privacy: Privacy
}

export interface Broadcaster {
  sendSnapshot: (socket: PollSocket) => void
  /** Sends a phone the room's questions, and from then on what changes in them. */
  followQuestions: (socket: PollSocket) => void
  presenceChanged: () => void
  close: () => void
}

/** The room of one phone's sockets (tabs), for what concerns it alone. */
export function voterRoom(voterId: string): string {
  return `voter:${voterId}`
}

type QuestionFeeds = Record<'presenter' | 'screen' | 'phone', QuestionFeed>

/**
 * Each audience gets the questions that changed since its last update: an upvote costs one question, not the list.
 * The room (phones, screens) gets its most voted ones only, and a phone only once it opens them: its first load stays
 * light however many questions the session holds.
 */
function questionFeeds(engine: SessionEngine): QuestionFeeds {
  const roomQuestions = (): ReturnType<typeof viewQuestions> => viewQuestions(engine.state.questions, 'room', limits.questionsShownToRoom)
  return {
    presenter: createQuestionFeed(() => viewQuestions(engine.state.questions, 'presenter')),
    screen: createQuestionFeed(roomQuestions),
    phone: createQuestionFeed(roomQuestions),
  }
}

/** Full snapshots; what every phone's holds alike is computed once per change, however many phones ask. */
function snapshotSender(engine: SessionEngine, options: BroadcastOptions, feeds: QuestionFeeds): { send: (socket: PollSocket) => void, changed: () => void, resendAll: (io: PollServer) => void } {
  let shared: SharedPhoneSnapshot | null = null
  const send = (socket: PollSocket): void => {
    const { data } = socket
    if (data.role === 'phone') {
      // A snapshot holds no room questions: the phone asks for them again, and patches then apply to what it got.
      socket.leave(rooms.questionReaders)
      socket.emit('phone:snapshot', phoneSnapshot(shared ??= sharedPhoneSnapshot(engine, options.privacy), engine.state, data.voterId))
    }
    else {
      socket.emit('deck:snapshot', deckSnapshot(engine, data.role, options.privacy, { ...options.presence(), joinUrl: options.joinUrl, questions: feeds[data.role].sent() }))
    }
  }
  return {
    send,
    changed: () => {
      shared = null
    },
    /** The whole state was replaced: every client starts again from a snapshot. */
    resendAll: (io) => {
      Object.values(feeds).forEach(feed => feed.reset())
      for (const socket of io.of('/').sockets.values())
        send(socket)
    },
  }
}

/** An update for one role of the deck: what changed since its last one. */
function deckUpdate(engine: SessionEngine, dirty: Dirty, role: 'presenter' | 'screen', feed: QuestionFeed, options: BroadcastOptions): DeckUpdate {
  const { catalog, state } = engine
  const questionPatch = dirty.questions && feed.advance()
  return {
    ...(dirty.polls.size > 0 && { polls: viewPolls(catalog, state.polls, role, options.privacy, dirty.polls) }),
    ...(dirty.nav && { nav: state.nav, focus: focusOf(catalog, state) }),
    ...(dirty.presence && options.presence()),
    ...(dirty.health && { health: { ...engine.health } }),
    ...(questionPatch && { questionPatch }),
    ...(dirty.moderation && { moderated: state.questions.moderated }),
    ...(dirty.decision && { decision: state.decision }),
  }
}

/** The phones' update (`changed`: its polls and focus), the question readers' and each concerned phone's own. */
function sendPhoneUpdates(io: PollServer, state: ReadOnlySession, dirty: Dirty, changed: PhoneUpdate, feed: QuestionFeed): void {
  const questionPatch = dirty.questions && feed.advance()
  const update: PhoneUpdate = {
    ...changed,
    ...(questionPatch && { questionPatch }),
    ...(dirty.moderation && { moderated: state.questions.moderated }),
  }
  const { questionPatch: _readersOnly, ...forAll } = update
  if (Object.keys(forAll).length > 0)
    io.local.to(rooms.phones).except(rooms.questionReaders).volatile.emit('phone:update', forAll)
  // Not volatile: a patch missed would leave a question stale, a hidden one still shown, until the next snapshot.
  if (Object.keys(update).length > 0)
    io.local.to(rooms.questionReaders).emit('phone:update', update)
  // Not volatile: what happened to its own question, a phone must learn even if it missed the room's update.
  for (const voterId of dirty.askers)
    io.local.to(voterRoom(voterId)).emit('phone:update', { asked: phoneQuestions(state.questions, voterId).asked })
  for (const voterId of dirty.wordsRemoved)
    io.local.to(voterRoom(voterId)).emit('phone:update', { removed: removedWords(state, voterId) })
}

/**
 * Sends coalesced updates: only what changed, at most once per interval per audience. Every server applies the whole
 * log, so each one tells its own clients only (`io.local`), even when several share one address.
 */
export function createBroadcaster(io: PollServer, engine: SessionEngine, options: BroadcastOptions): Broadcaster {
  let deckDirty = clean()
  let phoneDirty = clean()
  const feeds = questionFeeds(engine)
  const snapshots = snapshotSender(engine, options, feeds)

  const deckTimer = throttle(options.deckIntervalMs, () => {
    const dirty = deckDirty
    deckDirty = clean()
    for (const role of ['presenter', 'screen'] as const)
      io.local.to(role === 'presenter' ? rooms.presenters : rooms.screens).emit('deck:update', deckUpdate(engine, dirty, role, feeds[role], options))
  })

  // Phones hear of the presenter's moves only when the poll they should show changes.
  let focusSent = focusOf(engine.catalog, engine.state)
  const phoneTimer = throttle(options.phoneIntervalMs, () => {
    const dirty = phoneDirty
    phoneDirty = clean()
    const focus = focusOf(engine.catalog, engine.state)
    sendPhoneUpdates(io, engine.state, dirty, {
      ...(dirty.polls.size > 0 && { polls: viewPolls(engine.catalog, engine.state.polls, 'phone', options.privacy, dirty.polls) }),
      ...(focus !== focusSent && { focus }),
    }, feeds.phone)
    focusSent = focus
  })

  const onChange = (change: EngineChange): void => {
    snapshots.changed()
    if (change.type === 'replaced') {
      focusSent = focusOf(engine.catalog, engine.state)
      return snapshots.resendAll(io)
    }
    if (change.type === 'health') {
      deckDirty.health = true
      deckTimer.mark()
      return
    }
    recordEvents(engine.catalog, engine.state, change.events, deckDirty, phoneDirty)
    deckTimer.mark()
    if (phonesConcerned(phoneDirty))
      phoneTimer.mark()
  }
  engine.onChange(onChange)

  return {
    sendSnapshot: snapshots.send,
    followQuestions: (socket) => {
      socket.join(rooms.questionReaders)
      socket.emit('phone:update', { questionPatch: { changed: feeds.phone.sent(), removed: [] } })
    },
    presenceChanged: () => {
      deckDirty.presence = true
      deckTimer.mark()
    },
    close: () => {
      deckTimer.cancel()
      phoneTimer.cancel()
    },
  }
}
