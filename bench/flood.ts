// A word cloud under attack, against a poll server with its default per-address limits: the cloud is filled close to
// its cap by honest voters, then scripted phones from a few addresses hammer snapshot requests and new words while
// honest phones, each on its own address, keep voting. Each loopback address 127.0.x.y is another device to the server.
import type { HealthFigures } from './health-probe'
import type { PhoneSpec } from './phone-worker'
import type { Presenter } from './presenter'
import type { ServerUnderTest } from './servers'
import process from 'node:process'
import { limits } from '../core/limits'
import { healthFigures, probeHealth } from './health-probe'
import { startPhoneFleet } from './phone-fleet'
import { connectPresenter } from './presenter'
import { cpuMeter, otherLoadMeter } from './processes'
import { presenterToken, startPollServer } from './servers'
import { ackLatencies, acknowledged, outcomes, percentile } from './stats'
import { now } from './time'

export interface FloodOptions {
  pollId: string
  seconds: number
  cpuProfileDir?: string
}

export interface FloodFigures {
  /** Words in the cloud before the flood, and how the votes that put them there ended. */
  prefill: { words: number, outcomes: Record<string, number> }
  /** What the flooding sockets sent and met, and the CPU their process used, in cores. */
  flood: { sockets: number, addresses: number, requests: number, replies: Record<string, number>, reconnections: Record<string, number>, cores: number }
  honest: { phones: number, cast: number, outcomes: Record<string, number>, ack: { p50: number, p99: number, max: number } }
  healthz: HealthFigures
  /** The server's CPU use during the flood, in cores (1 = one core busy all the time). */
  serverCores: number
  /** The part of the flood the server's main thread was ready to run but waited for a core. */
  serverWaitingShare: number
  /** Cores' worth of CPU used meanwhile by processes that are not the benchmark's. */
  otherCores: number
  /** Cores' worth of time the hypervisor took from the machine meanwhile. */
  stealCores: number
  window: { from: number, to: number }
}

/** Room left in the cloud when the flood starts, so that its first junk words are accepted, then refused. */
const prefillWords = limits.distinctWordsPerPoll - 10
const floodAddresses = 30
/** Voter ids each address may bring under the default limit: the flood uses them all. */
const votersPerAddress = 5
const honestPhones = 50
/** Requests each flooding socket keeps waiting for an answer. */
const floodInFlight = 4

/** `count` phones, `perAddress` on each address of `127.0.<subnet>.1…`. */
function phonesOn(server: ServerUnderTest, subnet: number, count: number, perAddress: number, name: string): PhoneSpec[] {
  return Array.from({ length: count }, (_, index) => ({
    url: server.urls[0]!,
    voterId: `bench-${name}-${String(index).padStart(6, '0')}`,
    localAddress: `127.0.${subnet}.${1 + Math.floor(index / perAddress)}`,
  }))
}

export async function runFlood(options: FloodOptions): Promise<FloodFigures> {
  const server = await startPollServer({ processes: 1, addressLimits: true, cpuProfileDir: options.cpuProfileDir })
  // The attack and the room in processes of their own: a busy attacker must not delay the honest phones' clocks.
  const [room, attackers] = await Promise.all([startPhoneFleet(1), startPhoneFleet(1)])
  let presenter: Presenter | undefined
  try {
    presenter = await connectPresenter(server.urls[0]!, presenterToken)
    await presenter.command('poll:open', { pollId: options.pollId })
    const words = (index: number): { kind: 'words', words: string[] } => ({ kind: 'words', words: [`mot${index}`] })

    // 1. Honest voters fill the cloud close to its cap, five to an address.
    await room.connect(phonesOn(server, 1, prefillWords, votersPerAddress, 'voter'), 100)
    const prefill = await room.vote(options.pollId, Array.from({ length: prefillWords }, (_, phone) => ({ phone, answer: words(phone), at: 0 })), 30_000)

    // 2. The flooding sockets, five voter ids on each of a few addresses, and the honest phones, one to an address.
    const floodSockets = floodAddresses * votersPerAddress
    await attackers.connect(phonesOn(server, 2, floodSockets, votersPerAddress, 'flood'), 100)
    const honestConnect = await room.connect(phonesOn(server, 3, honestPhones, 1, 'honest'), 100)

    // 3. For the flood's duration, each honest phone changes its vote once a second between words already shown.
    const ballots = Array.from({ length: options.seconds }, (_, round) => Array.from({ length: honestPhones }, (_, index) => ({
      phone: prefillWords + index,
      answer: words((index + round) % 2),
      at: round * 1000 + (index * 1000) / honestPhones,
    }))).flat()
    const serverCpu = cpuMeter(server.pids)
    const attackersCpu = cpuMeter(attackers.pids)
    const otherLoad = otherLoadMeter([...server.pids, ...room.pids, ...attackers.pids, process.pid])
    const started = now()
    const [flood, honestVotes, health] = await Promise.all([
      attackers.flood(options.pollId, Array.from({ length: floodSockets }, (_, phone) => phone), options.seconds, floodInFlight),
      room.vote(options.pollId, ballots, options.seconds * 1000 + 30_000),
      probeHealth(server.urls[0]!, 100, () => now() >= started + options.seconds * 1000),
    ])
    const ended = now()
    const [serverTime, attackersTime, { otherCores, stealCores }] = [serverCpu.stop(), attackersCpu.stop(), otherLoad.stop()]

    const honestAck = ackLatencies(honestVotes)
    return {
      prefill: { words: acknowledged(prefill).length, outcomes: outcomes(prefill) },
      flood: { sockets: floodSockets, addresses: floodAddresses, ...flood, cores: attackersTime.seconds / attackersTime.elapsedSeconds },
      honest: {
        phones: honestConnect.ok ?? 0,
        cast: ballots.length,
        outcomes: outcomes(honestVotes),
        ack: { p50: percentile(honestAck, 50), p99: percentile(honestAck, 99), max: Math.max(...honestAck) },
      },
      healthz: healthFigures(health),
      serverCores: serverTime.seconds / serverTime.elapsedSeconds,
      serverWaitingShare: serverTime.waitingSeconds / serverTime.elapsedSeconds,
      otherCores,
      stealCores,
      window: { from: started, to: ended },
    }
  }
  finally {
    presenter?.close()
    await Promise.all([room.stop(), attackers.stop()])
    await server.stop()
  }
}
