// The reference: the least a socket.io server can do for the same load. It counts votes per option in memory, acknowledges
// each at once, and sends presenters the tally at most every 50 ms; nothing stored, checked or limited. It speaks the
// subset of the wire contract the benchmark uses, so the same phones and presenter run against both servers.
import type { AddressInfo } from 'node:net'
import type { Reply } from '../core/protocol'
import { createServer } from 'node:http'
import process from 'node:process'
import { Server } from 'socket.io'
import { socketPath } from '../core/protocol'

const tallyIntervalMs = 50

interface Tally { voters: number, counts: number[] }
const tallies = new Map<string, Tally>()
const dirty = new Set<string>()

const httpServer = createServer()
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

io.on('connection', (socket) => {
  if (socket.handshake.auth.role === 'presenter') {
    socket.join('presenters')
    socket.emit('deck:snapshot', { polls: views(tallies.keys()) })
  }
  socket.on('poll:open', (_payload: unknown, ack: (reply: Reply) => void) => ack({ ok: true }))
  socket.on('vote', (payload: { pollId: string, answer: { point: number } }, ack: (reply: Reply) => void) => {
    const point = payload?.answer?.point
    if (typeof ack !== 'function' || !Number.isInteger(point) || point < 0 || point > 4)
      return
    const tally = tallies.get(payload.pollId) ?? { voters: 0, counts: [0, 0, 0, 0, 0] }
    tallies.set(payload.pollId, tally)
    tally.voters += 1
    tally.counts[point]! += 1
    ack({ ok: true })
    tallyChanged(payload.pollId)
  })
})

const host = process.env.HOST ?? '127.0.0.1'
httpServer.listen(Number(process.env.PORT ?? 0), host, () => {
  console.log(`bare socket.io counting server listening on http://${host}:${(httpServer.address() as AddressInfo).port}`)
})
process.once('SIGTERM', () => io.close(() => process.exit(0)))
