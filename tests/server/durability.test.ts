import type { PollDefinition } from '../../core/kinds/registry'
import type { ClientSocket } from '../support/poll-server'
import type { ServerProcess } from '../support/server-process'
import { afterAll, describe, expect, it } from 'vitest'
import { viewPolls } from '../../core/features/poll-views'
import { replay } from '../../core/session/rules'
import { loadPollCatalog } from '../../server/deck-source'
import { databasePath } from '../../server/poll-app'
import { openSqliteStore } from '../../server/store/sqlite-store'
import { connectClient, loginCookie, randomVoterId, request, stubDecks, temporaryDir } from '../support/poll-server'
import { serverUrl, spawnServer } from '../support/server-process'

const pollsPerPhone = 4
const catalog = await loadPollCatalog()
const polls = Object.values(catalog.polls).filter(poll => poll.kind === 'scale' && !poll.repeats).slice(0, pollsPerPhone)

interface Room {
  env: NodeJS.ProcessEnv
  dataDir: string
  server: ServerProcess
  voters: string[]
  /** One socket per voter, in the same order. */
  phones: ClientSocket[]
}

describe('durability', () => {
  const sockets: ClientSocket[] = []
  afterAll(() => sockets.forEach(socket => socket.close()))

  /** A server with its polls open and `phones` phones connected, a few at a time. */
  async function openRoom(phones: number): Promise<Room> {
    expect(polls).toHaveLength(pollsPerPhone)
    const dataDir = await temporaryDir('polls-kill-')
    const env = { DATA_DIR: dataDir, DECK_DIR: await stubDecks(), MAX_VOTERS_PER_ADDRESS: '0', HANDSHAKES_PER_ADDRESS: '0' }
    const server = spawnServer(env)
    const url = await serverUrl(server)
    const link = /Animateur, sur cet ordinateur \(gardez ce lien pour vous\) : http:\/\/localhost:\d+(\S+)/.exec(server.output())![1]!
    const presenter = await connectClient(url, { role: 'presenter' }, { cookie: await loginCookie(url, link) })
    sockets.push(presenter)
    for (const poll of polls)
      expect(await request(presenter, 'poll:open', { pollId: poll.id })).toEqual({ ok: true })
    const voters = Array.from({ length: phones }, () => randomVoterId())
    const connected: ClientSocket[] = []
    for (let first = 0; first < phones; first += 50)
      connected.push(...await Promise.all(voters.slice(first, first + 50).map(voterId => connectClient(url, { role: 'phone', voterId }))))
    sockets.push(...connected)
    return { env, dataDir, server, voters, phones: connected }
  }

  const pointOf = (voterId: string, pollIndex: number): number => (voterId.charCodeAt(0) + pollIndex) % 5

  function vote(socket: ClientSocket, poll: PollDefinition, point: number, acknowledged: () => void): void {
    socket.timeout(20_000).emit('vote', { pollId: poll.id, answer: { kind: 'scale', point } }, (error: Error | null, reply) => {
      if (!error && reply.ok)
        acknowledged()
    })
  }

  /** After the kill: a restart, then the file read back. Every acknowledged vote is there, each voter counted once. */
  async function checkNothingLost(room: Room, acknowledged: Map<string, number>): Promise<number> {
    expect(await room.server.exited).toBeNull()
    expect(room.server.child.signalCode).toBe('SIGKILL')
    sockets.splice(0).forEach(socket => socket.close())

    const second = spawnServer(room.env)
    await serverUrl(second)
    second.child.kill('SIGTERM')
    await second.exited

    const store = openSqliteStore(databasePath(room.dataDir), { catalog, readOnly: true })
    const [session] = await store.listSessions()
    const stored = replay(catalog, session!, await store.read(session!.id))
    await store.close()
    const lost = [...acknowledged].filter(([key, point]) => {
      const [voterId, pollId] = key.split('|') as [string, string]
      const ballot = stored.polls.get(pollId)?.ballots.get(voterId)
      return ballot?.kind !== 'scale' || ballot.point !== point
    })
    expect(lost).toEqual([])

    // Each voter counted once per poll: the tally adds up to the ballots stored, whatever the kill interrupted.
    const views = viewPolls(catalog, stored.polls, 'presenter')
    let ballots = 0
    for (const poll of polls) {
      const pollBallots = stored.polls.get(poll.id)!.ballots
      const view = views[poll.id]!
      expect(view.status).toBe('open')
      expect(view.voters).toBe(pollBallots.size)
      expect(view.results?.kind === 'scale' && view.results.counts.reduce((sum, count) => sum + count, 0)).toBe(pollBallots.size)
      ballots += pollBallots.size
    }
    return ballots
  }

  it('keeps every acknowledged vote, once, when the server is killed mid-burst', async () => {
    const room = await openRoom(500)
    const acknowledgedBeforeKill = 1000
    // Each phone sends its votes one after the other, so votes keep arriving; the server is killed at the 1,000th acknowledgement.
    const acknowledged = new Map<string, number>()
    let killed!: () => void
    const killedNow = new Promise<void>(resolve => killed = resolve)
    const voteFrom = (socket: ClientSocket, voterId: string, pollIndex: number): void => {
      const poll = polls[pollIndex]
      if (!poll || room.server.child.killed)
        return
      const point = pointOf(voterId, pollIndex)
      vote(socket, poll, point, () => {
        if (room.server.child.killed)
          return
        acknowledged.set(`${voterId}|${poll.id}`, point)
        if (acknowledged.size === acknowledgedBeforeKill) {
          room.server.child.kill('SIGKILL')
          killed()
          return
        }
        voteFrom(socket, voterId, pollIndex + 1)
      })
    }
    room.phones.forEach((socket, index) => voteFrom(socket, room.voters[index]!, 0))
    await killedNow
    await checkNothingLost(room, acknowledged)
  }, 120_000)

  it('keeps every acknowledged vote when the server is killed while it commits a batch of thousands', async () => {
    const phones = 1000
    const room = await openRoom(phones)
    // Every phone votes on every poll at the same instant: while the first batch is acknowledged, the next one, of
    // hundreds or thousands of votes, is being committed. The server is killed at the first acknowledgement.
    const acknowledged = new Map<string, number>()
    let killed!: () => void
    const killedNow = new Promise<void>(resolve => killed = resolve)
    room.phones.forEach((socket, index) => polls.forEach((poll, pollIndex) => {
      const voterId = room.voters[index]!
      const point = pointOf(voterId, pollIndex)
      vote(socket, poll, point, () => {
        if (room.server.child.killed)
          return
        acknowledged.set(`${voterId}|${poll.id}`, point)
        room.server.child.kill('SIGKILL')
        killed()
      })
    }))
    await killedNow
    const stored = await checkNothingLost(room, acknowledged)
    // The kill landed in the middle of the burst: part of it was never stored (nor acknowledged).
    expect(stored).toBeLessThan(phones * pollsPerPhone)
  }, 120_000)
})
