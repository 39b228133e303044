// The processes the benchmark starts and measures: started until they say they are ready, read from /proc, and never
// left behind.
import type { Buffer } from 'node:buffer'
import type { ChildProcess, SpawnOptions } from 'node:child_process'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import process from 'node:process'
import { now } from './time'

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
  let output = ''
  let match: RegExpExecArray | null = null
  let stopping = false
  const exited = new Promise<void>(resolve => child.once('exit', (code, signal) => {
    process.off('exit', kill)
    // A server that dies under load is a result in itself: say so, with what it printed.
    if (!stopping && match)
      console.error(`${command} ${args.join(' ')} exited in the middle of the run (${signal ?? code}):\n${output}`)
    resolve()
  }))
  const stop = async (): Promise<void> => {
    stopping = true
    if (child.exitCode === null && child.signalCode === null)
      child.kill('SIGTERM')
    await exited
  }
  return new Promise((resolve, reject) => {
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
  /** Of which on the processes' main threads (the event loops); the rest is V8's helper threads and others of their own. */
  mainThreadSeconds: number
  /** Seconds the main threads were ready to run but waited for a core: what the machine's other load took from them. */
  waitingSeconds: number
  /** Wall-clock seconds the meter ran. */
  elapsedSeconds: number
}

type Counters = Omit<CpuTime, 'elapsedSeconds'>

/** User and kernel CPU seconds from a `stat` file of /proc (ticks of 1/100 s). */
function cpuSeconds(statPath: string): [number, number] {
  const fields = readFileSync(statPath, 'utf8').split(') ')[1]!.split(' ')
  return [Number(fields[11]) / 100, Number(fields[12]) / 100]
}

/** A process's counters so far: CPU from /proc/<pid>/stat and its main thread's, waiting from that thread's schedstat (ns). */
function counters(pid: number): Counters {
  const [user, kernel] = cpuSeconds(`/proc/${pid}/stat`)
  const [mainUser, mainKernel] = cpuSeconds(`/proc/${pid}/task/${pid}/stat`)
  const waiting = Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e9
  return { seconds: user + kernel, kernelSeconds: kernel, mainThreadSeconds: mainUser + mainKernel, waitingSeconds: waiting }
}

/** CPU time used by a group of processes between its creation and `stop()`. */
export function cpuMeter(pids: number[]): { stop: () => CpuTime } {
  const total = (): Counters => pids.map(counters).reduce((sum, next) => ({
    seconds: sum.seconds + next.seconds,
    kernelSeconds: sum.kernelSeconds + next.kernelSeconds,
    mainThreadSeconds: sum.mainThreadSeconds + next.mainThreadSeconds,
    waitingSeconds: sum.waitingSeconds + next.waitingSeconds,
  }))
  const [start, startedAt] = [total(), now()]
  return {
    stop: () => {
      const end = total()
      return {
        seconds: end.seconds - start.seconds,
        kernelSeconds: end.kernelSeconds - start.kernelSeconds,
        mainThreadSeconds: end.mainThreadSeconds - start.mainThreadSeconds,
        waitingSeconds: end.waitingSeconds - start.waitingSeconds,
        elapsedSeconds: (now() - startedAt) / 1000,
      }
    },
  }
}

/** CPU seconds the whole machine has been busy, every core and process (steal included), from /proc/stat. */
function machineBusySeconds(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  return (user! + nice! + system! + irq! + softirq! + steal!) / 100
}

/** How many cores' worth of CPU the rest of the machine used between creation and `stop()`: all of it but `ours`. */
export function otherLoadMeter(ours: number[]): { stop: () => number } {
  const meter = cpuMeter(ours)
  const busy = machineBusySeconds()
  return {
    stop: () => {
      const time = meter.stop()
      return (machineBusySeconds() - busy - time.seconds) / time.elapsedSeconds
    },
  }
}
