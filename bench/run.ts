// `npm run bench`: the same load against a bare socket.io counting server and against the poll server, in one run, with
// simulated phones in their own processes; then a flood of a word cloud. Prints one Markdown table.
import type { FloodFigures } from './flood'
import type { ConnectFigures, VoteFigures } from './load'
import type { Presenter } from './presenter'
import type { Row } from './report'
import type { ServerUnderTest } from './servers'
import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { loadPollCatalog } from '../server/deck-source'
import { summarizeProfiles } from './cpu-profile'
import { runFlood } from './flood'
import { burstBallots, castVotes, connectPhones, spreadBallots } from './load'
import { startPhoneFleet } from './phone-fleet'
import { connectPresenter } from './presenter'
import { formatCounts, markdownTable } from './report'
import { presenterToken, startBareServer, startPollServer } from './servers'

const scenarios = ['connect', 'burst', 'spread', 'flood'] as const
type Scenario = typeof scenarios[number]

const { values: options } = parseArgs({
  options: {
    'phones': { type: 'string', default: '10000' },
    'burst': { type: 'string', default: '5000' },
    'rate': { type: 'string', default: '1000' },
    'seconds': { type: 'string', default: '10' },
    'workers': { type: 'string', default: '2' },
    'scenario': { type: 'string', default: 'all' },
    'processes': { type: 'string', default: '1' },
    'cpu-prof': { type: 'boolean', default: false },
  },
})
function count(name: 'phones' | 'burst' | 'rate' | 'seconds' | 'workers' | 'processes'): number {
  const value = Number(options[name])
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a whole number ≥ 1, not « ${options[name]} »`)
  return value
}
const phoneCount = count('phones')
const burstSize = Math.min(count('burst'), phoneCount)
const votesPerSecond = count('rate')
const seconds = count('seconds')
const workerCount = count('workers')
const processCount = count('processes')
const only = options.scenario === 'all' ? undefined : options.scenario as Scenario
if (only && !scenarios.includes(only))
  throw new Error(`--scenario is one of ${scenarios.join(', ')}, or all`)
const runs = (scenario: Scenario): boolean => only === undefined || only === scenario
/** Handshakes under way at once, over all the workers. */
const connectConcurrency = 200

/** The whole run stops by itself, whatever happens; children are ended on exit. */
const deadline = setTimeout(() => {
  console.error('Benchmark stopped: it ran past its 15-minute limit.')
  process.exit(2)
}, 15 * 60_000)

interface LoadFigures {
  connect: ConnectFigures
  burst?: VoteFigures
  spread?: VoteFigures
}

/** Connects the phones to a freshly started server, then casts the burst and the spread, each on its own poll. */
async function runLoad(start: () => Promise<ServerUnderTest>, polls: [string, string]): Promise<LoadFigures> {
  const server = await start()
  const fleet = await startPhoneFleet(workerCount)
  let presenter: Presenter | undefined
  try {
    presenter = await connectPresenter(server.urls[0]!, presenterToken)
    const connect = await connectPhones(server, fleet, phoneCount, connectConcurrency)
    const burst = runs('burst') ? await castVotes(server, fleet, presenter, polls[0], burstBallots(burstSize)) : undefined
    const spread = runs('spread') ? await castVotes(server, fleet, presenter, polls[1], spreadBallots(phoneCount, votesPerSecond, seconds)) : undefined
    return { connect, burst, spread }
  }
  finally {
    presenter?.close()
    await fleet.stop()
    await server.stop()
  }
}

const percent = (share: number): string => `${(100 * share).toFixed(0)} %`
const allOf = (figures: VoteFigures): { text: string, met: boolean } => ({ text: 'all', met: figures.acked === figures.cast })
const atMost = (limit: number, unit: string, value: number): { text: string, met: boolean } => ({ text: `≤ ${limit} ${unit}`, met: value <= limit })

function connectRows(server: ConnectFigures, bare: ConnectFigures, lean: ConnectFigures): Row[] {
  const perPhone = server.kbPerAdditionalPhone
  return [
    { measure: 'phones connected', server: server.connected, bare: bare.connected, lean: lean.connected, target: { text: `all ${phoneCount}`, met: server.connected === phoneCount } },
    ...(server.connected === phoneCount ? [] : [{ measure: 'connections, by outcome', server: formatCounts(server.outcomes), bare: formatCounts(bare.outcomes), lean: formatCounts(lean.outcomes) }]),
    { measure: 'connect rate', unit: 'phones/s', server: server.phonesPerSecond, bare: bare.phonesPerSecond, lean: lean.phonesPerSecond, ratio: true },
    { measure: 'RSS per additional phone (half → all)', unit: 'KB', server: perPhone, bare: bare.kbPerAdditionalPhone, lean: lean.kbPerAdditionalPhone, ratio: true, target: { text: '≤ 1.2× bare, ≤ 20 KB', met: perPhone <= 1.2 * bare.kbPerAdditionalPhone && perPhone <= 20 } },
    { measure: 'RSS per phone, averaged from idle', unit: 'KB', server: server.kbPerPhoneFromIdle, bare: bare.kbPerPhoneFromIdle, lean: lean.kbPerPhoneFromIdle, ratio: true, target: atMost(20, 'KB', server.kbPerPhoneFromIdle) },
    { measure: 'RSS with every phone connected', unit: 'MB', server: server.connectedMb, bare: bare.connectedMb, lean: lean.connectedMb, ratio: true },
  ]
}

function voteRows(name: string, server: VoteFigures, bare: VoteFigures, lean: VoteFigures, targets: { compareToBare: boolean, ackP50?: number, ackP99?: number }): Row[] {
  const presenterTarget = server.presenter.p99 <= bare.presenter.p99 && (bare.presenter.p99 > 150 || server.presenter.p99 <= 150)
  const compared = (target: { text: string, met: boolean }): { target?: { text: string, met: boolean } } => targets.compareToBare ? { target } : {}
  /** A figure of the three servers, read the same way from each. */
  const each = (read: (figures: VoteFigures) => number | string): Pick<Row, 'server' | 'bare' | 'lean'> => ({ server: read(server), bare: read(bare), lean: read(lean) })
  return [
    { measure: `${name}: votes acknowledged of ${server.cast}`, ...each(figures => figures.acked), target: allOf(server) },
    ...(server.acked === server.cast ? [] : [{ measure: `${name}: votes, by outcome`, ...each(figures => formatCounts(figures.outcomes)) }]),
    { measure: `${name}: tally exact (presenter's last update)`, ...each(figures => figures.tallyExact ? 'yes' : 'no'), target: { text: 'yes', met: server.tallyExact } },
    { measure: `${name}: offered rate`, unit: 'votes/s', ...each(figures => figures.offeredPerSecond) },
    { measure: `${name}: acknowledged votes/s`, unit: 'votes/s', ...each(figures => figures.ackedPerSecond), ratio: true, ...compared({ text: '≥ 0.90× bare', met: server.ackedPerSecond >= 0.9 * bare.ackedPerSecond }) },
    { measure: `${name}: server CPU per vote`, unit: 'ms', ...each(figures => figures.serverCpuMsPerVote), ratio: true, ...compared({ text: '≤ 1.10× bare', met: server.serverCpuMsPerVote <= 1.1 * bare.serverCpuMsPerVote }) },
    ...(server.serverCpuMsPerVoteByProcess.length > 1 ? [{ measure: `${name}: server CPU per vote, process by process (Redis last)`, server: server.serverCpuMsPerVoteByProcess.map(ms => ms.toFixed(3)).join(' + ') }] : []),
    { measure: `${name}: of which in the kernel`, ...each(figures => percent(figures.serverKernelShare)) },
    { measure: `${name}: of which on the main thread (the rest: GC and SQLite threads)`, ...each(figures => percent(figures.serverMainThreadShare)) },
    { measure: `${name}: time the server's main thread waited for a core`, ...each(figures => percent(figures.serverWaitingShare)) },
    { measure: `${name}: CPU used meanwhile by other work on the machine`, unit: 'cores', ...each(figures => figures.otherCores) },
    { measure: `${name}: simulated phones' CPU per vote`, unit: 'ms', ...each(figures => figures.phonesCpuMsPerVote), ratio: true },
    {
      measure: `${name}: phones' CPU ÷ the server's they load`,
      ...each(figures => figures.phonesCpuMsPerVote / figures.serverCpuMsPerVote),
      target: { text: '< 1', met: server.phonesCpuMsPerVote < server.serverCpuMsPerVote },
    },
    { measure: `${name}: ack latency p50`, unit: 'ms', ...each(figures => figures.ack.p50), ratio: true, ...(targets.ackP50 ? { target: atMost(targets.ackP50, 'ms', server.ack.p50) } : compared({ text: '≤ bare', met: server.ack.p50 <= bare.ack.p50 })) },
    { measure: `${name}: ack latency p99`, unit: 'ms', ...each(figures => figures.ack.p99), ...(targets.ackP99 && { target: atMost(targets.ackP99, 'ms', server.ack.p99) }) },
    { measure: `${name}: vote → presenter p50`, unit: 'ms', ...each(figures => figures.presenter.p50) },
    { measure: `${name}: vote → presenter p99`, unit: 'ms', ...each(figures => figures.presenter.p99), ...compared({ text: '≤ bare; ≤ 150 ms if bare is', met: presenterTarget }) },
    { measure: `${name}: /healthz probes (every 5 ms), unanswered within 5 s`, ...each(figures => `${figures.healthz.requests}, ${figures.healthz.failed}`) },
    { measure: `${name}: /healthz latency p50 / p99`, ...each(figures => `${figures.healthz.p50.toFixed(1)} / ${figures.healthz.p99.toFixed(1)} ms`), target: { text: 'p99 < 10 ms', met: server.healthz.p99 < 10 } },
  ]
}

function floodRows(flood: FloodFigures): Row[] {
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
    { measure: 'flood: flooding sockets\' process CPU', unit: 'cores', server: flood.flood.cores },
  ]
}

function commandLine(): string {
  const extras = [
    only && `--scenario ${only}`,
    processCount > 1 && `--processes ${processCount}`,
    options['cpu-prof'] && '--cpu-prof',
  ].filter(Boolean)
  return ['npm run bench -- --phones', phoneCount, '--burst', burstSize, '--rate', votesPerSecond, '--seconds', seconds, '--workers', workerCount, ...extras].join(' ')
}

async function main(): Promise<void> {
  const catalog = Object.values((await loadPollCatalog()).polls)
  const [burstPoll, spreadPoll] = catalog.filter(poll => poll.kind === 'scale' && !poll.repeats)
  const wordsPoll = catalog.find(poll => poll.kind === 'words')
  if (!burstPoll || !spreadPoll || !wordsPoll)
    throw new Error('The benchmark needs two scale polls (not repeats) and a words poll in the deck.')
  const loadBefore = loadavg()
  const rows: Row[] = []
  const profiles: string[] = []
  const profileDirs: string[] = []
  const profileDir = async (): Promise<string | undefined> => {
    if (!options['cpu-prof'])
      return undefined
    profileDirs.push(await mkdtemp(join(tmpdir(), 'bench-cpu-prof-')))
    return profileDirs.at(-1)
  }

  try {
    if (runs('connect') || runs('burst') || runs('spread')) {
      const polls: [string, string] = [burstPoll.id, spreadPoll.id]
      const cpuProfileDir = await profileDir()
      const server = await runLoad(() => startPollServer({ processes: processCount, addressLimits: false, cpuProfileDir }), polls)
      const bare = await runLoad(() => startBareServer(), polls)
      const lean = await runLoad(() => startBareServer(true), polls)
      rows.push(...connectRows(server.connect, bare.connect, lean.connect))
      if (server.burst && bare.burst && lean.burst)
        rows.push(...voteRows('burst', server.burst, bare.burst, lean.burst, { compareToBare: true }))
      if (server.spread && bare.spread && lean.spread)
        rows.push(...voteRows('spread', server.spread, bare.spread, lean.spread, { compareToBare: false, ackP50: 30, ackP99: 60 }))
      if (cpuProfileDir && server.burst)
        profiles.push(summarizeProfiles('the burst, from its first vote to its last acknowledgement', cpuProfileDir, server.burst.window.from, server.burst.window.to))
    }
    if (runs('flood') && processCount === 1) {
      const cpuProfileDir = await profileDir()
      const flood = await runFlood({ pollId: wordsPoll.id, seconds, cpuProfileDir })
      rows.push(...floodRows(flood))
      if (cpuProfileDir)
        profiles.push(summarizeProfiles('the flood', cpuProfileDir, flood.window.from, flood.window.to))
    }
  }
  finally {
    await Promise.all(profileDirs.map(dir => rm(dir, { recursive: true, force: true })))
  }

  const average = (loads: number[]): string => loads.map(load => load.toFixed(2)).join(' ')
  console.log(`\n${commandLine()}\n`)
  console.log(`Load average (1, 5, 15 min) before: ${average(loadBefore)}; after: ${average(loadavg())}, on ${availableParallelism()} cores.\n`)
  console.log(markdownTable(rows, processCount > 1 ? `poll server, ${processCount} processes on Redis` : 'poll server'))
  if (processCount > 1 && runs('flood'))
    console.log('\nThe flood runs against one process only: per-address limits are kept in each process\'s memory.')
  for (const profile of profiles)
    console.log(`\n${profile}`)
}

main().then(() => clearTimeout(deadline), (error: unknown) => {
  console.error(error)
  process.exit(1)
})
