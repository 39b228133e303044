import type { GcFigures } from './gc-trace'
// The load both servers go through: connecting the phones, then votes cast while a presenter watches the tally.
import type { HealthFigures } from './health-probe'
import type { FleetBallot, PhoneFleet } from './phone-fleet'
import type { Presenter } from './presenter'
import type { ServerUnderTest } from './servers'
import process from 'node:process'
import { gcFigures } from './gc-trace'
import { healthFigures, probeHealth } from './health-probe'
import { cpuMeter, otherLoadMeter, residentKilobytes } from './processes'
import { ackLatencies, acknowledged, outcomes, percentile, presenterLatencies } from './stats'
import { now, sleep } from './time'

export interface ConnectFigures {
  outcomes: Record<string, number>
  connected: number
  phonesPerSecond: number
  /** What one more phone costs: the slope fitted over the readings from half to all the phones connected. */
  kbPerAdditionalPhone: number
  /** All the growth from idle, shared out: what the phones cost the server in all. */
  kbPerPhoneFromIdle: number
  connectedMb: number
}

export interface VoteFigures {
  cast: number
  outcomes: Record<string, number>
  acked: number
  tallyExact: boolean
  /** Acknowledged votes over the time from the first vote sent to the last acknowledgement. */
  ackedPerSecond: number
  /** Votes sent over the time it took to send them. */
  offeredPerSecond: number
  serverCpuMsPerVote: number
  /** The same, process by process (the server's, then Redis's when it has one). */
  serverCpuMsPerVoteByProcess: number[]
  /** The part of the server's CPU time spent in the kernel. */
  serverKernelShare: number
  /** The part of the server's CPU time spent on its main thread (the event loop), not on V8's or its own helper threads. */
  serverMainThreadShare: number
  /** The part of the time the server's main thread was ready to run but waited for a core. */
  serverWaitingShare: number
  /** Cores' worth of CPU used meanwhile by processes that are not the benchmark's. */
  otherCores: number
  /** Cores' worth of time the hypervisor took from the machine meanwhile. */
  stealCores: number
  phonesCpuMsPerVote: number
  ack: { p50: number, p99: number }
  presenter: { p50: number, p99: number }
  /** The server's garbage collections while the votes were under way. */
  gc: GcFigures
  /** A monitoring probe's `GET /healthz` while the votes were under way. */
  healthz: HealthFigures
  /** From the first vote sent to the last acknowledgement, on the shared monotonic clock. */
  window: { from: number, to: number }
}

/** Often enough for a p99 over a burst of a few hundred milliseconds, rarely enough to add nothing measurable. */
const healthProbeIntervalMs = 5

const serverKilobytes = (server: ServerUnderTest): number => server.pids.reduce((sum, pid) => sum + residentKilobytes(pid), 0)

/** Phone `index`'s identity: the voter id a phone page would generate, spread round-robin over the server processes. */
function phoneSpecs(server: ServerUnderTest, first: number, count: number): { url: string, voterId: string }[] {
  return Array.from({ length: count }, (_, offset) => ({
    url: server.urls[(first + offset) % server.urls.length]!,
    voterId: `bench-phone-${String(first + offset).padStart(8, '0')}`,
  }))
}

/** How many steps the second half of the phones connects in: the server's memory is read at half, then after each step. */
export const memorySteps = 5

/** The least-squares slope of `y` over `x`: one reading taken between two garbage collections weighs less than in two. */
function slope(points: readonly { x: number, y: number }[]): number {
  const meanX = points.reduce((sum, { x }) => sum + x, 0) / points.length
  const meanY = points.reduce((sum, { y }) => sum + y, 0) / points.length
  const covariance = points.reduce((sum, { x, y }) => sum + (x - meanX) * (y - meanY), 0)
  const variance = points.reduce((sum, { x }) => sum + (x - meanX) ** 2, 0)
  return covariance / variance
}

/**
 * Connects `count` phones: half at once, then the rest in `memorySteps` steps, reading the server's memory idle and
 * after each step (once it settles). RSS moves by the young generation's growth at the instant it is read, as much as
 * by the phones: the slope is fitted over every reading from half to all, not taken between the two ends.
 */
export async function connectPhones(server: ServerUnderTest, fleet: PhoneFleet, count: number, concurrency: number): Promise<ConnectFigures> {
  const settleMs = 2000
  await sleep(settleMs)
  const idle = serverKilobytes(server)
  const half = Math.floor(count / 2)
  const stepEnds = [half, ...Array.from({ length: memorySteps }, (_, step) => half + Math.round((count - half) * (step + 1) / memorySteps))]
  const all: Record<string, number> = {}
  const readings: { x: number, y: number }[] = []
  let seconds = 0
  let first = 0
  for (const end of stepEnds) {
    const started = now()
    const outcomesOfStep = await fleet.connect(phoneSpecs(server, first, end - first), concurrency)
    seconds += (now() - started) / 1000
    for (const [outcome, n] of Object.entries(outcomesOfStep))
      all[outcome] = (all[outcome] ?? 0) + n
    await sleep(settleMs)
    readings.push({ x: end, y: serverKilobytes(server) })
    first = end
  }
  const atAll = readings.at(-1)!.y
  const connected = all.ok ?? 0
  return {
    outcomes: all,
    connected,
    phonesPerSecond: connected / seconds,
    kbPerAdditionalPhone: slope(readings),
    kbPerPhoneFromIdle: (atAll - idle) / count,
    connectedMb: atAll / 1024,
  }
}

/** Opens the poll, gives the room a second to read it, casts the ballots and measures what the phones and presenter saw. */
export async function castVotes(server: ServerUnderTest, fleet: PhoneFleet, presenter: Presenter, pollId: string, ballots: FleetBallot[]): Promise<VoteFigures> {
  await presenter.command('poll:open', { pollId })
  const updates = presenter.watch(pollId)
  await sleep(1000)
  // The other phones' votes, cast on this poll in an earlier round.
  const before = presenter.tally(pollId)
  const outputBefore = server.outputs().map(output => output.length)
  const serverCpu = cpuMeter(server.pids)
  const processCpu = server.pids.map(pid => cpuMeter([pid]))
  const phonesCpu = cpuMeter(fleet.pids)
  const otherLoad = otherLoadMeter([...server.pids, ...fleet.pids, process.pid])
  let voting = true
  const [votes, health] = await Promise.all([
    fleet.vote(pollId, ballots, 60_000).finally(() => voting = false),
    probeHealth(server.urls[0]!, healthProbeIntervalMs, () => !voting),
  ])
  const [serverTime, phonesTime, { otherCores, stealCores }] = [serverCpu.stop(), phonesCpu.stop(), otherLoad.stop()]
  const processTimes = processCpu.map(meter => meter.stop())
  const gc = gcFigures(server.outputs().map((output, index) => output.slice(outputBefore[index])).join('\n'))
  // The last tally leaves at most one interval after the last commit.
  await sleep(500)

  const expected = [...before.counts ?? [0, 0, 0, 0, 0]]
  for (const { answer } of ballots)
    expected[(answer as { point: number }).point]! += 1
  const acked = acknowledged(votes)
  const firstSent = Math.min(...votes.map(vote => vote.sentAt))
  const lastSent = Math.max(...votes.map(vote => vote.sentAt))
  const lastAcked = Math.max(...acked.map(vote => vote.ackedAt))
  const ack = ackLatencies(votes)
  const seen = presenterLatencies(votes, updates, before.voters)
  return {
    cast: ballots.length,
    outcomes: outcomes(votes),
    acked: acked.length,
    tallyExact: JSON.stringify(updates.at(-1)?.counts) === JSON.stringify(expected),
    ackedPerSecond: acked.length / ((lastAcked - firstSent) / 1000),
    offeredPerSecond: votes.length <= 1 ? Number.NaN : (votes.length - 1) / ((lastSent - firstSent) / 1000),
    serverCpuMsPerVote: (serverTime.seconds * 1000) / ballots.length,
    serverCpuMsPerVoteByProcess: processTimes.map(time => (time.seconds * 1000) / ballots.length),
    serverKernelShare: serverTime.kernelSeconds / serverTime.seconds,
    serverMainThreadShare: serverTime.mainThreadSeconds / serverTime.seconds,
    serverWaitingShare: serverTime.waitingSeconds / serverTime.elapsedSeconds,
    otherCores,
    stealCores,
    phonesCpuMsPerVote: (phonesTime.seconds * 1000) / ballots.length,
    ack: { p50: percentile(ack, 50), p99: percentile(ack, 99) },
    presenter: { p50: percentile(seen, 50), p99: percentile(seen, 99) },
    gc,
    healthz: healthFigures(health),
    window: { from: firstSent, to: lastAcked },
  }
}

/** `size` phones from `first` on vote at the same instant, their answers spread evenly over the five points. */
export function burstBallots(size: number, first = 0): FleetBallot[] {
  return Array.from({ length: size }, (_, offset) => ({ phone: first + offset, answer: { kind: 'scale', point: offset % 5 }, at: 0 }))
}

/** `perSecond × seconds` votes (at most one per phone), evenly spaced. */
export function spreadBallots(phones: number, perSecond: number, seconds: number): FleetBallot[] {
  return Array.from({ length: Math.min(phones, perSecond * seconds) }, (_, phone) => ({ phone, answer: { kind: 'scale', point: phone % 5 }, at: (phone * 1000) / perSecond }))
}
