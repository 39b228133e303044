// How the servers stop: Ctrl+C, a signal to npm or to node, or the process that started them going away.
import process from 'node:process'

/** How often to check that the process that started this one is still there. */
const parentCheckMs = 500
/** A close that hangs must not keep the server half-alive: the data directory's lock is taken over once it is gone. */
const forcedExitMs = 5000

/**
 * Calls `stop` once the process that started this one is gone. A parent killed outright (SIGKILL) sends nothing, but
 * this process is then handed to init or a subreaper, so its parent pid changes. Without this a server started by a
 * supervisor or a test would keep serving, and the next start collide with it.
 */
export function whenParentGone(stop: () => void): void {
  const parent = process.ppid
  const watch = setInterval(() => {
    if (process.ppid === parent)
      return
    clearInterval(watch)
    stop()
  }, parentCheckMs).unref()
}

/** Closes the server once, whatever asks first: SIGINT (Ctrl+C; npm passes it on too), SIGTERM, or the parent's death. */
export function stopWhenAsked(close: () => Promise<void>): void {
  let stopping = false
  const stop = (): void => {
    if (stopping)
      return
    stopping = true
    setTimeout(() => process.exit(1), forcedExitMs).unref()
    close().then(() => process.exit(0), (error: unknown) => {
      console.error('Arrêt incomplet du serveur :', error)
      process.exit(1)
    })
  }
  whenParentGone(stop)
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
