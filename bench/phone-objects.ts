// `node --expose-gc --import tsx bench/phone-objects.ts`: what each thing the poll server keeps per phone, beyond a bare
// socket.io server, costs in V8's heap: 10,000 of each built as the server builds them, the heap measured after a full
// collection before and after. An estimate of the parts: socket.io's and engine.io's own objects are the same as bare.
import { randomBytes } from 'node:crypto'
import process from 'node:process'
import { createRateLimiters } from '../server/rate-limit'

const phones = 10_000
const gc = (globalThis as { gc?: () => void }).gc
if (!gc)
  throw new Error('Run with node --expose-gc')

/** Bytes of heap per phone that `build` keeps, given what every phone has already. */
function perPhone(build: (index: number) => unknown): number {
  gc!()
  const before = process.memoryUsage().heapUsed
  const kept = Array.from({ length: phones }, (_, index) => build(index))
  gc!()
  const after = process.memoryUsage().heapUsed
  // The array that keeps them alive: 8 bytes a slot.
  return kept.length === phones ? (after - before) / phones - 8 : Number.NaN
}

// Every server keeps these already (the handshake's voter id, socket.io's id): made before anything is measured.
const voterIds = Array.from({ length: phones }, () => randomBytes(16).toString('base64url'))
const socketIds = Array.from({ length: phones }, () => randomBytes(15).toString('base64url'))
const voterId = (index: number): string => voterIds[index]!

const rooms = new Map<string, Set<string>>()
const phonesRoom = new Set<string>()
const limiter = createRateLimiters({ burst: 10, perSecond: 2 })
const votersByAddress = new Map<string, Set<string>>()
// Shared by every socket (server/socket-messages.ts): a phone keeps only a reference to it.
function onMessage(): void {}

const items: [string, (index: number) => unknown][] = [
  ['a room of its own per voter (`voter:<id>`: a Set, its key, its entry in the socket\'s rooms)', (index) => {
    const sid = socketIds[index]!
    const ownRooms = new Set([sid])
    const room = `voter:${voterId(index)}`
    rooms.set(room, new Set([sid]))
    ownRooms.add(room)
    // Bare keeps the socket's own room too: only the voter's room is counted.
    return room
  }],
  ['its place in the `phones` room', index => phonesRoom.add(socketIds[index]!)],
  ['`socket.data` (role, voter id, address, refusals in a row)', index => ({ role: 'phone', voterId: voterId(index), address: '127.0.0.1', refusedInARow: 0 })],
  ['the connection\'s opening kept for rights (address, credentials, a Map entry)', index => ({ address: '127.0.0.1', credentials: { cookie: undefined, authorization: undefined }, carriedRights: false, index })],
  ['a rate-limit bucket, once it has voted', index => limiter(voterId(index))],
  ['its voter id in its address\'s set (address limits)', (index) => {
    let set = votersByAddress.get('127.0.0.1')
    if (!set)
      votersByAddress.set('127.0.0.1', set = new Set())
    set.add(voterId(index))
  }],
  // The disconnect listener, shared too, is one more key in the socket's own table of listeners: not counted.
  ['the message handler, shared by every socket: only socket.io\'s list of a socket\'s `onAny` listeners (an array of one, which the closures had too)', () => [onMessage]],
]

console.log('| kept per phone | bytes of heap |\n| --- | --- |')
for (const [name, build] of items)
  console.log(`| ${name} | ${Math.round(perPhone(build))} |`)
