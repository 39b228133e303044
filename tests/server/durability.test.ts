import type { ClientSocket } from '../support/poll-server'
import { afterAll, describe, expect, it } from 'vitest'
import { replay } from '../../core/session/rules'
import { viewPolls } from '../../core/session/views'
import { loadPollCatalog } from '../../server/deck-source'
import { databasePath } from '../../server/poll-app'
import { openSqliteStore } from '../../server/store/sqlite-store'
import { connectClient, loginCookie, randomVoterId, request, stubDecks, temporaryDir } from '../support/poll-server'
import { serverUrl, spawnServer } from '../support/server-process'

const phones = 500
const pollsPerPhone = 4
const acknowledgedBeforeKill = 1000

describe('durability', () => {
  const sockets: ClientSocket[] = []
  afterAll(() => sockets.forEach(socket => socket.close()))

  it('keeps every acknowledged vote, once, when the server is killed mid-burst', async () => {
    const dataDir = await temporaryDir('polls-kill-')
    const env = { DATA_DIR: dataDir, DECK_DIR: await stubDecks(), MAX_VOTERS_PER_ADDRESS: '0', HANDSHAKES_PER_ADDRESS: '0' }
    const catalog = await loadPollCatalog()
    const polls = Object.values(catalog.polls).filter(poll => poll.kind === 'scale' && !poll.repeats).slice(0, pollsPerPhone)
    expect(polls).toHaveLength(pollsPerPhone)

    const first = spawnServer(env)
    const url = await serverUrl(first)
    const link = /Animateur, sur cet ordinateur \(gardez ce lien pour vous\) : http:\/\/localhost:\d+(\S+)/.exec(first.output())![1]!
    const presenter = await connectClient(url, { role: 'presenter' }, { cookie: await loginCookie(url, link) })
    sockets.push(presenter)
    for (const poll of polls)
      expect(await request(presenter, 'poll:open', { pollId: poll.id })).toEqual({ ok: true })

    const voters = Array.from({ length: phones }, () => randomVoterId())
    for (const voterId of voters)
      sockets.push(await connectClient(url, { role: 'phone', voterId }))

    // Each phone sends its votes one after the other, so votes keep arriving; the server is killed at the 1,000th acknowledgement.
    const acknowledged = new Map<string, number>()
    let killed!: () => void
    const killedNow = new Promise<void>(resolve => killed = resolve)
    const voteFrom = (socket: ClientSocket, voterId: string, pollIndex: number): void => {
      const poll = polls[pollIndex]
      if (!poll || first.child.killed)
        return
      const point = (voterId.charCodeAt(0) + pollIndex) % 5
      socket.timeout(20_000).emit('vote', { pollId: poll.id, answer: { kind: 'scale', point } }, (error: Error | null, reply) => {
        if (error || !reply.ok || first.child.killed)
          return
        acknowledged.set(`${voterId}|${poll.id}`, point)
        if (acknowledged.size === acknowledgedBeforeKill) {
          first.child.kill('SIGKILL')
          killed()
          return
        }
        voteFrom(socket, voterId, pollIndex + 1)
      })
    }
    sockets.slice(1).forEach((socket, index) => voteFrom(socket, voters[index]!, 0))
    await killedNow
    expect(await first.exited).toBeNull()
    expect(first.child.signalCode).toBe('SIGKILL')
    sockets.splice(0).forEach(socket => socket.close())

    const second = spawnServer(env)
    await serverUrl(second)
    second.child.kill('SIGTERM')
    await second.exited

    const store = openSqliteStore(databasePath(dataDir), { catalog, readOnly: true })
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
    for (const poll of polls) {
      const ballots = stored.polls.get(poll.id)!.ballots
      const view = views[poll.id]!
      expect(view.status).toBe('open')
      expect(view.voters).toBe(ballots.size)
      expect(view.results?.kind === 'scale' && view.results.counts.reduce((sum, count) => sum + count, 0)).toBe(ballots.size)
    }
  }, 120_000)
})
