import type { Socket } from 'socket.io-client'
import type { QuestionView } from '../../core/features/question-list'
import type { Handshake } from '../../core/inbound'
import type { ClientToServerEvents, DeckSnapshot, PhoneSnapshot, Reply, ServerToClientEvents } from '../../core/protocol'
import type { Right } from '../../server/access'
import type { PresentationOptions, PresentationServer } from '../../server/presentation-server'
import { randomBytes } from 'node:crypto'
import { existsSync, utimesSync } from 'node:fs'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { io } from 'socket.io-client'
import { patchQuestions } from '../../core/features/question-list'
import { socketPath } from '../../core/protocol'
import { databasePath } from '../../server/poll-app'
import { startPresentationServer } from '../../server/presentation-server'

export const fixtureSlides = new URL('../fixtures/polls.md', import.meta.url).pathname

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>
export type TestServer = PresentationServer & { url: string, dataDir: string, cookie: (right: Right) => Promise<string> }

export async function temporaryDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix))
}

/** Two one-page « decks », presenter and screen, telling which one was served: enough to test who gets what. */
export async function stubDecks(): Promise<string> {
  const dir = await temporaryDir('stub-decks-')
  for (const build of ['presenter', 'screen']) {
    await mkdir(join(dir, build))
    await writeFile(join(dir, build, 'index.html'), `<!doctype html><title>${build}</title><div id="app">deck:${build}</div>`)
  }
  return dir
}

/** The cookie a login link hands out, as a browser would get it. */
export async function loginCookie(url: string, loginPath: string): Promise<string> {
  const response = await fetch(`${url}${loginPath}`, { redirect: 'manual' })
  const cookie = response.headers.get('set-cookie')
  if (response.status !== 303 || !cookie)
    throw new Error(`login refused: ${response.status}`)
  return cookie.split(';')[0]!
}

/**
 * The real presentation server on a loopback ephemeral port, with the fixture deck's polls unless told otherwise. Votes
 * and connections per address are not limited: tests connect many phones from one address, except those about the limits.
 */
export async function startTestServer(options: Partial<PresentationOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? await temporaryDir('polls-data-')
  const server = await startPresentationServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    deckDir: options.deckDir ?? await stubDecks(),
    slidesPath: fixtureSlides,
    allowedOrigins: [],
    maxVotersPerAddress: 0,
    recoveryWindowMs: 120_000,
    voterReleaseMs: 600_000,
    handshakesPerAddress: 0,
    trustProxy: false,
    ...options,
  })
  const url = server.localUrl.replace('localhost', '127.0.0.1')
  return { ...server, dataDir, url, cookie: right => loginCookie(url, server.app.access.loginPath(right)) }
}

export function randomVoterId(): string {
  return randomBytes(12).toString('hex')
}

export interface ClientOptions {
  websocketOnly?: boolean
  cookie?: string
  /** A loopback address of its own (127.0.0.2…), to stand for another device. */
  localAddress?: string
  /** More request headers, sent on the handshake (a forged `X-Forwarded-For`, say). */
  headers?: Record<string, string>
  /** The certificate an `https://` server is trusted with: a test's self-signed one. */
  ca?: string
  /** Runs before connecting, to catch the first events. */
  before?: (socket: ClientSocket) => void
}

/** A real socket.io client, connected; rejects with the server's refusal. */
export function connectClient(url: string, auth: Handshake | Record<string, unknown>, options: ClientOptions = {}): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, {
    path: socketPath,
    auth,
    forceNew: true,
    autoConnect: false,
    reconnection: false,
    transports: options.websocketOnly === false ? ['polling', 'websocket'] : ['websocket'],
    extraHeaders: { ...options.headers, ...(options.cookie && { cookie: options.cookie }) },
    ...(options.localAddress && { localAddress: options.localAddress }),
    ...(options.ca && { ca: options.ca }),
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

export async function connectPhone(url: string, voterId = randomVoterId(), options: ClientOptions = {}): Promise<{ socket: ClientSocket, snapshot: PhoneSnapshot }> {
  let snapshot!: Promise<PhoneSnapshot>
  const socket = await connectClient(url, { role: 'phone', voterId }, { ...options, before: (client) => {
    options.before?.(client)
    snapshot = nextEvent(client, 'phone:snapshot')
    // A refused connection sends no snapshot: that refusal is the caller's answer, not this promise's.
    snapshot.catch(() => undefined)
  } })
  return { socket, snapshot: await snapshot }
}

/** The presenter or a screen, with the cookie their login link gives. */
export async function connectDeck(server: TestServer, role: 'presenter' | 'screen'): Promise<{ socket: ClientSocket, snapshot: DeckSnapshot }> {
  let snapshot!: Promise<DeckSnapshot>
  const socket = await connectClient(server.url, { role }, { cookie: await server.cookie(role), before: (client) => {
    snapshot = nextEvent(client, 'deck:snapshot')
    snapshot.catch(() => undefined)
  } })
  return { socket, snapshot: await snapshot }
}

/** Resolves with the next occurrence of a server event. */
export function nextEvent<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E, timeoutMs = 5000): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return eventMatching(socket, event, () => true, timeoutMs)
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

/** The question list a client holds, from its latest snapshot and the patches that follow, folded as the pages fold them. */
export function followQuestions(socket: ClientSocket, snapshot: { questions: QuestionView[] }): { list: () => QuestionView[] } {
  let list = snapshot.questions
  const fold = (update: Parameters<ServerToClientEvents['deck:update' | 'phone:update']>[0]): void => {
    if (update.questionPatch)
      list = patchQuestions(list, update.questionPatch)
  }
  const restart = (next: { questions: QuestionView[] }): void => {
    list = next.questions
  }
  socket.on('deck:update', fold)
  socket.on('phone:update', fold)
  socket.on('deck:snapshot', restart)
  socket.on('phone:snapshot', restart)
  return { list: () => list }
}

/** A phone's view of the room's questions: it asks for them, as the page does when the voter opens them, and follows. */
export async function openRoomQuestions(phone: { socket: ClientSocket, snapshot: PhoneSnapshot }): Promise<{ list: () => QuestionView[] }> {
  const held = followQuestions(phone.socket, phone.snapshot)
  // The list comes before the reply, on the same socket.
  const reply = await request(phone.socket, 'questions:follow', {})
  if (!reply.ok)
    throw new Error(`questions:follow refused: ${reply.error}`)
  return held
}

/** Waits until `check` holds, polling; fails with `what` after the timeout. */
export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!await check()) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 25))
  }
}

/**
 * As if the data directory had been left `days` days ago: its sessions started then, and its files last written then,
 * as a day passing would leave them.
 */
export function ageSessions(dataDir: string, days: number): void {
  const path = databasePath(dataDir)
  const db = new Database(path)
  db.prepare('UPDATE sessions SET started_at = strftime(\'%Y-%m-%dT%H:%M:%fZ\', started_at, ?)').run(`-${days} days`)
  db.close()
  const then = new Date(Date.now() - days * 86_400_000)
  for (const file of [path, `${path}-wal`]) {
    if (existsSync(file))
      utimesSync(file, then, then)
  }
}
