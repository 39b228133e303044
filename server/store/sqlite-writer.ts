// The SQLite log's appends, committed on a thread of their own: an fsync then blocks no socket. The engine still
// acknowledges a command only once its batch's commit has come back from that thread.
import { Worker } from 'node:worker_threads'

interface WriterReply { id: number, error?: { message: string, code?: string } }

export interface SqliteWriter {
  /**
   * Resolves once the rows (one per line: an event's version, a space, its JSON) are committed, after the session's last
   * row, in one transaction.
   */
  append: (sessionId: number, rows: string) => Promise<void>
  /** Lets the commits under way finish, then stops the thread; an append after it is refused. */
  close: () => Promise<void>
}

const workerUrl = new URL('./sqlite-writer-worker.mjs', import.meta.url)

/** The commits sent to the thread and not answered yet, by id. */
type Waiting = Map<number, { resolve: () => void, reject: (error: Error) => void }>

/** Settles the commit a reply answers; a thread with none under way no longer keeps the process alive. */
function settle(waiting: Waiting, thread: Worker, { id, error }: WriterReply): void {
  const commit = waiting.get(id)
  waiting.delete(id)
  if (waiting.size === 0)
    thread.unref()
  if (error)
    commit?.reject(Object.assign(new Error(error.message), { code: error.code }))
  else
    commit?.resolve()
}

/** Resolves once the thread has closed its connection and exited. */
async function stopped(thread: Worker): Promise<void> {
  const exited = new Promise(resolve => thread.once('exit', resolve))
  // Referenced until it has stopped: the process must not end on its own while its owner waits for the close.
  thread.ref()
  thread.postMessage({ close: true })
  await exited
}

/**
 * Its thread starts at once, so that its memory shows from the start, and opens the file at the first append: a server
 * whose start fails leaves the file as it was.
 */
export function createSqliteWriter(path: string): SqliteWriter {
  let worker: Worker | undefined
  let closed = false
  /** Settles with the last batch sent, whatever its fate. */
  let lastCommit: Promise<unknown> = Promise.resolve()
  let nextId = 0
  const waiting: Waiting = new Map()

  /** A thread that died takes its batches' fate with it: they are refused, and the next append starts another. */
  function lost(thread: Worker, error: Error): void {
    if (worker !== thread)
      return
    worker = undefined
    for (const { reject } of waiting.values())
      reject(error)
    waiting.clear()
  }

  function started(): Worker {
    if (worker)
      return worker
    const thread = new Worker(workerUrl, { workerData: { path } })
    thread.on('message', (reply: WriterReply) => settle(waiting, thread, reply))
    thread.on('error', error => lost(thread, error))
    thread.on('exit', code => lost(thread, new Error(`SQLite writer stopped (${code})`)))
    worker = thread
    return thread
  }

  started().unref()
  return {
    append: (sessionId, rows) => {
      if (closed)
        return Promise.reject(new Error('SQLite writer closed'))
      const committed = new Promise<void>((resolve, reject) => {
        const thread = started()
        const id = (nextId += 1)
        waiting.set(id, { resolve, reject })
        // Kept alive while a commit is under way, so that the process cannot end before its answer.
        thread.ref()
        thread.postMessage({ id, sessionId, rows })
      })
      lastCommit = committed.catch(() => {})
      return committed
    },
    close: async () => {
      closed = true
      // The thread answers in order: once the last commit sent has come back, none is under way.
      await lastCommit
      if (worker)
        await stopped(worker)
    },
  }
}
