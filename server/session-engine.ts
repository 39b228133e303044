import type { PollCatalog } from '../core/poll-catalog'
import type { Reply } from '../core/protocol'
import type { SessionEvent } from '../core/session/events'
import type { Command } from '../core/session/rules'
import type { SessionInfo, SessionState } from '../core/session/state'
import type { EngineHealth } from './engine/storage-health'
import type { EventStore, Following, LogListener, TaggedEvent } from './store/event-store'
import { createCommitQueue } from './engine/commit-queue'
import { createLogOrder } from './engine/log-order'
import { createStorageHealth, problemOf } from './engine/storage-health'

export type EngineChange
  = | { type: 'events', events: SessionEvent[] }
  /** The whole state was replaced: a new session, a new catalog, or a reload after a failed write. */
    | { type: 'replaced' }
    | { type: 'health' }

export interface SessionEngine {
  readonly catalog: PollCatalog
  readonly state: SessionState
  readonly health: Readonly<EngineHealth>
  /** Resolves once the command's effects are durable and applied, or with the reason it was refused. */
  execute: (command: Command) => Promise<Reply>
  startSession: (name: string) => Promise<SessionInfo>
  /** Development: the deck's polls changed; the session is replayed against the new definitions. */
  replaceCatalog: (catalog: PollCatalog) => void
  onChange: (listener: (change: EngineChange) => void) => void
  /** Waits for every accepted command to be answered. */
  settled: () => Promise<void>
  close: () => void
}

export function defaultSessionName(date = new Date()): string {
  const day = date.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' })
  const time = date.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' })
  return `Présentation du ${day}, ${time}`
}

/** While the store cannot be read back, how often to try again. */
const recoveryIntervalMs = 2000

/**
 * Runs commands against the current session. A command is decided against the state, its events are appended to the
 * log (`engine/commit-queue.ts`), and they apply in the log's order (`engine/log-order.ts`): the state is always the
 * log replayed, whichever server appended what, so what a reply says is what a restart will find. With a log only
 * this server writes, its own batch is the log's next part; with a shared one (Redis), the log gives every event back
 * in its order, and a command is answered once its events are back. Storage trouble is told to the presenter
 * (`engine/storage-health.ts`), and the engine goes back to what the log holds.
 */
export async function createSessionEngine(initialCatalog: PollCatalog, store: EventStore): Promise<SessionEngine> {
  const [latest] = await store.listSessions()
  const log = createLogOrder(initialCatalog, latest ?? await store.createSession(defaultSessionName()))
  let following: Following | undefined
  let recovery: NodeJS.Timeout | undefined

  const listeners: ((change: EngineChange) => void)[] = []
  // A failing listener must not keep the commands of a committed batch from their acknowledgements.
  const notify = (change: EngineChange): void => listeners.forEach((listener) => {
    try {
      listener(change)
    }
    catch (error) {
      console.error('Échec de la diffusion des résultats :', error)
    }
  })
  const health = createStorageHealth(() => notify({ type: 'health' }))

  const commits = createCommitQueue({
    append: (sessionId, events) => store.append(sessionId, events),
    failed: async (error) => {
      // Check the log can still be read, and go back to it.
      console.error('Échec d’écriture des votes :', error)
      health.writeFailed(problemOf(error))
      if (!await recover())
        retryRecovery()
    },
    committed: (batch) => {
      health.writing(null)
      const own = batch.get(log.session.id)
      if (own && !store.follow)
        received(own)
      commits.releaseEarlierSessions(log.session.id)
    },
  })

  function received(events: readonly TaggedEvent[]): void {
    const applied = log.applyInOrder(events, commits.landed)
    // The tally goes out before the acknowledgements: in a burst, thousands of those would hold it back.
    if (applied.length > 0)
      notify({ type: 'events', events: applied })
    commits.answerReady()
  }

  function listenerFor(sessionId: number): LogListener {
    return {
      appended: (events) => {
        if (sessionId === log.session.id && following)
          received(events)
      },
      sessionStarted: info => void switchTo(info),
      reachable: problem => health.following(problem),
    }
  }

  /** Reads the session's log again, and follows it when it is shared. */
  async function load(target: SessionInfo): Promise<void> {
    following?.stop()
    following = undefined
    // A shared log gives tags back: commands of this server found in it are answered as if they had just come back.
    const events = store.follow
      ? (following = await store.follow(target.id, listenerFor(target.id))).events
      : (await store.read(target.id)).map(event => ({ event, tag: '' }))
    log.start(target)
    log.applyInOrder(events, commits.landed)
    commits.answerReady()
  }

  /** Back to what the log holds; if even that cannot be read, to what was applied, refusing commands until it can. */
  async function recover(): Promise<boolean> {
    let problem: string | null = null
    try {
      await load(log.session)
    }
    catch (error) {
      console.error('Relecture des votes impossible :', error)
      problem = problemOf(error)
    }
    health.reading(problem)
    notify({ type: 'replaced' })
    return problem === null
  }

  function retryRecovery(): void {
    recovery = setTimeout(async () => {
      if (!await recover())
        return retryRecovery()
      // The store answers again: the next commit will tell whether writing does too.
      health.writing(null)
    }, recoveryIntervalMs)
  }

  let switching = Promise.resolve()
  /** To a newer session, started here or by another server sharing the log. */
  function switchTo(target: SessionInfo): Promise<void> {
    switching = switching.then(async () => {
      if (target.id <= log.session.id)
        return
      log.start(target)
      commits.releaseEarlierSessions(target.id)
      if (!await recover())
        retryRecovery()
    })
    return switching
  }

  await load(log.session)

  return {
    get catalog() {
      return log.catalog
    },
    get state() {
      return log.state
    },
    health: health.view,
    execute: async (command) => {
      if (health.halted)
        return { ok: false, error: 'engine_halted' }
      const decision = log.decide(command)
      return decision.ok ? commits.submit(log.session.id, command, decision.events) : decision
    },
    startSession: async (name) => {
      const started = await store.createSession(name)
      await switchTo(started)
      return started
    },
    replaceCatalog: (next) => {
      log.replaceCatalog(next)
      notify({ type: 'replaced' })
    },
    onChange: (listener) => {
      listeners.push(listener)
    },
    settled: () => commits.settled(() => health.unfollowed),
    close: () => {
      clearTimeout(recovery)
      following?.stop()
      commits.close()
    },
  }
}
