// The simulated phones, seen from the orchestrator: spread round-robin over worker processes and addressed by one
// global index, phone 0 being the first ever connected.
import type { Answer, FloodResult, PhoneSpec, VoteResult, WorkerCommand, WorkerResults } from './phone-worker'
import { fork } from 'node:child_process'
import { join } from 'node:path'
import process from 'node:process'
import { projectRoot } from '../server/project-root'
import { now } from './time'

export interface FleetBallot {
  phone: number
  answer: Answer
  /** When to send it, in ms after the start. */
  at: number
}

export interface PhoneFleet {
  pids: number[]
  /** Connects these phones, which take the next global indices; returns how many ended each way (`ok` or a refusal). */
  connect: (phones: PhoneSpec[], concurrency: number) => Promise<Record<string, number>>
  /** Sends the ballots on the same clock in every worker, from a common start; results in the ballots' order. */
  vote: (pollId: string, ballots: FleetBallot[], timeoutMs: number) => Promise<VoteResult[]>
  flood: (pollId: string, phones: number[], seconds: number, inFlight: number) => Promise<FloodResult>
  /** Ends the workers, and with them every phone's connection. */
  stop: () => Promise<void>
}

/** Time for every worker to receive its share before the first vote leaves. */
const startMarginMs = 300

function sumCounts(counts: Record<string, number>[]): Record<string, number> {
  const sum: Record<string, number> = {}
  for (const [key, count] of counts.flatMap(Object.entries))
    sum[key] = (sum[key] ?? 0) + count
  return sum
}

/** Starts the workers and waits until each is ready, so that their start-up is never timed as the phones' work. */
export async function startPhoneFleet(workerCount: number): Promise<PhoneFleet> {
  const workers = Array.from({ length: workerCount }, () => {
    const child = fork(join(projectRoot, 'bench/phone-worker.ts'), [], { execArgv: ['--import', 'tsx'], cwd: projectRoot })
    const ready = new Promise((resolve, reject) => {
      child.once('message', resolve)
      child.once('exit', code => reject(new Error(`phone worker ${child.pid} exited with ${code} before it was ready`)))
    })
    const pending = new Map<number, { resolve: (result: never) => void, reject: (error: Error) => void }>()
    child.on('message', (message: 'ready' | { id: number, result?: unknown, error?: string }) => {
      if (message === 'ready')
        return
      const { id, result, error } = message
      const request = pending.get(id)!
      pending.delete(id)
      if (error === undefined)
        request.resolve(result as never)
      else
        request.reject(new Error(`phone worker ${child.pid}: ${error}`))
    })
    child.on('exit', (code) => {
      for (const request of pending.values())
        request.reject(new Error(`phone worker ${child.pid} exited with ${code}`))
    })
    let nextId = 0
    const run = <C extends WorkerCommand>(command: C): Promise<WorkerResults[C['type']]> => new Promise((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve, reject })
      child.send({ id, command })
    })
    return { child, ready, run }
  })
  process.once('exit', () => workers.forEach(({ child }) => child.kill()))
  await Promise.all(workers.map(({ ready }) => ready))

  let phoneCount = 0
  // Phone `g` lives in worker `g % workerCount`, at index `floor(g / workerCount)` there.
  const workerOf = (phone: number): number => phone % workerCount
  const localIndex = (phone: number): number => Math.floor(phone / workerCount)

  return {
    pids: workers.map(({ child }) => child.pid!),
    connect: async (specs, concurrency) => {
      const first = phoneCount
      phoneCount += specs.length
      const shares = workers.map((_, worker) => specs.filter((_, offset) => workerOf(first + offset) === worker))
      const perWorker = Math.max(1, Math.ceil(concurrency / workerCount))
      return sumCounts(await Promise.all(workers.map(({ run }, worker) => run({ type: 'connect', phones: shares[worker]!, concurrency: perWorker }))))
    },
    vote: async (pollId, ballots, timeoutMs) => {
      const shares = workers.map((_, worker) => ballots.map((ballot, index) => ({ ballot, index })).filter(({ ballot }) => workerOf(ballot.phone) === worker))
      const startAt = now() + startMarginMs
      const results = await Promise.all(workers.map(({ run }, worker) => run({
        type: 'vote',
        pollId,
        ballots: shares[worker]!.map(({ ballot }) => ({ ...ballot, phone: localIndex(ballot.phone) })),
        startAt,
        timeoutMs,
      })))
      const merged: VoteResult[] = Array.from({ length: ballots.length })
      shares.forEach((share, worker) => share.forEach(({ index }, position) => merged[index] = results[worker]![position]!))
      return merged
    },
    flood: async (pollId, phones, seconds, inFlight) => {
      const until = now() + startMarginMs + seconds * 1000
      const results = await Promise.all(workers.map(({ run }, worker) => run({
        type: 'flood',
        pollId,
        phones: phones.filter(phone => workerOf(phone) === worker).map(localIndex),
        until,
        inFlight,
      })))
      return {
        requests: results.reduce((sum, result) => sum + result.requests, 0),
        replies: sumCounts(results.map(result => result.replies)),
        reconnections: sumCounts(results.map(result => result.reconnections)),
      }
    },
    stop: async () => {
      await Promise.all(workers.map(({ child }) => {
        const exited = new Promise(resolve => child.once('exit', resolve))
        if (child.connected)
          child.disconnect()
        return child.exitCode === null ? exited : undefined
      }))
    },
  }
}
