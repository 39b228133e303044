// One server per data directory: two servers writing one log would each show the room a different session.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError'
}

interface LockHolder {
  pid: number
  url?: string
  /** The phone page as the server announced it: the address it really listens on. */
  joinUrl?: string
}

function lockPath(dataDir: string): string {
  return join(dataDir, 'server.lock')
}

/** Whether a pid belongs to a live Node process (a pid reused by something else after a crash does not count). */
function isRunningNode(pid: number): boolean {
  try {
    process.kill(pid, 0)
  }
  catch {
    return false
  }
  const cmdline = `/proc/${pid}/cmdline`
  return !existsSync(cmdline) || readFileSync(cmdline, 'utf8').includes('node')
}

/** The server holding this data directory, if one runs. */
export function dataDirHolder(dataDir: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(lockPath(dataDir), 'utf8')) as LockHolder
    return Number.isInteger(holder.pid) && isRunningNode(holder.pid) ? holder : undefined
  }
  catch {
    return undefined
  }
}

export interface DataDirLock {
  /** Records where the server can be reached, for the message a second server prints and the links scripts print. */
  announce: (url: string, joinUrl: string) => void
  release: () => void
}

/** Takes the data directory for this process, or says which server already has it. A crashed server's lock is taken over. */
export function lockDataDir(dataDir: string): DataDirLock {
  const path = lockPath(dataDir)
  mkdirSync(dataDir, { recursive: true })
  const holder = dataDirHolder(dataDir)
  if (holder && holder.pid !== process.pid) {
    const where = holder.url ? `, ${holder.url}` : ''
    throw new DataDirInUseError(`Un autre serveur de vote utilise déjà le dossier de données ${dataDir} (processus ${holder.pid}${where}). Arrêtez-le, ou lancez celui-ci sur un autre dossier : DATA_DIR=data-2 npm start`)
  }
  if (existsSync(path))
    unlinkSync(path)
  // `wx`: if another server took the lock since the check, this fails instead of sharing it.
  const fd = openSync(path, 'wx')
  const write = (lock: LockHolder): void => writeFileSync(path, JSON.stringify(lock))
  writeFileSync(fd, JSON.stringify({ pid: process.pid }))
  closeSync(fd)
  const release = (): void => {
    process.off('exit', release)
    if (dataDirHolder(dataDir)?.pid === process.pid)
      unlinkSync(path)
  }
  // However the process ends (Slidev's Ctrl+C calls `process.exit()` at once), the next start finds the directory free.
  process.once('exit', release)
  return {
    announce: (url, joinUrl) => write({ pid: process.pid, url, joinUrl }),
    release,
  }
}
