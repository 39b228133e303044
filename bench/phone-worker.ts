// One process of simulated phones, forked by `phone-fleet.ts`: its CPU is the load generator's, measured apart from the
// server's. It keeps its phones' connections and runs what the orchestrator asks over IPC, one command at a time.
import type { AckReply, RawClient } from './raw-client'
import process from 'node:process'
import { connectRaw } from './raw-client'
import { now, sleep } from './time'

export interface PhoneSpec {
  url: string
  voterId: string
  localAddress?: string
}

export type Answer = { kind: 'scale', point: number } | { kind: 'words', words: string[] }

/** One vote to send: by which of this worker's phones, and when, in ms after the command's `startAt`. */
export interface Ballot {
  phone: number
  answer: Answer
  at: number
}

/** What became of one ballot; `error` is unset when the server acknowledged it as counted. */
export interface VoteResult {
  sentAt: number
  ackedAt: number
  error?: string
}

/** Counts of what a flood met, summed over its phones. */
export interface FloodResult {
  requests: number
  /** Replies by outcome: `ok`, or the server's refusal code. */
  replies: Record<string, number>
  /** Each time the server dropped a phone, how its reconnection went: `ok`, or the refusal. */
  reconnections: Record<string, number>
}

export type WorkerCommand
  = | { type: 'connect', phones: PhoneSpec[], concurrency: number }
    | { type: 'vote', pollId: string, ballots: Ballot[], startAt: number, timeoutMs: number }
    | { type: 'flood', pollId: string, phones: number[], until: number, inFlight: number }

export interface WorkerResults {
  connect: Record<string, number>
  vote: VoteResult[]
  flood: FloodResult
}

interface Phone {
  spec: PhoneSpec
  client?: RawClient
  /** Set while a reconnection is under way, so the lanes of one phone share it. */
  reconnecting?: Promise<string>
}

const phones: Phone[] = []

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1
}

/** Opens a phone's connection: `ok`, or why it was refused. */
async function open(phone: Phone): Promise<string> {
  try {
    phone.client = await connectRaw({
      url: phone.spec.url,
      auth: { role: 'phone', voterId: phone.spec.voterId },
      localAddress: phone.spec.localAddress,
      onClose: () => phone.client = undefined,
    })
    return 'ok'
  }
  catch (error) {
    return (error as Error).message
  }
}

/** Connects new phones, `concurrency` handshakes at a time; returns how many ended each way (`ok` or a refusal). */
async function connect(specs: PhoneSpec[], concurrency: number): Promise<Record<string, number>> {
  const added = specs.map(spec => ({ spec }))
  phones.push(...added)
  const outcomes: Record<string, number> = {}
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < added.length)
      increment(outcomes, await open(added[next++]!))
  }
  await Promise.all(Array.from({ length: concurrency }, lane))
  return outcomes
}

/** Sends each ballot at its time, from its phone, and waits for every acknowledgement or the timeout. */
async function vote(pollId: string, ballots: Ballot[], startAt: number, timeoutMs: number): Promise<VoteResult[]> {
  const results: VoteResult[] = ballots.map(() => ({ sentAt: Number.NaN, ackedAt: Number.NaN, error: 'not_acknowledged' }))
  const order = ballots.map((_, index) => index).sort((a, b) => ballots[a]!.at - ballots[b]!.at)
  await sleep(startAt - now())
  return new Promise((resolve) => {
    let sent = 0
    let settled = 0
    const timeout = setTimeout(() => resolve(results), timeoutMs)
    const settle = (): void => {
      if (++settled === ballots.length) {
        clearTimeout(timeout)
        resolve(results)
      }
    }
    const send = (index: number): void => {
      const { phone, answer } = ballots[index]!
      const result = results[index]!
      const client = phones[phone]?.client
      result.sentAt = now()
      if (!client) {
        result.error = 'not_connected'
        return settle()
      }
      client.emit('vote', { pollId, answer }, (reply) => {
        result.ackedAt = now()
        result.error = reply.ok ? undefined : reply.error
        settle()
      })
    }
    // A burst (every `at` 0) goes out in one synchronous loop; a spread wakes up when its next ballot is due.
    const tick = (): void => {
      const elapsed = now() - startAt
      while (sent < order.length && ballots[order[sent]!]!.at <= elapsed)
        send(order[sent++]!)
      if (sent < order.length)
        setTimeout(tick, ballots[order[sent]!]!.at - elapsed)
    }
    if (ballots.length === 0)
      resolve(results)
    else
      tick()
  })
}

/** How long a flooding script waits for a reply before it sends the next request. */
const unansweredAfterMs = 1000

/**
 * Each phone keeps `inFlight` requests outstanding until `until`, alternating snapshot requests and votes for a word
 * never seen before, and comes back at once whenever the server drops it: a script, not a person.
 */
async function flood(pollId: string, indices: number[], until: number, inFlight: number): Promise<FloodResult> {
  const result: FloodResult = { requests: 0, replies: {}, reconnections: {} }
  let sequence = 0
  // The server stops answering a socket that floods: like any script, the attacker then gives up on a reply and sends on.
  const request = (client: RawClient): Promise<AckReply> => new Promise((resolve) => {
    const n = sequence++
    result.requests += 1
    const timer = setTimeout(() => resolve({ ok: false, error: 'unanswered' }), unansweredAfterMs)
    const answered = (reply: AckReply): void => {
      clearTimeout(timer)
      resolve(reply)
    }
    if (n % 2 === 0)
      client.emit('sync', undefined, answered)
    else
      client.emit('vote', { pollId, answer: { kind: 'words', words: [`bruit${process.pid}n${n}`] } }, answered)
  })
  const lane = async (phone: Phone): Promise<void> => {
    while (now() < until) {
      if (!phone.client) {
        if (!phone.reconnecting) {
          phone.reconnecting = open(phone).finally(() => phone.reconnecting = undefined)
          increment(result.reconnections, await phone.reconnecting)
        }
        else {
          await phone.reconnecting
        }
        // A refused reconnection is retried, but not in a loop that would only load the benchmark's own CPU.
        if (!phone.client)
          await sleep(50)
        continue
      }
      const reply = await request(phone.client)
      increment(result.replies, reply.ok ? 'ok' : reply.error)
    }
  }
  await Promise.all(indices.flatMap(index => Array.from({ length: inFlight }, () => lane(phones[index]!))))
  return result
}

async function run(command: WorkerCommand): Promise<WorkerResults[WorkerCommand['type']]> {
  switch (command.type) {
    case 'connect':
      return connect(command.phones, command.concurrency)
    case 'vote':
      return vote(command.pollId, command.ballots, command.startAt, command.timeoutMs)
    case 'flood':
      return flood(command.pollId, command.phones, command.until, command.inFlight)
  }
}

process.on('message', (message: { id: number, command: WorkerCommand }) => {
  run(message.command).then(
    result => process.send!({ id: message.id, result }),
    (error: unknown) => process.send!({ id: message.id, error: String(error) }),
  )
})
process.send!('ready')
// The orchestrator gone, nothing is left to do: connections close with the process.
process.on('disconnect', () => process.exit(0))
