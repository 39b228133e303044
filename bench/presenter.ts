// The benchmark's presenter, in its own process: prints, for every tally update of one poll, when it arrived and how
// many voters it counted, as JSON lines on stdout.
import type { Socket } from 'socket.io-client'
import type { ClientToServerEvents, ServerToClientEvents } from '../core/protocol'
import { performance } from 'node:perf_hooks'
import process from 'node:process'
import { io } from 'socket.io-client'
import { socketPath } from '../core/protocol'

const [url, token, pollId] = process.argv.slice(2) as [string, string, string]
const now = (): number => performance.timeOrigin + performance.now()

const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
  path: socketPath,
  auth: { role: 'presenter' },
  extraHeaders: { authorization: `Bearer ${token}` },
  transports: ['websocket'],
  forceNew: true,
})

function report(voters: number | undefined, counts: number[] | undefined): void {
  if (voters !== undefined)
    process.stdout.write(`${JSON.stringify({ at: now(), voters, counts })}\n`)
}

socket.on('deck:snapshot', (snapshot) => {
  const poll = snapshot.polls[pollId]
  report(poll?.voters, poll?.results && 'counts' in poll.results ? poll.results.counts : undefined)
})
socket.on('deck:update', (update) => {
  const poll = update.polls?.[pollId]
  report(poll?.voters, poll?.results && 'counts' in poll.results ? poll.results.counts : undefined)
})
socket.on('connect_error', (error) => {
  console.error(`presenter: ${error.message}`)
  process.exit(1)
})
process.on('SIGTERM', () => {
  socket.close()
  process.exit(0)
})
