import type { PollCatalog } from '../core/poll-catalog'
import type { Reply } from '../core/protocol'
import type { SessionEvent } from '../core/session/events'
import type { ReadOnlySession } from '../core/session/read-only'
import type { Command } from '../core/session/rules'
import type { SessionInfo } from '../core/session/state'
import type { CommitHooks } from './engine/commit-queue'
import type { LogOrder } from './engine/log-order'
import type { LogReload } from './engine/log-reload'
import type { PendingCommands } from './engine/pending-commands'
import type { EngineHealth, StorageHealth } from './engine/storage-health'
import type { EventStore } from './store/event-store'
import { createChangeListeners } from './engine/change-listeners'
import { createCommitQueue } from './engine/commit-queue'
import { createLogOrder } from './engine/log-order'
import { createLogReload } from './engine/log-reload'
import { createPendingCommands } from './engine/pending-commands'
import { createStorageHealth, problemOf } from './engine/storage-health'

export type EngineChange
  = | { type: 'events', events: SessionEvent[] }
  /** The whole state was replaced: a new session, a new catalog, or a reload after a failed write. */
    | { type: 'replaced' }
    | { type: 'health' }

export interface SessionEngine {
  readonly catalog: PollCatalog
  /** Only the engine changes it: everyone else reads. */
  readonly state: ReadOnlySession
  readonly health: Readonly<EngineHealth>
  /** Resolves once the command's effects are durable and applied, or with the reason it was refused. */
  execute: (command: Command) => Promise<Reply>
  startSession: (name: string) => Promise<SessionInfo>
  /** Development: the deck's polls changed; the session is replayed against the new definitions. */
  replaceCatalog: (catalog: PollCatalog) => void
  onChange: (listener: (change: EngineChange) => void) => void
  /** Waits for every accepted command to be answered. */
  settled: () => Promise<void>
  /** Takes no new command, answers those it accepted, then stops. */
  close: () => Promise<void>
}

export function defaultSessionName(date = new Date()): string {
  const day = date.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' })
  const time = date.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' })
  return `Présentation du ${day}, ${time}`
}

/** Shared by every command a halted or closing engine refuses: no allocation per vote. */
const haltedReply: Reply = Object.freeze({ ok: false, error: 'engine_halted' })

/** Once a batch is in the log, or was refused. */
function commitHooks(store: EventStore, log: LogOrder, commands: PendingCommands, health: StorageHealth, reload: LogReload): CommitHooks {
  return {
    append: (sessionId, events) => store.append(sessionId, events),
    failed: async (error) => {
      console.error('Échec d’écriture des votes :', error)
      health.writeFailed(problemOf(error))
      await reload.recover()
    },
    committed: (batch) => {
      health.writing(null)
      const own = batch.get(log.session.id)
      if (own && !store.follow)
        reload.received(own)
      commands.releaseEarlierSessions(log.session.id)
    },
  }
}

/**
 * Runs commands against the current session. A command is decided against the state, its events are appended to the
 * log (`engine/commit-queue.ts`), and they apply in the log's order (`engine/log-order.ts`): the state is always the
 * log replayed, whichever server appended what, so what a reply says is what a restart will find. With a log only
 * this server writes, its own batch is the log's next part; with a shared one (Redis), the log gives every event back
 * in its order (`engine/log-reader.ts`), and a command is answered once its events are back
 * (`engine/pending-commands.ts`). Storage trouble is told to the presenter (`engine/storage-health.ts`), and the
 * engine goes back to what the log holds (`engine/log-reload.ts`).
 */
export async function createSessionEngine(initialCatalog: PollCatalog, store: EventStore): Promise<SessionEngine> {
  const [latest] = await store.listSessions()
  const log = createLogOrder(initialCatalog, latest ?? await store.createSession(defaultSessionName()))
  const changes = createChangeListeners<EngineChange>()
  const health = createStorageHealth(() => changes.notify({ type: 'health' }))
  const commands = createPendingCommands()
  const reload = createLogReload({
    store,
    log,
    commands,
    health,
    applied: events => changes.notify({ type: 'events', events }),
    replaced: () => changes.notify({ type: 'replaced' }),
  })
  const commits = createCommitQueue(commands, commitHooks(store, log, commands, health, reload))
  await reload.load(log.session)
  const settled = async (): Promise<void> => {
    await commits.drained()
    await commands.answered(() => health.unfollowed)
  }
  // A server shutting down takes no command once its sockets are closed: none may reach a store that is closing.
  let closing = false

  return {
    get catalog() {
      return log.catalog
    },
    get state() {
      return log.state
    },
    health: health.view,
    execute: (command) => {
      if (closing || health.halted)
        return Promise.resolve(haltedReply)
      const decision = log.decide(command)
      return decision.ok ? commits.submit(log.session.id, command, decision.events) : Promise.resolve(decision)
    },
    startSession: async (name) => {
      const started = await store.createSession(name)
      await reload.switchTo(started)
      return started
    },
    replaceCatalog: (next) => {
      log.replaceCatalog(next)
      changes.notify({ type: 'replaced' })
    },
    onChange: changes.add,
    settled,
    close: async () => {
      closing = true
      await settled()
      reload.stop()
      commands.close()
    },
  }
}
