// The processes the benchmark starts and measures: started until they say they are ready, read from /proc, and never
// left behind.
import type { Buffer } from 'node:buffer'
import type { ChildProcess, SpawnOptions } from 'node:child_process'
import { execFileSync, spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
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

interface Counters {
  /** Every thread's time on a core, in seconds, to the nanosecond (schedstat). */
  seconds: number
  mainThreadSeconds: number
  waitingSeconds: number
  /** User and kernel time in ticks of 1/100 s (stat): too coarse for a 0.5 s burst, but their ratio is not. */
  userTicks: number
  kernelTicks: number
}

const ticks = (statPath: string): string[] => readFileSync(statPath, 'utf8').split(') ')[1]!.split(' ')

/** Time on a core and time waiting for one, in seconds, of one thread. */
function schedstat(path: string): [number, number] {
  const [running, waiting] = readFileSync(path, 'utf8').split(' ').map(Number)
  return [running! / 1e9, waiting! / 1e9]
}

/**
 * A process's counters so far: the sum of its threads' schedstat, which counts in nanoseconds where stat counts in
 * hundredths (20 ms of rounding on a burst's 500 ms was up to 4 % of a figure), and its main thread's apart.
 */
function counters(pid: number): Counters {
  const fields = ticks(`/proc/${pid}/stat`)
  // A thread that ends between two readings loses its time: the second has none of it, not even what the first counted.
  // Node's threads (V8's, libuv's pool) live as long as the process, which makes this rare.
  const seconds = [...threadCpuSeconds(pid).values()].reduce((sum, thread) => sum + thread, 0)
  const [mainThreadSeconds, waitingSeconds] = schedstat(`/proc/${pid}/task/${pid}/schedstat`)
  return { seconds, mainThreadSeconds, waitingSeconds, userTicks: Number(fields[11]), kernelTicks: Number(fields[12]) }
}

/** CPU time used by a group of processes between its creation and `stop()`. */
export function cpuMeter(pids: number[]): { stop: () => CpuTime } {
  const total = (): Counters => pids.map(counters).reduce((sum, next) => ({
    seconds: sum.seconds + next.seconds,
    mainThreadSeconds: sum.mainThreadSeconds + next.mainThreadSeconds,
    waitingSeconds: sum.waitingSeconds + next.waitingSeconds,
    userTicks: sum.userTicks + next.userTicks,
    kernelTicks: sum.kernelTicks + next.kernelTicks,
  }))
  const [start, startedAt] = [total(), now()]
  return {
    stop: () => {
      const end = total()
      const [user, kernel] = [end.userTicks - start.userTicks, end.kernelTicks - start.kernelTicks]
      const seconds = end.seconds - start.seconds
      return {
        seconds,
        kernelSeconds: user + kernel === 0 ? 0 : (seconds * kernel) / (user + kernel),
        mainThreadSeconds: end.mainThreadSeconds - start.mainThreadSeconds,
        waitingSeconds: end.waitingSeconds - start.waitingSeconds,
        elapsedSeconds: (now() - startedAt) / 1000,
      }
    },
  }
}

/** CPU seconds the whole machine has been busy, every core and process, and those the hypervisor took (steal), from /proc/stat. */
function machineSeconds(): { busy: number, steal: number } {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  return { busy: (user! + nice! + system! + irq! + softirq!) / 100, steal: steal! / 100 }
}

interface OtherLoad {
  /** Cores' worth of CPU the rest of the machine used: all of it but `ours`. */
  otherCores: number
  /** Cores' worth of time the hypervisor gave to other machines while ours wanted it: a slower machine, unseen otherwise. */
  stealCores: number
}

/** What else used the machine between creation and `stop()`. */
export function otherLoadMeter(ours: number[]): { stop: () => OtherLoad } {
  const meter = cpuMeter(ours)
  const start = machineSeconds()
  return {
    stop: () => {
      const time = meter.stop()
      const end = machineSeconds()
      return {
        otherCores: (end.busy - start.busy - time.seconds) / time.elapsedSeconds,
        stealCores: (end.steal - start.steal) / time.elapsedSeconds,
      }
    },
  }
}

/** Keeps every thread of a process, and those it starts later, on one core (`taskset`). */
export function pinToCore(pid: number, core: number): void {
  execFileSync('taskset', ['--all-tasks', '--cpu-list', '--pid', String(core), String(pid)], { stdio: 'ignore' })
}

/** Each thread's time on a core so far, in seconds, by thread id. */
export function threadCpuSeconds(pid: number): Map<number, number> {
  const threads = new Map<number, number>()
  for (const thread of readdirSync(`/proc/${pid}/task`)) {
    try {
      threads.set(Number(thread), schedstat(`/proc/${pid}/task/${thread}/schedstat`)[0])
    }
    catch {
      // A thread that ended meanwhile.
    }
  }
  return threads
}
