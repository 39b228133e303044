// A throwaway Redis for the multi-process scenario: loopback only, a free port, every write fsynced like the votes.
import type { AddressInfo } from 'node:net'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnUntilReady } from './processes'

export interface RedisServer {
  url: string
  pid: number
  stop: () => Promise<void>
}

function freeLoopbackPort(): Promise<number> {
  const probe = createServer()
  return new Promise((resolve, reject) => {
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

export async function startRedis(): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-redis-'))
  const port = await freeLoopbackPort()
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir]
  const redis = await spawnUntilReady('redis-server', args, {}, /Ready to accept connections/).catch((error: Error) => {
    throw new Error(`The multi-process scenario needs redis-server (apt-get install redis-server): ${error.message}`)
  })
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: redis.pid,
    stop: async () => {
      await redis.stop()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
