import type { PollCatalog } from '../core/poll-catalog'
import type { Health, Reply } from '../core/protocol'
import type { SessionEvent } from '../core/session/events'
import type { Command } from '../core/session/rules'
import type { SessionInfo, SessionState } from '../core/session/state'
import type { EventStore, Following, LogListener, TaggedEvent } from './store/event-store'
import { randomBytes } from 'node:crypto'
import { apply, decide, replay } from '../core/session/rules'
import { emptySession } from '../core/session/state'
import { StorageError } from './store/event-store'

export type EngineChange
  = | { type: 'events', events: SessionEvent[] }
  /** The whole state was replaced: a new session, a new catalog, or a reload after a failed write. */
    | { type: 'replaced' }
    | { type: 'health' }

interface PendingCommand {
  tag: string
  sessionId: number
  command: Command
  events: SessionEvent[]
  /** Its events the log has not given back yet. */
  remaining: number
  appended: boolean
  /** Set when the log refused one of its events where it landed. */
  verdict?: Reply
  resolve: (reply: Reply) => void
}

export interface SessionEngine {
  readonly catalog: PollCatalog
  readonly state: SessionState
  readonly health: Health & { problem: string | null }
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

function problemOf(error: unknown): string {
  return error instanceof StorageError ? error.message : `L’enregistrement des votes a échoué (${(error as Error).message}).`
}

/**
 * How long accepted commands wait to share a commit. Each commit costs an fsync; votes trickling in one by one would
 * otherwise pay one each, and a slow disk would then stall the server in the middle of a burst.
 */
const commitWindowMs = 10
/** While the store cannot be read back, how often to try again. */
const recoveryIntervalMs = 2000
const haltedSuffix = 'Les votes sont refusés jusqu’au retour du stockage.'

/**
 * Runs commands against the current session. A command is decided against the state, its events are appended to the
 * log, and they apply in the log's order: the state is always the log replayed, whichever server appended what, so
 * what a reply says is what a restart will find. Commands accepted within the same commit window share one commit
 * (group commit). With a log only this server writes, its own batch is the log's next part; with a shared one (Redis),
 * the log gives every event back in its order, and a command is answered once its events are back.
 */
export async function createSessionEngine(initialCatalog: PollCatalog, store: EventStore): Promise<SessionEngine> {
  const serverId = randomBytes(6).toString('base64url')
  let commandCount = 0
  let catalog = initialCatalog
  const [latest] = await store.listSessions()
  let session = latest ?? await store.createSession(defaultSessionName())
  let state = emptySession(session)
  /** The current session's log as applied, to replay it against new poll definitions. */
  let durable: SessionEvent[] = []
  let following: Following | undefined
  const health = { storing: true, problem: null as string | null }
  /** Why the log cannot be read back or followed; while set, commands are refused. */
  let readProblem: string | null = null
  let followProblem: string | null = null
  /** Why the last commit failed, until one succeeds; commands are still tried. */
  let writeProblem: string | null = null

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

  /** Accepted commands by tag, in the order they were accepted; `queue`: those still waiting for their commit. */
  const pending = new Map<string, PendingCommand>()
  let queue: string[] = []
  let draining: Promise<void> | null = null
  let recovery: NodeJS.Timeout | undefined
  /** Callers of `settled`, waiting for every command to be answered. */
  const waiters: (() => void)[] = []

  function setHealth(storing: boolean, problem: string | null): void {
    if (health.storing === storing && health.problem === problem)
      return
    Object.assign(health, { storing, problem })
    notify({ type: 'health' })
  }

  function showHealth(): void {
    const halting = readProblem ?? followProblem
    const problem = halting === null ? writeProblem : `${halting} ${haltedSuffix}`
    setHealth(problem === null, problem)
  }

  /** Why the log refused a command's event where it landed: the rules, asked again at that place, say so. */
  function verdictAt(command: Command): Reply {
    const verdict = decide(catalog, state, command)
    if (!verdict.ok)
      return verdict
    // What the command asked for already held there (a question sent twice): it stands.
    return verdict.events.length === 0 ? { ok: true } : { ok: false, error: 'internal_error' }
  }

  /** Applies events of the current session in the log's order; returns those that took effect. */
  function applyLogged(events: readonly TaggedEvent[]): SessionEvent[] {
    const applied: SessionEvent[] = []
    for (const { event, tag } of events) {
      const command = pending.get(tag)
      durable.push(event)
      // A refused event leaves the state as it was: the rules can be asked why, at that very place.
      if (apply(catalog, state, event))
        applied.push(event)
      else if (command)
        command.verdict ??= verdictAt(command.command)
      if (command)
        command.remaining -= 1
    }
    return applied
  }

  /** Answers commands in the order they were accepted: a command that changed nothing may repeat one not yet back. */
  function answerReady(): void {
    for (const [tag, command] of pending) {
      if (!command.appended || command.remaining > 0)
        break
      pending.delete(tag)
      command.resolve(command.verdict ?? { ok: true })
    }
    if (pending.size === 0)
      waiters.splice(0).forEach(resolve => resolve())
  }

  function received(events: readonly TaggedEvent[]): void {
    const applied = applyLogged(events)
    // The tally goes out before the acknowledgements: in a burst, thousands of those would hold it back.
    if (applied.length > 0)
      notify({ type: 'events', events: applied })
    answerReady()
  }

  /** Commands of an earlier session are in its log, which this server no longer follows. */
  function releaseEarlierSessions(): void {
    for (const command of pending.values()) {
      if (command.sessionId !== session.id && command.appended)
        command.remaining = 0
    }
    answerReady()
  }

  function listenerFor(sessionId: number): LogListener {
    return {
      appended: (events) => {
        if (sessionId === session.id && following)
          received(events)
      },
      sessionStarted: info => void switchTo(info),
      reachable: (problem) => {
        followProblem = problem
        showHealth()
      },
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
    session = target
    state = emptySession(target)
    durable = []
    applyLogged(events)
    answerReady()
  }

  /** Back to what the log holds; if even that cannot be read, to what was applied, refusing commands until it can. */
  async function recover(): Promise<boolean> {
    try {
      await load(session)
      readProblem = null
    }
    catch (error) {
      console.error('Relecture des votes impossible :', error)
      readProblem = problemOf(error)
    }
    showHealth()
    notify({ type: 'replaced' })
    return readProblem === null
  }

  function retryRecovery(): void {
    recovery = setTimeout(async () => {
      if (!await recover())
        return retryRecovery()
      // The store answers again: the next commit will tell whether writing does too.
      writeProblem = null
      showHealth()
    }, recoveryIntervalMs)
  }

  let switching = Promise.resolve()
  /** To a newer session, started here or by another server sharing the log. */
  function switchTo(target: SessionInfo): Promise<void> {
    switching = switching.then(async () => {
      if (target.id <= session.id)
        return
      session = target
      state = emptySession(target)
      durable = []
      releaseEarlierSessions()
      if (!await recover())
        retryRecovery()
    })
    return switching
  }

  const waiting = (tags: string[]): PendingCommand[] => tags.flatMap(tag => pending.get(tag) ?? [])

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = waiting(queue)
      queue = []
      const sessions = [...new Set(batch.map(command => command.sessionId))]
      const logged = (sessionId: number): TaggedEvent[] => batch
        .filter(command => command.sessionId === sessionId)
        .flatMap(({ events, tag }) => events.map(event => ({ event, tag })))
      try {
        for (const sessionId of sessions) {
          const events = logged(sessionId)
          if (events.length > 0)
            await store.append(sessionId, events)
        }
      }
      catch (error) {
        // Nothing of this batch applied: refuse it, and what waits behind it, and check the log can still be read.
        console.error('Échec d’écriture des votes :', error)
        const refused = [...batch, ...waiting(queue)]
        queue = []
        writeProblem = problemOf(error)
        if (!await recover())
          retryRecovery()
        for (const command of refused) {
          pending.delete(command.tag)
          command.resolve({ ok: false, error: 'storage_failed' })
        }
        continue
      }
      batch.forEach(command => command.appended = true)
      writeProblem = null
      showHealth()
      for (const sessionId of sessions) {
        if (sessionId === session.id && !store.follow)
          received(logged(sessionId))
      }
      releaseEarlierSessions()
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

  await load(session)

  return {
    get catalog() {
      return catalog
    },
    get state() {
      return state
    },
    health,
    execute: async (command) => {
      if (readProblem !== null || followProblem !== null)
        return { ok: false, error: 'engine_halted' }
      const decision = decide(catalog, state, command)
      if (!decision.ok)
        return decision
      const tag = `${serverId}.${(commandCount += 1).toString(36)}`
      const { events } = decision
      // Even a command that changes nothing waits for its turn: it may repeat one whose commit is still under way.
      const reply = new Promise<Reply>(resolve => pending.set(tag, { tag, sessionId: session.id, command, events, remaining: events.length, appended: false, resolve }))
      queue.push(tag)
      scheduleDrain()
      return reply
    },
    startSession: async (name) => {
      const started = await store.createSession(name)
      await switchTo(started)
      return started
    },
    replaceCatalog: (next) => {
      catalog = next
      state = replay(catalog, session, durable)
      notify({ type: 'replaced' })
    },
    onChange: (listener) => {
      listeners.push(listener)
    },
    settled: async () => {
      // Draining may schedule another drain for commands that arrived meanwhile.
      for (let current = draining; current; current = draining)
        await current
      if (pending.size > 0 && followProblem === null)
        await new Promise<void>(resolve => waiters.push(resolve))
    },
    close: () => {
      clearTimeout(recovery)
      following?.stop()
      waiters.splice(0).forEach(resolve => resolve())
    },
  }
}
