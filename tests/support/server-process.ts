import type { Buffer } from 'node:buffer'
import type { ChildProcess } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import process from 'node:process'
import { inject } from 'vitest'
import { projectRoot } from '../../server/project-root'

export interface ServerProcess {
  child: ChildProcess
  /** Everything it printed so far, stdout and stderr. */
  output: () => string
  exited: Promise<number | null>
}

/** `npm start`'s Node flags, read from its command line. */
const startScript = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).scripts.start as string
const nodeFlags = /^exec node (.*) --import tsx server\/main\.ts$/.exec(startScript)?.[1]?.split(' ')
if (!nodeFlags)
  throw new Error(`npm start's command line changed, spawnServer must follow: ${startScript}`)

/**
 * `npm start`'s server with its Node flags, bundled once per run (server-bundle.ts), without npm around it: a signal
 * reaches the server itself.
 */
export function spawnServer(env: NodeJS.ProcessEnv): ServerProcess {
  return spawnWatched(process.execPath, [...nodeFlags!, inject('serverBundle')], env)
}

/** `npm start` itself, npm and its shell around the server, as a presenter or a supervisor runs it. */
export function spawnNpmStart(env: NodeJS.ProcessEnv, args: string[] = []): ServerProcess {
  return spawnWatched('npm', ['start', '--silent', ...(args.length > 0 ? ['--', ...args] : [])], env)
}

function spawnWatched(command: string, args: string[], env: NodeJS.ProcessEnv): ServerProcess {
  const child = spawn(command, args, {
    cwd: projectRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => output += chunk)
  child.stderr!.on('data', (chunk: Buffer) => output += chunk)
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  return { child, output: () => output, exited }
}

/** Waits for the start banner and returns the server's local address. */
export async function serverUrl(server: ServerProcess, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const url = /Santé du serveur : (http:\/\/localhost:\d+)\/healthz/.exec(server.output())?.[1]
    if (url)
      return url.replace('localhost', '127.0.0.1')
    if (server.child.exitCode !== null)
      throw new Error(`the server exited with ${server.child.exitCode}:\n${server.output()}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  throw new Error(`the server did not start within ${timeoutMs} ms:\n${server.output()}`)
}

/** A loopback port free right now, for a server that must come back on the same one. */
export async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise(resolve => probe.close(resolve))
  return port
}

/** Whether a process still runs: one that exited but nobody reaped (a zombie) does not. */
export async function isRunning(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
  return stat !== '' && !/^\d+ \(.*\) Z/.test(stat)
}

/** Waits for a process to end; whether it did within `timeoutMs`. */
export async function gone(pid: number, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    if (!await isRunning(pid))
      return true
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  return false
}
