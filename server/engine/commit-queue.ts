import type { Reply } from '../../core/protocol'
import type { SessionEvent } from '../../core/session/events'
import type { Command } from '../../core/session/rules'
import type { TaggedEvent } from '../store/event-store'
import type { PendingCommand, PendingCommands } from './pending-commands'

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
  /** Resolves once no commit is under way or due. */
  drained: () => Promise<void>
}

/**
 * How long accepted commands wait to share a commit. Each commit costs an fsync; votes trickling in one by one would
 * otherwise pay one each, and a slow disk would then stall the server in the middle of a burst.
 */
const commitWindowMs = 10

function bySession(batch: readonly PendingCommand[]): Map<number, TaggedEvent[]> {
  const logged = new Map<number, TaggedEvent[]>()
  for (const { sessionId, events, tag } of batch) {
    let list = logged.get(sessionId)
    if (!list)
      logged.set(sessionId, list = [])
    for (const event of events)
      list.push({ event, tag })
  }
  return logged
}

/** Commands accepted within the same commit window share one commit (group commit), in the order they came. */
export function createCommitQueue(commands: PendingCommands, hooks: CommitHooks): CommitQueue {
  /** Tags of the commands still waiting for their commit. */
  let queue: string[] = []
  let draining: Promise<void> | null = null

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = commands.waiting(queue)
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
        const refused = [...batch, ...commands.waiting(queue)]
        queue = []
        await hooks.failed(error)
        commands.refuse(refused, { ok: false, error: 'storage_failed' })
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
      // Even a command that changes nothing waits for its turn: it may repeat one whose commit is still under way.
      const { tag, reply } = commands.accept(sessionId, command, events)
      queue.push(tag)
      scheduleDrain()
      return reply
    },
    drained: async () => {
      // Draining may schedule another drain for commands that arrived meanwhile.
      for (let current = draining; current; current = draining)
        await current
    },
  }
}
