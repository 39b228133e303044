import type { Socket } from 'socket.io-client'
import type { ClientToServerEvents, DeckSnapshot, Handshake, PhoneSnapshot, Reply, ServerToClientEvents } from '../../core/protocol'
import type { PresentationOptions, PresentationServer } from '../../server/presentation-server'
import { randomBytes } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { io } from 'socket.io-client'
import { socketPath } from '../../core/protocol'
import { startPresentationServer } from '../../server/presentation-server'

export const fixtureSlides = new URL('../fixtures/polls.md', import.meta.url).pathname

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>

export async function temporaryDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}

/** The real presentation server on a loopback ephemeral port, with the fixture deck's polls unless told otherwise. */
export async function startTestServer(options: Partial<PresentationOptions> = {}): Promise<PresentationServer & { url: string, dataDir: string }> {
  const dataDir = options.dataDir ?? await temporaryDir('polls-data-')
  const server = await startPresentationServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    deckDir: await temporaryDir('no-deck-'),
    slidesPath: fixtureSlides,
    allowedOrigins: [],
    ...options,
  })
  return { ...server, dataDir, url: server.localUrl.replace('localhost', '127.0.0.1') }
}

export function randomVoterId(): string {
  return randomBytes(12).toString('hex')
}

/** A real socket.io client, connected; rejects with the server's refusal. `before` runs before connecting, to catch the first events. */
export function connectClient(url: string, auth: Handshake | Record<string, unknown>, options: { websocketOnly?: boolean, before?: (socket: ClientSocket) => void } = {}): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, {
    path: socketPath,
    auth,
    forceNew: true,
    autoConnect: false,
    reconnection: false,
    transports: options.websocketOnly === false ? ['polling', 'websocket'] : ['websocket'],
  })
  options.before?.(socket)
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', (error) => {
      socket.close()
      reject(error)
    })
    socket.connect()
  })
}

export async function connectPhone(url: string, voterId = randomVoterId()): Promise<{ socket: ClientSocket, snapshot: PhoneSnapshot }> {
  let snapshot!: Promise<PhoneSnapshot>
  const socket = await connectClient(url, { role: 'phone', voterId }, { before: (client) => {
    snapshot = nextEvent(client, 'phone:snapshot')
  } })
  return { socket, snapshot: await snapshot }
}

export async function connectDeck(url: string, auth: { role: 'screen' } | { role: 'presenter', token: string }): Promise<{ socket: ClientSocket, snapshot: DeckSnapshot }> {
  let snapshot!: Promise<DeckSnapshot>
  const socket = await connectClient(url, auth, { before: (client) => {
    snapshot = nextEvent(client, 'deck:snapshot')
  } })
  return { socket, snapshot: await snapshot }
}

/** Resolves with the next occurrence of a server event. */
export function nextEvent<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E, timeoutMs = 5000): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs)
    socket.once(event as never, ((payload: never) => {
      clearTimeout(timer)
      resolve(payload)
    }) as never)
  })
}

/** Emits an event the way the deck and the phone do, waiting for the server's reply. */
export function request(socket: ClientSocket, event: string, ...args: unknown[]): Promise<Reply> {
  return (socket as unknown as Socket).timeout(5000).emitWithAck(event, ...args) as Promise<Reply>
}

/** Resolves with the first `event` payload that satisfies `accept`; call it before the action that should cause it. */
export function eventMatching<E extends keyof ServerToClientEvents>(
  socket: ClientSocket,
  event: E,
  accept: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined
    const listener = ((payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!accept(payload))
        return
      clearTimeout(timer)
      socket.off(event as never, listener as never)
      resolve(payload)
    }) as never
    timer = setTimeout(() => {
      socket.off(event as never, listener)
      reject(new Error(`no matching ${event} within ${timeoutMs} ms`))
    }, timeoutMs)
    socket.on(event as never, listener)
  })
}
