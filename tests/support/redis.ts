import type { Buffer } from 'node:buffer'
import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { temporaryDir } from './poll-server'
import { freePort } from './server-process'

export interface RedisServer {
  url: string
  /** Stops it (SIGTERM: a clean shutdown; SIGKILL: a crash); its append-only file stays. */
  stop: (signal?: NodeJS.Signals) => Promise<void>
  /** Starts it again on the same port and files. */
  start: () => Promise<void>
}

/**
 * Debian's `redis-server` on a loopback port, configured as docs/redis.md asks for a talk: an append-only file written
 * to disk before each reply (`appendfsync always`), so that an acknowledged vote survives a crash of Redis itself.
 * `appendOnly: false` is a Redis the servers must refuse.
 */
export async function startRedis({ appendOnly = true } = {}): Promise<RedisServer> {
  const dir = await temporaryDir('redis-')
  const port = await freePort()
  let child: ChildProcess | undefined
  const start = async (): Promise<void> => {
    const started = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--appendonly', appendOnly ? 'yes' : 'no', '--appendfsync', 'always', '--save', ''], { stdio: ['ignore', 'pipe', 'pipe'] })
    child = started
    let output = ''
    await new Promise<void>((resolve, reject) => {
      started.stdout!.on('data', (chunk: Buffer) => {
        output += chunk
        if (output.includes('Ready to accept connections'))
          resolve()
      })
      started.once('exit', code => reject(new Error(`redis-server exited with ${code}:\n${output}`)))
    })
  }
  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async (signal = 'SIGTERM') => {
      const stopping = child
      if (!stopping || stopping.exitCode !== null)
        return
      const exited = new Promise(resolve => stopping.once('exit', resolve))
      stopping.kill(signal)
      await exited
    },
    start,
  }
}
