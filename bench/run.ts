// `npm run bench`: the same load against a bare socket.io counting server and against the poll server, in one run, with
// simulated phones in their own processes; then a flood of a word cloud. Prints one Markdown table.
import type { Row } from './report'
import { mkdtemp, rm } from 'node:fs/promises'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { loadPollCatalog } from '../server/deck-source'
import { projectRoot } from '../server/project-root'
import { summarizeProfiles } from './cpu-profile'
import { runFlood } from './flood'
import { markdownTable } from './report'
import { coldRows, connectRows, floodRows, roundsTable, voteRows, warmRounds } from './rows'
import { startBareServer, startPollServer } from './servers'
import { runSideBySide } from './side-by-side'

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
    'rounds': { type: 'string', default: '6' },
    'unpinned': { type: 'boolean', default: false },
    'deferred-lean': { type: 'boolean', default: false },
    'poll-root': { type: 'string', default: projectRoot },
    'cpu-prof': { type: 'boolean', default: false },
  },
})
function count(name: 'phones' | 'burst' | 'rate' | 'seconds' | 'workers' | 'processes' | 'rounds'): number {
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
const roundCount = count('rounds')
const only = options.scenario === 'all' ? undefined : options.scenario as Scenario
if (only && !scenarios.includes(only))
  throw new Error(`--scenario is one of ${scenarios.join(', ')}, or all`)
/** The checkout whose poll server the side-by-side runs. */
const pollRoot = resolve(options['poll-root'])
const runs = (scenario: Scenario): boolean => only === undefined || only === scenario
/** Handshakes under way at once, over all the workers. */
const connectConcurrency = 200

/** The whole run stops by itself, whatever happens; children are ended on exit. */
const deadline = setTimeout(() => {
  console.error('Benchmark stopped: it ran past its 30-minute limit.')
  process.exit(2)
}, 30 * 60_000)

function commandLine(): string {
  const extras = [
    only && `--scenario ${only}`,
    processCount > 1 && `--processes ${processCount}`,
    `--rounds ${roundCount}`,
    options.unpinned && '--unpinned',
    options['deferred-lean'] && '--deferred-lean',
    pollRoot !== projectRoot && `--poll-root ${pollRoot}`,
    options['cpu-prof'] && '--cpu-prof',
  ].filter(Boolean)
  return ['npm run bench -- --phones', phoneCount, '--burst', burstSize, '--rate', votesPerSecond, '--seconds', seconds, '--workers', workerCount, ...extras].join(' ')
}

async function main(): Promise<void> {
  const catalog = Object.values((await loadPollCatalog()).polls)
  const scalePolls = catalog.filter(poll => poll.kind === 'scale' && !poll.repeats).map(poll => poll.id)
  const wordsPoll = catalog.find(poll => poll.kind === 'words')
  if (scalePolls.length < 2 || !wordsPoll)
    throw new Error('The benchmark needs two scale polls (not repeats) and a words poll in the deck.')
  const loadBefore = loadavg()
  const rows: Row[] = []
  const profiles: string[] = []
  /** Tables printed after the main one. */
  const details: string[] = []
  const profileDirs: string[] = []
  const profileDir = async (): Promise<string | undefined> => {
    if (!options['cpu-prof'])
      return undefined
    profileDirs.push(await mkdtemp(join(tmpdir(), 'bench-cpu-prof-')))
    return profileDirs.at(-1)
  }

  try {
    if (runs('connect') || runs('burst') || runs('spread')) {
      const cpuProfileDir = await profileDir()
      const { connect, burst, spread } = await runSideBySide({
        starts: {
          poll: () => startPollServer({ processes: processCount, addressLimits: false, cpuProfileDir, root: pollRoot }),
          bare: () => startBareServer(),
          lean: () => startBareServer(options['deferred-lean'] ? 'deferred' : 'lean'),
        },
        phones: phoneCount,
        workers: workerCount,
        connectConcurrency,
        // Several processes on one core could not show what they scale to: they are left to the scheduler.
        pin: !options.unpinned && processCount === 1,
        // The spread takes the last scale poll when it runs; the bursts take the others, each phone once per poll.
        ...(runs('burst') && { bursts: { rounds: roundCount, size: burstSize, polls: runs('spread') ? scalePolls.slice(0, -1) : scalePolls } }),
        ...(runs('spread') && { spread: { pollId: scalePolls.at(-1)!, perSecond: votesPerSecond, seconds } }),
      })
      rows.push(...connectRows(connect, phoneCount))
      if (burst) {
        const warm = roundCount > 1 ? `rounds 2–${roundCount}, each server warmed up by round 1` : 'one round'
        rows.push({ measure: `burst: medians of ${warm}; ratios taken within a round`, server: '' })
        rows.push(...voteRows('burst', warmRounds(burst), { compareToBare: true }), ...(roundCount > 1 ? coldRows('burst', burst) : []))
        details.push(roundsTable('burst', burst))
      }
      if (spread)
        rows.push(...voteRows('spread', spread, { compareToBare: false, ackP50: 30, ackP99: 60 }))
      if (cpuProfileDir && burst)
        profiles.push(summarizeProfiles('the bursts after the first, each from its first vote to its last acknowledgement', cpuProfileDir, warmRounds(burst).poll.map(figures => figures.window), pollRoot))
    }
    if (runs('flood') && processCount === 1) {
      const cpuProfileDir = await profileDir()
      const flood = await runFlood({ pollId: wordsPoll.id, seconds, cpuProfileDir })
      rows.push(...floodRows(flood))
      if (cpuProfileDir)
        profiles.push(summarizeProfiles('the flood', cpuProfileDir, [flood.window]))
    }
  }
  finally {
    await Promise.all(profileDirs.map(dir => rm(dir, { recursive: true, force: true })))
  }

  const average = (loads: number[]): string => loads.map(load => load.toFixed(2)).join(' ')
  console.log(`\n${commandLine()}\n`)
  console.log(`Load average (1, 5, 15 min) before: ${average(loadBefore)}; after: ${average(loadavg())}, on ${availableParallelism()} cores.\n`)
  console.log(markdownTable(rows, processCount > 1 ? `poll server, ${processCount} processes on Redis` : 'poll server', options['deferred-lean'] ? 'lean bare server, acks held 10 ms' : undefined))
  if (processCount > 1 && runs('flood'))
    console.log('\nThe flood runs against one process only: per-address limits are kept in each process\'s memory.')
  for (const profile of [...details, ...profiles])
    console.log(`\n${profile}`)
}

main().then(() => clearTimeout(deadline), (error: unknown) => {
  console.error(error)
  process.exit(1)
})
