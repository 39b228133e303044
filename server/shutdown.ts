// How `npm start` stops: Ctrl+C, a signal to npm or to node, or the process that started it going away.
import process from 'node:process'

/** How often to check that the process that started the server is still there. */
const parentCheckMs = 500
/** A close that hangs must not keep the server half-alive: the data directory's lock is taken over once it is gone. */
const forcedExitMs = 5000

/**
 * Closes the server once, whatever asks first: SIGINT (Ctrl+C; npm passes it on too), SIGTERM, or the parent's death.
 * A parent killed outright (SIGKILL) sends nothing: this process is then handed to init or a subreaper, so its parent
 * pid changes. Without this a server started by a supervisor or a test would keep serving, and the next start collide.
 */
export function stopWhenAsked(close: () => Promise<void>): void {
  const parent = process.ppid
  let stopping = false
  let watch: NodeJS.Timeout | undefined
  const stop = (): void => {
    if (stopping)
      return
    stopping = true
    clearInterval(watch)
    setTimeout(() => process.exit(1), forcedExitMs).unref()
    close().then(() => process.exit(0), (error: unknown) => {
      console.error('Arrêt incomplet du serveur :', error)
      process.exit(1)
    })
  }
  watch = setInterval(() => {
    if (process.ppid !== parent)
      stop()
  }, parentCheckMs).unref()
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
