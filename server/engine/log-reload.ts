import type { SessionEvent } from '../../core/session/events'
import type { SessionInfo } from '../../core/session/state'
import type { EventStore } from '../store/event-store'
import type { LogOrder } from './log-order'
import type { LogReader } from './log-reader'
import type { PendingCommands } from './pending-commands'
import type { StorageHealth } from './storage-health'
import { createLogReader } from './log-reader'
import { problemOf } from './storage-health'

export interface LogReload extends LogReader {
  /** Back to what the log holds, after a failed write; while it cannot even be read, tries again every 2 seconds. */
  recover: () => Promise<void>
  /** To a newer session, started here or by another server sharing the log. */
  switchTo: (target: SessionInfo) => Promise<void>
  stop: () => void
}

export interface ReloadParts {
  store: EventStore
  log: LogOrder
  commands: PendingCommands
  health: StorageHealth
  /** Events that took effect. */
  applied: (events: SessionEvent[]) => void
  /** The whole state was replaced. */
  replaced: () => void
}

/** While the store cannot be read back, how often to try again. */
const recoveryIntervalMs = 2000

/**
 * The current session's log, read (`log-reader.ts`) and read again: what was applied gives way to what the log holds,
 * after a failed write or when a newer session starts.
 */
export function createLogReload({ store, log, commands, health, applied, replaced }: ReloadParts): LogReload {
  let retry: NodeJS.Timeout | undefined
  const reader = createLogReader({ store, log, commands, applied, reachable: health.following, sessionStarted: info => void switchTo(info) })

  /** If even the log cannot be read, the state stays what was applied, and commands are refused until it can. */
  async function reload(): Promise<boolean> {
    let problem: string | null = null
    try {
      await reader.load(log.session)
    }
    catch (error) {
      console.error('Relecture des votes impossible :', error)
      problem = problemOf(error)
    }
    health.reading(problem)
    replaced()
    return problem === null
  }

  function retryLater(): void {
    retry = setTimeout(async () => {
      if (!await reload())
        return retryLater()
      // The store answers again: the next commit will tell whether writing does too.
      health.writing(null)
    }, recoveryIntervalMs)
  }

  async function recover(): Promise<void> {
    if (!await reload())
      retryLater()
  }

  let switching = Promise.resolve()
  function switchTo(target: SessionInfo): Promise<void> {
    switching = switching.then(async () => {
      if (target.id <= log.session.id)
        return
      log.start(target)
      commands.releaseEarlierSessions(target.id)
      await recover()
    })
    return switching
  }

  return {
    load: reader.load,
    received: reader.received,
    recover,
    switchTo,
    stop: () => {
      clearTimeout(retry)
      reader.stop()
    },
  }
}
