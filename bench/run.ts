// `npm run bench`: phones on loopback against one server process, and a presenter process timing the tallies.
import type { Socket } from 'socket.io-client'
import type { ClientToServerEvents, Reply, ServerToClientEvents } from '../core/protocol'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import process from 'node:process'
import { parseArgs } from 'node:util'
import { io } from 'socket.io-client'
import { socketPath } from '../core/protocol'
import { projectRoot } from '../server/deck-build'
import { loadPollCatalog } from '../server/deck-source'
import { serverUrl, spawnServer } from '../tests/support/server-process'

type PhoneSocket = Socket<ServerToClientEvents, ClientToServerEvents>

const { values: options } = parseArgs({
  options: {
    'phones': { type: 'string', default: '10000' },
    'burst': { type: 'string', default: '5000' },
    'rate': { type: 'string', default: '1000' },
    'seconds': { type: 'string', default: '10' },
    'connect-concurrency': { type: 'string', default: '250' },
  },
})
const phoneCount = Number(options.phones)
const burstSize = Math.min(Number(options.burst), phoneCount)
const votesPerSecond = Number(options.rate)
const spreadSeconds = Number(options.seconds)
const connectConcurrency = Number(options['connect-concurrency'])

/** The whole run stops by itself, whatever happens. */
const deadline = setTimeout(() => {
  console.error('Benchmark stopped: it ran past its 10-minute limit.')
  process.exit(2)
}, 10 * 60_000)

const now = (): number => performance.timeOrigin + performance.now()

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

function residentKilobytes(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1])
}

/** CPU seconds a process has used so far (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** CPU seconds this process has used so far. */
function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1e6
}

const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

function connectPhone(url: string, index: number): Promise<PhoneSocket> {
  const socket: PhoneSocket = io(url, {
    path: socketPath,
    auth: { role: 'phone', voterId: `bench-phone-${String(index).padStart(8, '0')}` },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  })
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', reject)
  })
}

interface Vote { sentAt: number, ackedAt: number, ok: boolean }

function vote(socket: PhoneSocket, pollId: string, answer: number): Promise<Vote> {
  const sentAt = now()
  return new Promise((resolve) => {
    socket.timeout(30_000).emit('vote', { pollId, answer: { kind: 'scale', point: answer } }, (error: Error | null, reply: Reply) =>
      resolve({ sentAt, ackedAt: now(), ok: !error && reply.ok }))
  })
}

interface TallyUpdate { at: number, voters: number, counts?: number[] }

/** The presenter process: it reports each tally update of one poll. */
function watchTally(url: string, token: string, pollId: string): { updates: TallyUpdate[], ready: Promise<void>, stop: () => void } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/presenter.ts', url, token, pollId], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] })
  const updates: TallyUpdate[] = []
  let buffered = ''
  let markReady!: () => void
  const ready = new Promise<void>(resolve => markReady = resolve)
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk
    const lines = buffered.split('\n')
    buffered = lines.pop()!
    for (const line of lines)
      updates.push(JSON.parse(line) as TallyUpdate)
    if (updates.length > 0)
      markReady()
  })
  return { updates, ready, stop: () => child.kill('SIGTERM') }
}

/** For the n-th acknowledged vote, the first tally that counts at least n voters: when the presenter saw it. */
function presenterLatencies(votes: Vote[], updates: TallyUpdate[], votersBefore: number): number[] {
  const acked = votes.filter(v => v.ok).sort((a, b) => a.ackedAt - b.ackedAt)
  return acked.map((v, rank) => {
    const seen = updates.find(update => update.voters >= votersBefore + rank + 1 && update.at >= v.sentAt)
    return seen ? seen.at - v.sentAt : Number.NaN
  })
}

async function presenterAction(url: string, token: string, event: 'poll:open', pollId: string): Promise<void> {
  const socket: PhoneSocket = io(url, { path: socketPath, auth: { role: 'presenter' }, extraHeaders: { authorization: `Bearer ${token}` }, transports: ['websocket'], forceNew: true })
  const reply: Reply = await (socket.timeout(10_000) as unknown as Socket).emitWithAck(event, { pollId })
  socket.close()
  if (!reply.ok)
    throw new Error(`${event} ${pollId}: ${reply.error}`)
}

const rows: { measure: string, value: string, target?: string, met?: boolean }[] = []
function record(measure: string, value: number, unit: string, target?: { max?: number, min?: number, text: string }): void {
  const met = target ? (target.max === undefined || value <= target.max) && (target.min === undefined || value >= target.min) : undefined
  rows.push({ measure, value: `${Number.isFinite(value) ? value.toFixed(value < 1 ? 3 : value < 100 ? 1 : 0) : 'n/a'} ${unit}`, target: target?.text, met })
}

async function main(): Promise<void> {
  const catalog = await loadPollCatalog()
  const [burstPoll, spreadPoll] = Object.values(catalog.polls).filter(poll => poll.kind === 'scale')
  if (!burstPoll || !spreadPoll)
    throw new Error('The deck needs two scale polls for the benchmark.')

  const token = 'jeton-de-banc-d-essai-0123456789'
  const server = spawnServer({ DATA_DIR: await mkdtemp(join(tmpdir(), 'bench-data-')), DECK_DIR: await mkdtemp(join(tmpdir(), 'bench-deck-')), PRESENTER_TOKEN: token, MAX_VOTERS_PER_ADDRESS: '0' })
  const url = await serverUrl(server)
  const serverPid = server.child.pid!
  const phones: PhoneSocket[] = []
  try {
    await sleep(1000)
    const idleRss = residentKilobytes(serverPid)

    // 1. Connect every phone, a few hundred at a time; the server's memory is read halfway and at the end.
    const connect = async (upTo: number): Promise<void> => {
      while (phones.length < upTo) {
        const first = phones.length
        const batch = Array.from({ length: Math.min(connectConcurrency, upTo - first) }, (_, offset) => connectPhone(url, first + offset))
        phones.push(...await Promise.all(batch))
      }
    }
    const halfway = Math.floor(phoneCount / 2)
    const connectStart = now()
    await connect(halfway)
    const halfwaySeconds = (now() - connectStart) / 1000
    await sleep(2000)
    const halfwayRss = residentKilobytes(serverPid)
    const secondHalfStart = now()
    await connect(phoneCount)
    const connectSeconds = halfwaySeconds + (now() - secondHalfStart) / 1000
    await sleep(2000)
    const connectedRss = residentKilobytes(serverPid)
    record(`phones connected`, phones.length, '', { min: 10_000, text: '10,000 to one process' })
    record('connect rate', phones.length / connectSeconds, 'phones/s')
    // The slope between the two readings is what one more phone costs; the average also carries the heap's fixed growth.
    record('server RSS per additional phone', (connectedRss - halfwayRss) / (phones.length - halfway), 'KB', { max: 20, text: '≤ 20 KB' })
    record('server RSS per phone, averaged from idle', (connectedRss - idleRss) / phones.length, 'KB')
    record('server RSS with every phone connected', connectedRss / 1024, 'MB')

    // 2. A burst: many phones vote at the same instant.
    await presenterAction(url, token, 'poll:open', burstPoll.id)
    const burstTally = watchTally(url, token, burstPoll.id)
    await burstTally.ready
    // Opening the poll told every phone; in a room, people read the question before voting.
    await sleep(1000)
    const expected = [0, 0, 0, 0, 0]
    const [serverCpuBefore, phonesCpuBefore] = [cpuSeconds(serverPid), ownCpuSeconds()]
    const burstStart = now()
    const burstVotes = await Promise.all(phones.slice(0, burstSize).map((socket, index) => {
      expected[index % 5]! += 1
      return vote(socket, burstPoll.id, index % 5)
    }))
    const burstSeconds = (now() - burstStart) / 1000
    const [serverCpu, phonesCpu] = [cpuSeconds(serverPid) - serverCpuBefore, ownCpuSeconds() - phonesCpuBefore]
    await sleep(500)
    burstTally.stop()
    const burstAcked = burstVotes.filter(v => v.ok).length
    const finalTally = burstTally.updates.at(-1)
    const burstPresenter = presenterLatencies(burstVotes, burstTally.updates, 0)
    record(`burst: votes acknowledged of ${burstSize}`, burstAcked, '', { min: burstSize, text: 'all' })
    record('burst: tally exact', JSON.stringify(finalTally?.counts) === JSON.stringify(expected) ? 1 : 0, '(1 = yes)', { min: 1, text: 'yes' })
    record('burst: acknowledged votes/s', burstAcked / burstSeconds, 'votes/s')
    record('burst: server CPU per vote', (serverCpu * 1000) / burstSize, 'ms')
    record('burst: simulated phones\' CPU per vote (same machine)', (phonesCpu * 1000) / burstSize, 'ms')
    record('burst: ack latency p50', percentile(burstVotes.map(v => v.ackedAt - v.sentAt), 50), 'ms')
    record('burst: ack latency p99', percentile(burstVotes.map(v => v.ackedAt - v.sentAt), 99), 'ms')
    record('burst: vote → presenter p50', percentile(burstPresenter, 50), 'ms')
    record('burst: vote → presenter p99', percentile(burstPresenter, 99), 'ms', { max: 300, text: '≤ 300 ms' })

    // 3. A steady flow: votes spread evenly over several seconds.
    await presenterAction(url, token, 'poll:open', spreadPoll.id)
    const spreadTally = watchTally(url, token, spreadPoll.id)
    await spreadTally.ready
    await sleep(1000)
    const total = Math.min(phones.length, votesPerSecond * spreadSeconds)
    const pending: Promise<Vote>[] = []
    const spreadStart = now()
    for (let sent = 0; sent < total;) {
      const due = Math.min(total, Math.ceil(((now() - spreadStart) / 1000) * votesPerSecond))
      for (; sent < due; sent++)
        pending.push(vote(phones[sent]!, spreadPoll.id, sent % 5))
      await sleep(5)
    }
    const sendingSeconds = (now() - spreadStart) / 1000
    const spreadVotes = await Promise.all(pending)
    await sleep(500)
    spreadTally.stop()
    const spreadAck = spreadVotes.map(v => v.ackedAt - v.sentAt)
    const spreadPresenter = presenterLatencies(spreadVotes, spreadTally.updates, 0)
    record(`spread: votes acknowledged of ${total}`, spreadVotes.filter(v => v.ok).length, '', { min: total, text: 'all' })
    record('spread: offered rate', total / sendingSeconds, 'votes/s')
    record('spread: ack latency p50', percentile(spreadAck, 50), 'ms', { max: 30, text: '≤ 30 ms' })
    record('spread: ack latency p99', percentile(spreadAck, 99), 'ms', { max: 60, text: '≤ 60 ms' })
    record('spread: vote → presenter p50', percentile(spreadPresenter, 50), 'ms')
    record('spread: vote → presenter p99', percentile(spreadPresenter, 99), 'ms')
  }
  finally {
    phones.forEach(socket => socket.close())
    server.child.kill('SIGTERM')
    await server.exited
    clearTimeout(deadline)
  }

  console.log(`\nnpm run bench -- --phones ${phoneCount} --burst ${burstSize} --rate ${votesPerSecond} --seconds ${spreadSeconds}\n`)
  console.log('| measure | result | target | met |')
  console.log('| --- | --- | --- | --- |')
  for (const row of rows)
    console.log(`| ${row.measure} | ${row.value} | ${row.target ?? ''} | ${row.met === undefined ? '' : row.met ? 'yes' : 'no'} |`)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
