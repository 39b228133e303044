import type { PollCatalog } from '../core/poll-definitions'
import type { Reply, SessionInfo } from '../core/protocol'
import type { Command, SessionEvent, SessionState } from '../core/tally'
import type { VoteStore } from './store/vote-store'
import { apply, decide, emptySession } from '../core/tally'

export type EngineChange
  = | { type: 'events', events: SessionEvent[] }
  /** The whole state was replaced: a new session, or a reload after a failed commit. */
    | { type: 'replaced' }

interface PendingCommand {
  sessionId: number
  events: SessionEvent[]
  resolve: (reply: Reply) => void
}

export interface SessionEngine {
  readonly catalog: PollCatalog
  readonly state: SessionState
  /** Resolves once the command's effects are durable, or with the reason it was refused. */
  execute: (command: Command) => Promise<Reply>
  startSession: (name: string) => Promise<SessionInfo>
  onChange: (listener: (change: EngineChange) => void) => void
  /** Waits for every accepted command to be committed. */
  settled: () => Promise<void>
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

/**
 * Runs commands against the current session. Decisions apply in memory at once, so the next command sees them, but
 * replies wait for the store: commands accepted within the same commit window share one commit (group commit).
 */
export async function createSessionEngine(catalog: PollCatalog, store: VoteStore): Promise<SessionEngine> {
  const [latest] = await store.listSessions()
  let state = (latest && await store.loadSession(latest.id)) || emptySession(await store.createSession(defaultSessionName()))

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

  async function commitBatch(batch: PendingCommand[]): Promise<void> {
    for (const sessionId of new Set(batch.map(command => command.sessionId))) {
      const events = batch.filter(command => command.sessionId === sessionId).flatMap(command => command.events)
      if (events.length > 0)
        await store.commit(sessionId, events)
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
        // What is in memory is now ahead of the disk: go back to what is durable, and refuse everything not yet committed.
        console.error('Échec d’écriture des votes :', error)
        const refused = [...batch, ...queue]
        queue = []
        state = await store.loadSession(state.session.id).catch(() => undefined) ?? state
        refused.forEach(command => command.resolve({ ok: false, error: 'storage_failed' }))
        notify({ type: 'replaced' })
        continue
      }
      // The tally goes out before the acknowledgements: in a burst, thousands of those would hold it back.
      const events = batch.flatMap(command => command.sessionId === state.session.id ? command.events : [])
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

  function enqueue(events: SessionEvent[]): Promise<Reply> {
    const reply = new Promise<Reply>(resolve => queue.push({ sessionId: state.session.id, events, resolve }))
    scheduleDrain()
    return reply
  }

  return {
    catalog,
    get state() {
      return state
    },
    execute: async (command) => {
      const decision = decide(catalog, state, command)
      if (!decision.ok)
        return decision
      decision.events.forEach(event => apply(state, event))
      // Even a command that changes nothing waits: it may repeat one whose commit is still under way.
      return enqueue(decision.events)
    },
    startSession: async (name) => {
      const session = await store.createSession(name)
      state = emptySession(session)
      notify({ type: 'replaced' })
      return session
    },
    onChange: (listener) => {
      listeners.push(listener)
    },
    settled: async () => {
      // Draining may schedule another drain for commands that arrived meanwhile.
      for (let current = draining; current; current = draining)
        await current
    },
  }
}
