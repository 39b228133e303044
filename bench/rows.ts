// The table's rows: each figure as the median of its rounds, for the poll server and both references; a ratio is the
// median of the ratios taken within each round, and the targets are judged on those.
import type { FloodFigures } from './flood'
import type { ConnectFigures, VoteFigures } from './load'
import type { Row } from './report'
import type { RoundRatios, Rounds } from './rounds'
import { formatGc } from './gc-trace'
import { memorySteps } from './load'
import { formatCounts } from './report'
import { formatRatios, mapRounds, medianOf, roundOrder, roundRatios, serverNames } from './rounds'

interface Target { text: string, met: boolean }

const percent = (share: number): string => `${(100 * share).toFixed(0)} %`
const atMost = (limit: number, unit: string, value: number): Target => ({ text: `≤ ${limit} ${unit}`, met: value <= limit })

/** A figure's rows: the medians with the median ratios, then the ratio to bare round by round (with the target). */
function comparedRows<T>(rounds: Rounds<T>, measure: string, unit: string, read: (figures: T) => number, target?: (ratio: RoundRatios, server: number) => Target): Row[] {
  const toBare = roundRatios(rounds.poll, rounds.bare, read)
  const toLean = roundRatios(rounds.poll, rounds.lean, read)
  const [server, bare, lean] = serverNames.map(name => medianOf(rounds[name].map(read)))
  return [
    { measure, unit, server, bare, lean, ratio: { bare: toBare.median, lean: toLean.median } },
    ...(rounds.poll.length > 1 || target ? [{ measure: `${measure}, ÷ bare round by round`, server: formatRatios(toBare), ...(target && { target: target(toBare, server!) }) }] : []),
  ]
}

export function connectRows(rounds: Rounds<ConnectFigures>, phoneCount: number): Row[] {
  const [server, bare, lean] = serverNames.map(name => medianOf(rounds[name]))
  return [
    { measure: 'phones connected (each server connects its phones once)', server: server!.connected, bare: bare!.connected, lean: lean!.connected, target: { text: `all ${phoneCount}`, met: rounds.poll.every(round => round.connected === phoneCount) } },
    ...(server!.connected === phoneCount ? [] : [{ measure: 'connections, by outcome', server: formatCounts(server!.outcomes), bare: formatCounts(bare!.outcomes), lean: formatCounts(lean!.outcomes) }]),
    ...comparedRows(rounds, 'connect rate', 'phones/s', figures => figures.phonesPerSecond),
    ...comparedRows(rounds, `RSS per additional phone (half → all, slope over ${memorySteps + 1} readings)`, 'KB', figures => figures.kbPerAdditionalPhone, (ratio, kb) => ({ text: '≤ 1.2× bare, ≤ 20 KB', met: ratio.median <= 1.2 && kb <= 20 })),
    { measure: 'RSS per phone, averaged from idle', unit: 'KB', server: server!.kbPerPhoneFromIdle, bare: bare!.kbPerPhoneFromIdle, lean: lean!.kbPerPhoneFromIdle, target: atMost(20, 'KB', server!.kbPerPhoneFromIdle) },
    { measure: 'RSS with every phone connected', unit: 'MB', server: server!.connectedMb, bare: bare!.connectedMb, lean: lean!.connectedMb },
  ]
}

/** Rounds after the first: the first burst a server takes pays for compiling its code (see BENCHMARKS.md). */
export function warmRounds<T>(rounds: Rounds<T>): Rounds<T> {
  return rounds.poll.length < 2 ? rounds : mapRounds(rounds, serverRounds => serverRounds.slice(1))
}

/** The first burst after the servers started, apart: what a presentation's first poll costs. */
export function coldRows(name: string, rounds: Rounds<VoteFigures>): Row[] {
  const first = mapRounds(rounds, serverRounds => serverRounds.slice(0, 1))
  return [
    ...comparedRows(first, `${name}: first burst after start (cold, not in the medians): server CPU per vote`, 'ms', figures => figures.serverCpuMsPerVote),
    ...comparedRows(first, `${name}: first burst after start: acknowledged votes/s`, 'votes/s', figures => figures.ackedPerSecond),
  ]
}

export function voteRows(name: string, rounds: Rounds<VoteFigures>, targets: { compareToBare: boolean, ackP50?: number, ackP99?: number }): Row[] {
  const [server, bare, lean] = serverNames.map(server => medianOf(rounds[server])) as [VoteFigures, VoteFigures, VoteFigures]
  const compared = (target: (ratio: RoundRatios, server: number) => Target): typeof target | undefined => targets.compareToBare ? target : undefined
  /** A figure of the three servers, read the same way from each. */
  const each = (read: (figures: VoteFigures) => number | string): Pick<Row, 'server' | 'bare' | 'lean'> => ({ server: read(server), bare: read(bare), lean: read(lean) })
  const allAcked = rounds.poll.every(round => round.acked === round.cast)
  const presenterP99 = roundRatios(rounds.poll, rounds.bare, figures => figures.presenter.p99)
  return [
    { measure: `${name}: votes acknowledged of ${server.cast} (median of the rounds)`, ...each(figures => figures.acked), target: { text: 'all, every round', met: allAcked } },
    ...(allAcked ? [] : [{ measure: `${name}: votes, by outcome`, ...each(figures => formatCounts(figures.outcomes)) }]),
    { measure: `${name}: tally exact (presenter's last update), every round`, ...each(figures => figures.tallyExact ? 'yes' : 'no'), target: { text: 'yes', met: server.tallyExact } },
    { measure: `${name}: offered rate`, unit: 'votes/s', ...each(figures => figures.offeredPerSecond) },
    ...comparedRows(rounds, `${name}: acknowledged votes/s`, 'votes/s', figures => figures.ackedPerSecond, compared(ratio => ({ text: '≥ 0.90× bare', met: ratio.median >= 0.9 }))),
    ...comparedRows(rounds, `${name}: server CPU per vote`, 'ms', figures => figures.serverCpuMsPerVote, compared(ratio => ({ text: '≤ 1.10× bare', met: ratio.median <= 1.1 }))),
    { measure: `${name}: A/A check, bare ÷ lean CPU per vote round by round (the same work: ≈ 1 if the figures can be trusted)`, server: formatRatios(roundRatios(rounds.bare, rounds.lean, figures => figures.serverCpuMsPerVote)) },
    ...(server.serverCpuMsPerVoteByProcess.length > 1 ? [{ measure: `${name}: server CPU per vote, process by process (Redis last)`, server: server.serverCpuMsPerVoteByProcess.map(ms => ms.toFixed(3)).join(' + ') }] : []),
    { measure: `${name}: of which in the kernel`, ...each(figures => percent(figures.serverKernelShare)) },
    { measure: `${name}: of which on the main thread (the rest: GC and SQLite threads)`, ...each(figures => percent(figures.serverMainThreadShare)) },
    { measure: `${name}: time the server's main thread waited for a core`, ...each(figures => percent(figures.serverWaitingShare)) },
    { measure: `${name}: CPU used meanwhile by other work on the machine`, unit: 'cores', ...each(figures => figures.otherCores) },
    { measure: `${name}: time the hypervisor took from the machine meanwhile (steal)`, unit: 'cores', ...each(figures => figures.stealCores) },
    { measure: `${name}: simulated phones' CPU per vote`, unit: 'ms', ...each(figures => figures.phonesCpuMsPerVote) },
    { measure: `${name}: phones' CPU ÷ the server's they load`, ...each(figures => figures.phonesCpuMsPerVote / figures.serverCpuMsPerVote), target: { text: '< 1', met: server.phonesCpuMsPerVote < server.serverCpuMsPerVote } },
    { measure: `${name}: garbage collections meanwhile: scavenges, full, main-thread time`, ...each(figures => formatGc(figures.gc)) },
    ...(targets.ackP50
      ? [{ measure: `${name}: ack latency p50`, unit: 'ms', ...each(figures => figures.ack.p50), target: atMost(targets.ackP50, 'ms', server.ack.p50) }]
      : comparedRows(rounds, `${name}: ack latency p50`, 'ms', figures => figures.ack.p50, compared(ratio => ({ text: '≤ bare', met: ratio.median <= 1 })))),
    { measure: `${name}: ack latency p99`, unit: 'ms', ...each(figures => figures.ack.p99), ...(targets.ackP99 && { target: atMost(targets.ackP99, 'ms', server.ack.p99) }) },
    { measure: `${name}: vote → presenter p50`, unit: 'ms', ...each(figures => figures.presenter.p50) },
    { measure: `${name}: vote → presenter p99`, unit: 'ms', ...each(figures => figures.presenter.p99), ...(targets.compareToBare && { target: { text: '≤ bare; ≤ 150 ms if bare is', met: presenterP99.median <= 1 && (bare.presenter.p99 > 150 || server.presenter.p99 <= 150) } }) },
    { measure: `${name}: /healthz probes (every 5 ms), unanswered within 5 s`, ...each(figures => `${figures.healthz.requests}, ${figures.healthz.failed}`) },
    { measure: `${name}: /healthz latency p50 / p99`, ...each(figures => `${figures.healthz.p50.toFixed(1)} / ${figures.healthz.p99.toFixed(1)} ms`), target: { text: 'p99 < 10 ms', met: server.healthz.p99 < 10 } },
  ]
}

export function floodRows(flood: FloodFigures): Row[] {
  const { honest, healthz } = flood
  return [
    { measure: 'flood: words in the cloud before it (cap 500)', server: flood.prefill.words },
    { measure: `flood: requests from ${flood.flood.sockets} sockets on ${flood.flood.addresses} addresses (sync and new words)`, server: flood.flood.requests },
    { measure: 'flood: replies, by outcome', server: formatCounts(flood.flood.replies) },
    { measure: 'flood: sockets dropped by the server, and how their reconnection went', server: formatCounts(flood.flood.reconnections) },
    { measure: `flood: honest votes acknowledged of ${honest.cast} (${honest.phones} phones, one vote/s each)`, server: honest.outcomes.ok ?? 0, target: { text: 'all', met: honest.outcomes.ok === honest.cast } },
    ...(honest.outcomes.ok === honest.cast ? [] : [{ measure: 'flood: honest votes, by outcome', server: formatCounts(honest.outcomes) }]),
    { measure: 'flood: honest ack latency p50', unit: 'ms', server: honest.ack.p50 },
    { measure: 'flood: honest ack latency p99', unit: 'ms', server: honest.ack.p99, target: atMost(1000, 'ms', honest.ack.p99) },
    { measure: 'flood: honest ack latency max', unit: 'ms', server: honest.ack.max, target: atMost(1000, 'ms', honest.ack.max) },
    { measure: `flood: /healthz probes unanswered within 5 s, of ${healthz.requests}`, server: healthz.failed },
    { measure: 'flood: /healthz latency p50', unit: 'ms', server: healthz.p50 },
    { measure: 'flood: /healthz latency p99', unit: 'ms', server: healthz.p99 },
    { measure: 'flood: /healthz latency max', unit: 'ms', server: healthz.max },
    { measure: 'flood: server CPU', unit: 'cores', server: flood.serverCores },
    { measure: 'flood: time the server\'s main thread waited for a core', server: percent(flood.serverWaitingShare) },
    { measure: 'flood: CPU used meanwhile by other work on the machine', unit: 'cores', server: flood.otherCores },
    { measure: 'flood: time the hypervisor took from the machine meanwhile (steal)', unit: 'cores', server: flood.stealCores },
    { measure: 'flood: flooding sockets\' process CPU', unit: 'cores', server: flood.flood.cores },
  ]
}

/** Each round's figures in the order the servers ran: where a median came from, and what disturbed a round. */
export function roundsTable(name: string, rounds: Rounds<VoteFigures>): string {
  const lines = [
    `| ${name}: round, server | CPU per vote | on the main thread | garbage collections: scavenges, full, main-thread time | main thread waited for a core | other work | steal |`,
    '| --- | --- | --- | --- | --- | --- | --- |',
  ]
  rounds.poll.forEach((_, round) => roundOrder(round).forEach((server) => {
    const figures = rounds[server][round]!
    const cpu = figures.serverCpuMsPerVote
    lines.push(`| ${round + 1}, ${server} | ${cpu.toFixed(3)} ms | ${(cpu * figures.serverMainThreadShare).toFixed(3)} ms | ${formatGc(figures.gc)} | ${percent(figures.serverWaitingShare)} | ${figures.otherCores.toFixed(2)} cores | ${figures.stealCores.toFixed(2)} cores |`)
  }))
  return lines.join('\n')
}
