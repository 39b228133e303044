import type { Reply } from '../../core/protocol'
import type { SessionEvent } from '../../core/session/events'
import type { Command } from '../../core/session/rules'
import { randomBytes } from 'node:crypto'

export interface PendingCommand {
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

export interface PendingCommands {
  /** A decided command, waiting for its answer; its tag names it in the log. */
  accept: (sessionId: number, command: Command, events: SessionEvent[]) => { tag: string, reply: Promise<Reply> }
  /** Those of `tags` still waiting, in that order. */
  waiting: (tags: readonly string[]) => PendingCommand[]
  /** Answers these commands at once with `reply`. */
  refuse: (commands: readonly PendingCommand[], reply: Reply) => void
  /** One of a command's events came back from the log, taken, or refused for `refusal`'s reason. */
  landed: (tag: string, refusal: Refusal | null) => void
  /** Answers commands in the order they were accepted, up to the first still waiting. */
  answerReady: () => void
  /** Commands of an earlier session are in its log, which this server no longer follows. */
  releaseEarlierSessions: (currentSessionId: number) => void
  /** Resolves once every command is answered, or at once when `stalled` says their events cannot come back yet. */
  answered: (stalled: () => boolean) => Promise<void>
  close: () => void
}

/** The reply of every command the log took: one object, shared, since no one changes a reply. */
const accepted: Reply = Object.freeze({ ok: true })

/** Accepted commands by tag, in the order they were accepted, until each is answered. */
export function createPendingCommands(): PendingCommands {
  const serverId = randomBytes(6).toString('base64url')
  let commandCount = 0
  const pending = new Map<string, PendingCommand>()
  /** Callers of `answered`, waiting for every command to be answered. */
  const waiters: (() => void)[] = []

  function answerReady(): void {
    // A command that changed nothing may repeat one not yet back: it waits for those accepted before it.
    for (const command of pending.values()) {
      if (!command.appended || command.remaining > 0)
        break
      pending.delete(command.tag)
      command.resolve(command.verdict ?? accepted)
    }
    if (pending.size === 0)
      waiters.splice(0).forEach(resolve => resolve())
  }

  return {
    accept: (sessionId, command, events) => {
      const tag = `${serverId}.${(commandCount += 1).toString(36)}`
      const reply = new Promise<Reply>(resolve => pending.set(tag, { tag, sessionId, command, events, remaining: events.length, appended: false, resolve }))
      return { tag, reply }
    },
    waiting: (tags) => {
      const found: PendingCommand[] = []
      for (const tag of tags) {
        const command = pending.get(tag)
        if (command)
          found.push(command)
      }
      return found
    },
    refuse: (commands, reply) => commands.forEach((command) => {
      pending.delete(command.tag)
      command.resolve(reply)
    }),
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
    answered: stalled => pending.size === 0 || stalled() ? Promise.resolve() : new Promise<void>(resolve => waiters.push(resolve)),
    close: () => waiters.splice(0).forEach(resolve => resolve()),
  }
}
