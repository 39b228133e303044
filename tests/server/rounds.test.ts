import type { TestServer } from '../support/poll-server'
import { afterEach, describe, expect, it } from 'vitest'
import { connectDeck, connectPhone, nextEvent, request, startTestServer } from '../support/poll-server'

const answer = { kind: 'single', choice: 0 } as const

describe('the round an answer was given in', () => {
  let server: TestServer
  afterEach(async () => {
    await server?.close()
  })

  it('counts an answer of the current round, refuses one of an earlier round with the current state, and keeps the rounds across a restart', async () => {
    server = await startTestServer()
    const presenter = (await connectDeck(server, 'presenter')).socket
    await request(presenter, 'poll:open', { pollId: 'choix' })
    const { socket: phone, snapshot } = await connectPhone(server.url)
    expect(snapshot.polls.choix).toMatchObject({ status: 'open', round: 1 })
    expect(await request(phone, 'vote', { pollId: 'choix', answer, round: 1 })).toEqual({ ok: true })

    // Closed and reopened, then reset and reopened: each opening is a round of its own.
    await request(presenter, 'poll:close', { pollId: 'choix' })
    await request(presenter, 'poll:open', { pollId: 'choix' })
    await request(presenter, 'poll:reset', { pollId: 'choix', confirm: true })
    await request(presenter, 'poll:open', { pollId: 'choix' })
    const current = nextEvent(phone, 'phone:snapshot')
    expect(await request(phone, 'vote', { pollId: 'choix', answer, round: 1 })).toEqual({ ok: false, error: 'stale_round' })
    expect((await current).polls.choix).toMatchObject({ status: 'open', round: 3, voters: 0 })
    // A script that names no round is judged on the poll being open, as before.
    expect(await request(phone, 'vote', { pollId: 'choix', answer })).toEqual({ ok: true })
    phone.close()
    presenter.close()

    const { dataDir } = server
    await server.close()
    server = await startTestServer({ dataDir })
    const replayed = (await connectDeck(server, 'presenter'))
    expect(replayed.snapshot.polls.choix).toMatchObject({ status: 'open', round: 3, voters: 1 })
    replayed.socket.close()
  })
})
