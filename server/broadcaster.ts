import type { DeckUpdate, PhoneUpdate } from '../core/protocol'
import type { SessionEvent } from '../core/session/events'
import type { Privacy } from '../core/session/privacy'
import type { EngineChange, SessionEngine } from './session-engine'
import type { Presence, SharedPhoneSnapshot } from './snapshots'
import type { PollServer, PollSocket } from './socket-types'
import { limits } from '../core/limits'
import { pollAndRepeats } from '../core/poll-catalog'
import { phoneQuestions, viewQuestions } from '../core/session/questions'
import { viewPolls } from '../core/session/views'
import { wordKey } from '../core/words'
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

/**
 * What changed, per audience, since the last update went out; `askers`: phones whose own questions changed;
 * `wordsRemoved`: phones whose words the presenter removed or restored.
 */
interface Dirty { polls: Set<string>, nav: boolean, presence: boolean, health: boolean, questions: boolean, moderation: boolean, decision: boolean, askers: Set<string>, wordsRemoved: Set<string> }

function clean(): Dirty {
  return { polls: new Set(), nav: false, presence: false, health: false, questions: false, moderation: false, decision: false, askers: new Set(), wordsRemoved: new Set() }
}

/** The room of one phone's sockets (tabs), for what concerns it alone. */
export function voterRoom(voterId: string): string {
  return `voter:${voterId}`
}

/**
 * Sends coalesced updates: only what changed, at most once per interval per audience. Every server applies the whole
 * log, so each one tells its own clients only (`io.local`), even when several share one address.
 */
export function createBroadcaster(io: PollServer, engine: SessionEngine, options: BroadcastOptions): Broadcaster {
  let deckDirty = clean()
  let phoneDirty = clean()
  let shared: SharedPhoneSnapshot | null = null
  // Each audience gets the questions that changed since its last update: an upvote costs one question, not the list.
  // The room (phones, screens) gets its most voted ones only, and a phone only once it opens them: its first load
  // stays light however many questions the session holds.
  const roomQuestions = (): ReturnType<typeof viewQuestions> => viewQuestions(engine.state.questions, 'room', limits.questionsShownToRoom)
  const feeds = {
    presenter: createQuestionFeed(() => viewQuestions(engine.state.questions, 'presenter')),
    screen: createQuestionFeed(roomQuestions),
    phone: createQuestionFeed(roomQuestions),
  }

  /** Ballots change what phones see only once results are revealed to them. */
  const concernsPhones = (event: SessionEvent): boolean =>
    (event.type !== 'ballot-cast' && event.type !== 'word-banned' && event.type !== 'word-restored')
    || engine.state.polls.get(event.pollId)?.revealed === true

  const deckTimer = throttle(options.deckIntervalMs, () => {
    const dirty = deckDirty
    deckDirty = clean()
    const { catalog, state } = engine
    const update = (role: 'presenter' | 'screen'): DeckUpdate => {
      const questionPatch = dirty.questions && feeds[role].advance()
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
    io.local.to(rooms.presenters).emit('deck:update', update('presenter'))
    io.local.to(rooms.screens).emit('deck:update', update('screen'))
  })

  // Phones hear of the presenter's moves only when the poll they should show changes.
  let focusSent = focusOf(engine.catalog, engine.state)
  const phoneTimer = throttle(options.phoneIntervalMs, () => {
    const dirty = phoneDirty
    phoneDirty = clean()
    const { catalog, state } = engine
    const focus = focusOf(catalog, state)
    const questionPatch = dirty.questions && feeds.phone.advance()
    const update: PhoneUpdate = {
      ...(dirty.polls.size > 0 && { polls: viewPolls(catalog, state.polls, 'phone', options.privacy, dirty.polls) }),
      ...(focus !== focusSent && { focus }),
      ...(questionPatch && { questionPatch }),
      ...(dirty.moderation && { moderated: state.questions.moderated }),
    }
    focusSent = focus
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
  })

  /** The phones whose answer holds a word, in any spelling. */
  const votersOfWord = (pollId: string, key: string): string[] => [...engine.state.polls.get(pollId)?.ballots ?? []]
    .filter(([, answer]) => answer.kind === 'words' && answer.words.some(word => wordKey(word) === key))
    .map(([voterId]) => voterId)

  const sendSnapshot = (socket: PollSocket): void => {
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

  const onChange = (change: EngineChange): void => {
    shared = null
    if (change.type === 'replaced') {
      focusSent = focusOf(engine.catalog, engine.state)
      Object.values(feeds).forEach(feed => feed.reset())
      for (const socket of io.of('/').sockets.values())
        sendSnapshot(socket)
      return
    }
    if (change.type === 'health') {
      deckDirty.health = true
      deckTimer.mark()
      return
    }
    for (const event of change.events) {
      if (event.type === 'presenter-moved') {
        deckDirty.nav = true
        phoneDirty.nav = true
      }
      // Phones do not show the decision: the projection does.
      else if (event.type === 'decision-recorded') {
        deckDirty.decision = true
      }
      else if ('pollId' in event) {
        pollAndRepeats(engine.catalog, event.pollId).forEach(pollId => deckDirty.polls.add(pollId))
        if (concernsPhones(event))
          phoneDirty.polls.add(event.pollId)
        if (event.type === 'word-banned' || event.type === 'word-restored')
          votersOfWord(event.pollId, event.word).forEach(voterId => phoneDirty.wordsRemoved.add(voterId))
      }
      else {
        deckDirty.questions = true
        phoneDirty.questions = true
        if (event.type === 'moderation-set') {
          deckDirty.moderation = true
          phoneDirty.moderation = true
        }
        const asker = 'questionId' in event && event.questionId !== null ? engine.state.questions.items.get(event.questionId)?.askedBy : undefined
        if (asker)
          phoneDirty.askers.add(asker)
      }
    }
    deckTimer.mark()
    if (phoneDirty.polls.size > 0 || phoneDirty.nav || phoneDirty.questions || phoneDirty.wordsRemoved.size > 0)
      phoneTimer.mark()
  }
  engine.onChange(onChange)

  return {
    sendSnapshot,
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
