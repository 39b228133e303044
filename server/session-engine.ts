import type { PollCatalog } from '../core/poll-catalog'
import type { Health, Reply } from '../core/protocol'
import type { SessionEvent } from '../core/session/events'
import type { Command } from '../core/session/rules'
import type { SessionInfo, SessionState } from '../core/session/state'
import type { EventStore } from './store/event-store'
import { apply, decide, replay } from '../core/session/rules'
import { emptySession } from '../core/session/state'
import { storageError } from './store/storage-errors'

export type EngineChange
  = | { type: 'events', events: SessionEvent[] }
  /** The whole state was replaced: a new session, a new catalog, or a reload after a failed write. */
    | { type: 'replaced' }
    | { type: 'health' }

interface PendingCommand {
  sessionId: number
  events: SessionEvent[]
  resolve: (reply: Reply) => void
}

export interface SessionEngine {
  readonly catalog: PollCatalog
  readonly state: SessionState
  readonly health: Health & { problem: string | null }
  /** Resolves once the command's effects are durable, or with the reason it was refused. */
  execute: (command: Command) => Promise<Reply>
  startSession: (name: string) => Promise<SessionInfo>
  /** Development: the deck's polls changed; the session is replayed against the new definitions. */
  replaceCatalog: (catalog: PollCatalog) => void
  onChange: (listener: (change: EngineChange) => void) => void
  /** Waits for every accepted command to be committed. */
  settled: () => Promise<void>
  close: () => void
}

function defaultSessionName(date = new Date()): string {
  const day = date.toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' })
  const time = date.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' })
  return `Présentation du ${day}, ${time}`
}

/**
 * How long accepted commands wait to share a commit. Each commit costs an fsync; votes trickling in one by one would
 * otherwise pay one each, and a slow disk would then stall the server in the middle of a burst.
 */
const commitWindowMs = 10
/** While the store cannot be read back, how often to try again. */
const recoveryIntervalMs = 2000

/**
 * Runs commands against the current session. Decisions apply in memory at once, so the next command sees them, but
 * replies wait for the store: commands accepted within the same commit window share one commit (group commit).
 * The events known to be durable are kept in memory too: whatever fails, the engine can always go back to them.
 */
export async function createSessionEngine(initialCatalog: PollCatalog, store: EventStore, databasePath: string): Promise<SessionEngine> {
  let catalog = initialCatalog
  const [latest] = await store.listSessions()
  const session = latest ?? await store.createSession(defaultSessionName())
  let durable: SessionEvent[] = latest ? await store.read(latest.id) : []
  let state = replay(catalog, session, durable)
  const health = { storing: true, problem: null as string | null }
  let halted = false

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

  let queue: PendingCommand[] = []
  let draining: Promise<void> | null = null
  let recovery: NodeJS.Timeout | undefined

  function setHealth(storing: boolean, problem: string | null): void {
    if (health.storing === storing && health.problem === problem)
      return
    Object.assign(health, { storing, problem })
    notify({ type: 'health' })
  }

  /** Back to what is on disk; if even that cannot be read, to what is known durable, refusing votes until it can. */
  async function recover(): Promise<boolean> {
    try {
      durable = await store.read(state.session.id)
      halted = false
    }
    catch (error) {
      console.error('Relecture des votes impossible :', error)
      halted = true
      setHealth(false, `${storageError(error, databasePath).message} Les votes sont refusés jusqu’au retour du stockage.`)
    }
    state = replay(catalog, state.session, durable)
    return !halted
  }

  function retryRecovery(): void {
    recovery = setTimeout(async () => {
      if (!await recover())
        return retryRecovery()
      setHealth(true, null)
      notify({ type: 'replaced' })
    }, recoveryIntervalMs)
  }

  async function commitBatch(batch: PendingCommand[]): Promise<void> {
    for (const sessionId of new Set(batch.map(command => command.sessionId))) {
      const events = batch.filter(command => command.sessionId === sessionId).flatMap(command => command.events)
      if (events.length > 0)
        await store.append(sessionId, events)
    }
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue
      queue = []
      try {
        await commitBatch(batch)
      }
      catch (error) {
        // Memory is now ahead of the disk: refuse everything not yet committed, and never show it as counted.
        console.error('Échec d’écriture des votes :', error)
        const refused = [...batch, ...queue]
        queue = []
        setHealth(false, storageError(error, databasePath).message)
        if (!await recover())
          retryRecovery()
        refused.forEach(command => command.resolve({ ok: false, error: 'storage_failed' }))
        notify({ type: 'replaced' })
        continue
      }
      const events = batch.flatMap(command => command.sessionId === state.session.id ? command.events : [])
      durable.push(...events)
      if (!halted)
        setHealth(true, null)
      // The tally goes out before the acknowledgements: in a burst, thousands of those would hold it back.
      if (events.length > 0)
        notify({ type: 'events', events })
      batch.forEach(command => command.resolve({ ok: true }))
    }
  }

  function scheduleDrain(): void {
    draining ??= new Promise<void>(resolve => setTimeout(resolve, commitWindowMs))
      .then(drain)
      .finally(() => {
        draining = null
        // A command queued while the last batch was being acknowledged still needs its commit.
        if (queue.length > 0)
          scheduleDrain()
      })
  }

  return {
    get catalog() {
      return catalog
    },
    get state() {
      return state
    },
    health,
    execute: async (command) => {
      if (halted)
        return { ok: false, error: 'engine_halted' }
      const decision = decide(catalog, state, command)
      if (!decision.ok)
        return decision
      decision.events.forEach(event => apply(catalog, state, event))
      // Even a command that changes nothing waits: it may repeat one whose commit is still under way.
      const reply = new Promise<Reply>(resolve => queue.push({ sessionId: state.session.id, events: decision.events, resolve }))
      scheduleDrain()
      return reply
    },
    startSession: async (name) => {
      const session = await store.createSession(name)
      durable = []
      state = emptySession(session)
      notify({ type: 'replaced' })
      return session
    },
    replaceCatalog: (next) => {
      catalog = next
      state = replay(catalog, state.session, durable)
      notify({ type: 'replaced' })
    },
    onChange: (listener) => {
      listeners.push(listener)
    },
    settled: async () => {
      // Draining may schedule another drain for commands that arrived meanwhile.
      for (let current = draining; current; current = draining)
        await current
    },
    close: () => clearTimeout(recovery),
  }
}
