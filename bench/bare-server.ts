// The references: the least a socket.io server can do for the same load. It counts votes per option in memory,
// acknowledges each at once, and sends presenters the tally at most every 50 ms; nothing stored or limited. It speaks the
// subset of the wire contract the benchmark uses, so the same phones and presenter run against both servers. With
// `--lean`, it checks nothing of a vote either (no poll, no answer's shape) and acknowledges every vote with one shared
// reply: the gap between the two is what reading a payload costs, the gap to the lean one all the poll server adds.
// With `--deferred` too, it holds each acknowledgement for a 10 ms window and sends the window's together, as the poll
// server does around a group commit: what acknowledging after a commit costs by itself, nothing stored.
import type { AddressInfo } from 'node:net'
import type { Reply } from '../core/protocol'
import { createServer } from 'node:http'
import process from 'node:process'
import { Server } from 'socket.io'
import { socketPath } from '../core/protocol'

const tallyIntervalMs = 50
const lean = process.argv.includes('--lean')
const deferred = process.argv.includes('--deferred')
/** The poll server's commit window. */
const commitWindowMs = 10

interface Tally { voters: number, counts: number[] }
const tallies = new Map<string, Tally>()
const dirty = new Set<string>()

// A monitoring probe's address, as on the poll server, so that the benchmark probes both alike.
const httpServer = createServer((request, response) => {
  response.writeHead(request.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' }).end('{"status":"ok"}')
})
const io = new Server(httpServer, { path: socketPath, serveClient: false, maxHttpBufferSize: 8 * 1024, transports: ['websocket'] })

function views(pollIds: Iterable<string>): Record<string, object> {
  return Object.fromEntries([...pollIds].map((id) => {
    const { voters, counts } = tallies.get(id)!
    return [id, { status: 'open', voters, results: { kind: 'scale', counts, mean: null } }]
  }))
}

// Coalescing as the poll server does it: at once after a quiet interval, otherwise when the interval is up.
let lastSent = Number.NEGATIVE_INFINITY
let timer: NodeJS.Timeout | undefined
function sendTallies(): void {
  timer = undefined
  lastSent = performance.now()
  io.to('presenters').emit('deck:update', { polls: views(dirty) })
  dirty.clear()
}
function tallyChanged(pollId: string): void {
  dirty.add(pollId)
  timer ??= setTimeout(sendTallies, Math.max(0, lastSent + tallyIntervalMs - performance.now()))
}

function tallyOf(pollId: string): Tally {
  const tally = tallies.get(pollId) ?? { voters: 0, counts: [0, 0, 0, 0, 0] }
  tallies.set(pollId, tally)
  return tally
}

type Vote = (payload: { pollId: string, answer: { point: number } }, ack: (reply: Reply) => void) => void

const checkedVote: Vote = (payload, ack) => {
  const point = payload?.answer?.point
  if (typeof ack !== 'function' || !Number.isInteger(point) || point < 0 || point > 4)
    return
  const tally = tallyOf(payload.pollId)
  tally.voters += 1
  tally.counts[point]! += 1
  ack({ ok: true })
  tallyChanged(payload.pollId)
}

// The benchmark votes on one poll at a time: the lean server counts into the last poll opened.
let openPoll = ''
const accepted: Reply = { ok: true }
let held: ((reply: Reply) => void)[] = []
function acknowledgeHeld(): void {
  const window = held
  held = []
  tallyChanged(openPoll)
  for (const ack of window)
    ack(accepted)
}
const leanVote: Vote = (payload, ack) => {
  const tally = tallies.get(openPoll)!
  tally.voters += 1
  tally.counts[payload.answer.point]! += 1
  if (!deferred) {
    ack(accepted)
    return tallyChanged(openPoll)
  }
  if (held.push(ack) === 1)
    setTimeout(acknowledgeHeld, commitWindowMs)
}

io.on('connection', (socket) => {
  if (socket.handshake.auth.role === 'presenter') {
    socket.join('presenters')
    socket.emit('deck:snapshot', { polls: views(tallies.keys()) })
  }
  socket.on('poll:open', (payload: { pollId: string }, ack: (reply: Reply) => void) => {
    openPoll = payload.pollId
    tallyOf(openPoll)
    ack({ ok: true })
  })
  socket.on('vote', lean ? leanVote : checkedVote)
})

const host = process.env.HOST ?? '127.0.0.1'
httpServer.listen(Number(process.env.PORT ?? 0), host, () => {
  console.log(`bare socket.io counting server listening on http://${host}:${(httpServer.address() as AddressInfo).port}`)
})
process.once('SIGTERM', () => io.close(() => process.exit(0)))
