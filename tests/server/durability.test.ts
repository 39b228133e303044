import type { ClientSocket } from '../support/poll-server'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadPollCatalog } from '../../server/deck-source'
import { databasePath } from '../../server/poll-app'
import { openSqliteStore } from '../../server/store/sqlite-store'
import { connectClient, connectDeck, randomVoterId, request, temporaryDir } from '../support/poll-server'
import { serverUrl, spawnServer } from '../support/server-process'

const phones = 500
const pollsPerPhone = 4
const acknowledgedBeforeKill = 1000

describe('durability', () => {
  const sockets: ClientSocket[] = []
  afterAll(() => sockets.forEach(socket => socket.close()))

  it('keeps every acknowledged vote, once, when the server is killed mid-burst', async () => {
    const dataDir = await temporaryDir('polls-kill-')
    const env = { DATA_DIR: dataDir, DECK_DIR: await temporaryDir('no-deck-') }
    const catalog = await loadPollCatalog()
    const polls = Object.values(catalog.polls).filter(poll => poll.kind === 'scale').slice(0, pollsPerPhone)
    expect(polls).toHaveLength(pollsPerPhone)

    const first = spawnServer(env)
    const url = await serverUrl(first)
    const token = readFileSync(join(dataDir, 'presenter-token'), 'utf8').trim()
    const presenter = await connectDeck(url, { role: 'presenter', token })
    sockets.push(presenter.socket)
    for (const poll of polls)
      expect(await request(presenter.socket, 'poll:open', { pollId: poll.id })).toEqual({ ok: true })

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
      const answer = (voterId.charCodeAt(0) + pollIndex) % 5
      socket.timeout(20_000).emit('vote', { pollId: poll.id, answer }, (error: Error | null, reply) => {
        if (error || !reply.ok || first.child.killed)
          return
        acknowledged.set(`${voterId}|${poll.id}`, answer)
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
    const restartedUrl = await serverUrl(second)
    const { snapshot } = await connectDeck(restartedUrl, { role: 'presenter', token })
    second.child.kill('SIGTERM')
    await second.exited

    const store = openSqliteStore(databasePath(dataDir))
    const stored = (await store.loadSession(snapshot.session.id))!
    await store.close()
    const lost = [...acknowledged].filter(([key, answer]) => {
      const [voterId, pollId] = key.split('|') as [string, string]
      return stored.polls.get(pollId)?.ballots.get(voterId) !== answer
    })
    expect(lost).toEqual([])

    let storedVotes = 0
    for (const poll of polls) {
      const ballots = stored.polls.get(poll.id)!.ballots
      storedVotes += ballots.size
      const view = snapshot.polls[poll.id]!
      expect(view.status).toBe('open')
      expect(view.voters).toBe(ballots.size)
      const counts = view.results?.kind === 'scale' || view.results?.kind === 'choices' ? view.results.counts : []
      expect(counts.reduce((sum, count) => sum + count, 0)).toBe(ballots.size)
    }
    expect(storedVotes).toBeGreaterThanOrEqual(acknowledgedBeforeKill)
    // Fewer than all: the kill did interrupt the burst.
    expect(storedVotes).toBeLessThan(phones * pollsPerPhone)
  }, 120_000)
})
