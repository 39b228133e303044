// The processes the benchmark starts and measures: started until they say they are ready, read from /proc, and never
// left behind.
import type { Buffer } from 'node:buffer'
import type { ChildProcess, SpawnOptions } from 'node:child_process'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import process from 'node:process'

export interface ReadyProcess {
  child: ChildProcess
  pid: number
  /** The first match of the readiness pattern in its output. */
  ready: RegExpExecArray
  /** Everything it printed so far, stdout and stderr. */
  output: () => string
  /** Asks it to stop (SIGTERM) and waits until it has. */
  stop: () => Promise<void>
}

/** Starts a process and waits until its output matches `ready`; fails with its output if it exits or takes too long. */
export function spawnUntilReady(command: string, args: string[], options: SpawnOptions, ready: RegExp, timeoutMs = 60_000): Promise<ReadyProcess> {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
  const kill = (): boolean => child.kill()
  process.once('exit', kill)
  const exited = new Promise<void>(resolve => child.once('exit', () => {
    process.off('exit', kill)
    resolve()
  }))
  let output = ''
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null)
      child.kill('SIGTERM')
    await exited
  }
  return new Promise((resolve, reject) => {
    let match: RegExpExecArray | null = null
    let timer: NodeJS.Timeout | undefined
    const fail = (why: string): void => {
      clearTimeout(timer)
      child.kill()
      reject(new Error(`${command} ${args.join(' ')} ${why}:\n${output}`))
    }
    timer = setTimeout(() => fail(`did not get ready within ${timeoutMs} ms`), timeoutMs)
    const read = (chunk: Buffer): void => {
      output += chunk
      if (match)
        return
      match = ready.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve({ child, pid: child.pid!, ready: match, output: () => output, stop })
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.once('error', error => fail(`could not start (${error.message})`))
    child.once('exit', code => match || fail(`exited with ${code}`))
  })
}

/** Resident memory of a process, in KB. */
export function residentKilobytes(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1])
}

export interface CpuTime {
  /** CPU seconds, user and kernel. */
  seconds: number
  /** Of which in the kernel: on loopback, a write also delivers the bytes to the receiving socket. */
  kernelSeconds: number
}

/** CPU time a process has used so far, from /proc (clock ticks of 1/100 s). */
function cpuTime(pid: number): CpuTime {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  const [user, kernel] = [Number(fields[11]) / 100, Number(fields[12]) / 100]
  return { seconds: user + kernel, kernelSeconds: kernel }
}

/** CPU time used by a group of processes between its creation and `stop()`. */
export function cpuMeter(pids: number[]): { stop: () => CpuTime } {
  const total = (): CpuTime => pids.map(cpuTime).reduce((sum, time) => ({ seconds: sum.seconds + time.seconds, kernelSeconds: sum.kernelSeconds + time.kernelSeconds }))
  const start = total()
  return {
    stop: () => {
      const end = total()
      return { seconds: end.seconds - start.seconds, kernelSeconds: end.kernelSeconds - start.kernelSeconds }
    },
  }
}
