// The servers under load: the poll server as `npm start` runs it (one process, or several sharing Redis), and the
// bare socket.io counting server it is compared with, under the same Node.js flags.
import type { ReadyProcess } from './processes'
import type { RedisServer } from './redis'
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { deckBuilds } from '../server/deck-build'
import { projectRoot } from '../server/project-root'
import { connectPresenter } from './presenter'
import { spawnUntilReady } from './processes'
import { startRedis } from './redis'

export interface ServerUnderTest {
  /** One address per process, phones spread over them; the presenter uses the first. */
  urls: string[]
  /** Every process whose memory and CPU count as the server's (Redis's included). */
  pids: number[]
  /** What each server process printed so far (Redis's excepted), its `--trace-gc` lines included. */
  outputs: () => string[]
  stop: () => Promise<void>
}

export const presenterToken = 'jeton-de-banc-d-essai-0123456789'

/** `npm start`'s own command line, without npm around it: its Node.js flags, then the script. */
const startArguments = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).scripts.start as string).replace(/^exec /, '').split(' ').slice(1)
// Every server traces its garbage collections, so that a run says which of them fell inside a burst (bench/gc-trace.ts).
const nodeFlags = [...startArguments.slice(0, -1), '--trace-gc']

export interface PollServerOptions {
  processes: number
  /** Whether the default per-address voter limit applies; lifted otherwise, as every phone comes from one machine. */
  addressLimits: boolean
  /** Where V8 writes each process's CPU profile (`--cpu-prof`) when it stops. */
  cpuProfileDir?: string
  /** The checkout whose server to run (`--poll-root`, to compare two versions with one benchmark); this one by default. */
  root?: string
}

async function startPollProcess(env: NodeJS.ProcessEnv, { cpuProfileDir, root = projectRoot }: PollServerOptions): Promise<ReadyProcess> {
  const profiling = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : []
  return spawnUntilReady(process.execPath, [...nodeFlags, ...profiling, ...startArguments.slice(-1)], { cwd: root, env }, /Santé du serveur : http:\/\/localhost:(\d+)\/healthz/)
}

/** Fails unless a change made through the first process reaches a presenter on each of the others. */
async function checkSharedState(urls: string[]): Promise<void> {
  const [first, ...others] = await Promise.all(urls.map(url => connectPresenter(url, presenterToken)))
  try {
    // A fresh session has no slide yet: moving to the first one changes nothing the scenarios measure.
    await first!.command('nav', { page: 1, clicks: 0 })
    await Promise.all(others.map(other => other.until(deck => deck.nav?.page === 1, 3000)))
  }
  catch (error) {
    throw new Error(`The server processes do not share their state through REDIS_URL: ${(error as Error).message}`)
  }
  finally {
    [first!, ...others].forEach(presenter => presenter.close())
  }
}

export async function startPollServer(options: PollServerOptions): Promise<ServerUnderTest> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-data-'))
  // The deck is not under test: empty builds, so that starting the server builds nothing.
  const deckDir = await mkdtemp(join(tmpdir(), 'bench-deck-'))
  await Promise.all(Object.values(deckBuilds).map(build => mkdir(join(deckDir, build))))
  const running: ReadyProcess[] = []
  let redis: RedisServer | undefined
  const stop = async (): Promise<void> => {
    await Promise.all(running.map(server => server.stop()))
    await redis?.stop()
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
      ...(!options.addressLimits && { MAX_VOTERS_PER_ADDRESS: '0', HANDSHAKES_PER_ADDRESS: '0' }),
    }
    if (options.processes > 1) {
      redis = await startRedis()
      env.REDIS_URL = redis.url
    }
    for (let index = 0; index < options.processes; index++) {
      running.push(await startPollProcess(env, options).catch((error: Error) => {
        throw redis ? new Error(`Server process ${index + 1} of ${options.processes} on Redis did not start: ${error.message}`) : error
      }))
    }
    const urls = running.map(server => `http://127.0.0.1:${server.ready[1]}`)
    if (redis)
      await checkSharedState(urls)
    return { urls, pids: [...running.map(server => server.pid), ...(redis ? [redis.pid] : [])], outputs: () => running.map(server => server.output()), stop }
  }
  catch (error) {
    await stop()
    throw error
  }
}

/** `lean`: the reference that checks nothing of a vote; `deferred`: it also acknowledges by commit window (see bench/bare-server.ts). */
export async function startBareServer(variant?: 'lean' | 'deferred'): Promise<ServerUnderTest> {
  const flags = variant === 'lean' ? ['--lean'] : variant === 'deferred' ? ['--lean', '--deferred'] : []
  const server = await spawnUntilReady(process.execPath, [...nodeFlags, 'bench/bare-server.ts', ...flags], { cwd: projectRoot, env: { ...process.env, HOST: '127.0.0.1', PORT: '0' } }, /listening on (http:\/\/\S+)/)
  return { urls: [server.ready[1]!], pids: [server.pid], outputs: () => [server.output()], stop: server.stop }
}
