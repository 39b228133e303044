// The servers under load: the poll server as `npm start` runs it, and the bare socket.io counting server it is compared
// with, under the same Node.js flags.
import type { ReadyProcess } from './processes'
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { deckBuilds, projectRoot } from '../server/deck-build'
import { spawnUntilReady } from './processes'

export interface ServerUnderTest {
  /** One address per process, phones spread over them; the presenter uses the first. */
  urls: string[]
  /** Every process whose memory and CPU count as the server's. */
  pids: number[]
  stop: () => Promise<void>
}

export const presenterToken = 'jeton-de-banc-d-essai-0123456789'

/** `npm start`'s own command line, without npm around it: its Node.js flags, then the script. */
const startArguments = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).scripts.start as string).split(' ').slice(1)
const nodeFlags = startArguments.slice(0, -1)

export interface PollServerOptions {
  /** Whether the default per-address voter limit applies; lifted otherwise, as every phone comes from one machine. */
  addressLimits: boolean
}

async function startPollProcess(env: NodeJS.ProcessEnv): Promise<ReadyProcess> {
  return spawnUntilReady(process.execPath, startArguments, { cwd: projectRoot, env }, /Santé du serveur : http:\/\/localhost:(\d+)\/healthz/)
}

export async function startPollServer(options: PollServerOptions): Promise<ServerUnderTest> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-data-'))
  // The deck is not under test: empty builds, so that starting the server builds nothing.
  const deckDir = await mkdtemp(join(tmpdir(), 'bench-deck-'))
  await Promise.all(Object.values(deckBuilds).map(build => mkdir(join(deckDir, build))))
  let running: ReadyProcess | undefined
  const stop = async (): Promise<void> => {
    await running?.stop()
    await Promise.all([dataDir, deckDir].map(dir => rm(dir, { recursive: true, force: true })))
  }
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      DECK_DIR: deckDir,
      PRESENTER_TOKEN: presenterToken,
      ...(!options.addressLimits && { MAX_VOTERS_PER_ADDRESS: '0' }),
    }
    running = await startPollProcess(env)
    return { urls: [`http://127.0.0.1:${running.ready[1]}`], pids: [running.pid], stop }
  }
  catch (error) {
    await stop()
    throw error
  }
}

export async function startBareServer(): Promise<ServerUnderTest> {
  const server = await spawnUntilReady(process.execPath, [...nodeFlags, 'bench/bare-server.ts'], { cwd: projectRoot, env: { ...process.env, HOST: '127.0.0.1', PORT: '0' } }, /listening on (http:\/\/\S+)/)
  return { urls: [server.ready[1]!], pids: [server.pid], stop: server.stop }
}
