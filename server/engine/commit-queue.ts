import type { Reply } from '../../core/protocol'
import type { SessionEvent } from '../../core/session/events'
import type { Command } from '../../core/session/rules'
import type { TaggedEvent } from '../store/event-store'
import { randomBytes } from 'node:crypto'

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

/** Why the log refused a command's event where it landed, asked of the rules at that very place. */
export type Refusal = (command: Command) => Reply

export interface CommitHooks {
  /** Appends one session's events of a batch; throws when the store refused it. */
  append: (sessionId: number, events: readonly TaggedEvent[]) => Promise<void>
  /** A batch is in the log: its events by session, in the order the batch took them. */
  committed: (batch: ReadonlyMap<number, TaggedEvent[]>) => void
  /** A batch was refused by the store; its commands are refused once this resolves. */
  failed: (error: unknown) => Promise<void>
}

export interface CommitQueue {
  /** Queues a decided command for the next commit; resolves once it is answered. */
  submit: (sessionId: number, command: Command, events: SessionEvent[]) => Promise<Reply>
  /** One of a command's events came back from the log, taken, or refused for `refusal`'s reason. */
  landed: (tag: string, refusal: Refusal | null) => void
  /** Answers commands in the order they were accepted, up to the first still waiting. */
  answerReady: () => void
  /** Commands of an earlier session are in its log, which this server no longer follows. */
  releaseEarlierSessions: (currentSessionId: number) => void
  /** Waits for every accepted command to be answered, unless `stalled` says their events cannot come back yet. */
  settled: (stalled: () => boolean) => Promise<void>
  close: () => void
}

/**
 * How long accepted commands wait to share a commit. Each commit costs an fsync; votes trickling in one by one would
 * otherwise pay one each, and a slow disk would then stall the server in the middle of a burst.
 */
const commitWindowMs = 10

/**
 * Accepted commands waiting for their commit and then for their answer. Commands accepted within the same commit
 * window share one commit (group commit); a command is answered once all its events have come back from the log.
 */
export function createCommitQueue(hooks: CommitHooks): CommitQueue {
  const serverId = randomBytes(6).toString('base64url')
  let commandCount = 0
  /** Accepted commands by tag, in the order they were accepted; `queue`: those still waiting for their commit. */
  const pending = new Map<string, PendingCommand>()
  let queue: string[] = []
  let draining: Promise<void> | null = null
  /** Callers of `settled`, waiting for every command to be answered. */
  const waiters: (() => void)[] = []

  function answerReady(): void {
    // A command that changed nothing may repeat one not yet back: it waits for those accepted before it.
    for (const [tag, command] of pending) {
      if (!command.appended || command.remaining > 0)
        break
      pending.delete(tag)
      command.resolve(command.verdict ?? { ok: true })
    }
    if (pending.size === 0)
      waiters.splice(0).forEach(resolve => resolve())
  }

  const waiting = (tags: string[]): PendingCommand[] => tags.flatMap(tag => pending.get(tag) ?? [])

  function bySession(batch: PendingCommand[]): Map<number, TaggedEvent[]> {
    const logged = new Map<number, TaggedEvent[]>()
    for (const { sessionId, events, tag } of batch) {
      const list = logged.get(sessionId) ?? []
      list.push(...events.map(event => ({ event, tag })))
      logged.set(sessionId, list)
    }
    return logged
  }

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = waiting(queue)
      queue = []
      const logged = bySession(batch)
      try {
        for (const [sessionId, events] of logged) {
          if (events.length > 0)
            await hooks.append(sessionId, events)
        }
      }
      catch (error) {
        // Nothing of this batch applied: refuse it, and what waits behind it.
        const refused = [...batch, ...waiting(queue)]
        queue = []
        await hooks.failed(error)
        for (const command of refused) {
          pending.delete(command.tag)
          command.resolve({ ok: false, error: 'storage_failed' })
        }
        continue
      }
      batch.forEach(command => command.appended = true)
      hooks.committed(logged)
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
    submit: (sessionId, command, events) => {
      const tag = `${serverId}.${(commandCount += 1).toString(36)}`
      // Even a command that changes nothing waits for its turn: it may repeat one whose commit is still under way.
      const reply = new Promise<Reply>(resolve => pending.set(tag, { tag, sessionId, command, events, remaining: events.length, appended: false, resolve }))
      queue.push(tag)
      scheduleDrain()
      return reply
    },
    landed: (tag, refusal) => {
      const command = pending.get(tag)
      if (!command)
        return
      if (refusal)
        command.verdict ??= refusal(command.command)
      command.remaining -= 1
    },
    answerReady,
    releaseEarlierSessions: (currentSessionId) => {
      for (const command of pending.values()) {
        if (command.sessionId !== currentSessionId && command.appended)
          command.remaining = 0
      }
      answerReady()
    },
    settled: async (stalled) => {
      // Draining may schedule another drain for commands that arrived meanwhile.
      for (let current = draining; current; current = draining)
        await current
      if (pending.size > 0 && !stalled())
        await new Promise<void>(resolve => waiters.push(resolve))
    },
    close: () => waiters.splice(0).forEach(resolve => resolve()),
  }
}
