import type { Socket } from 'socket.io-client'
import type { DeckUpdate } from '../../core/protocol'
import type { ClientSocket } from '../support/poll-server'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { maxMessageBytes } from '../../server/socket-server'
import { connectClient, connectDeck, connectPhone, eventMatching, nextEvent, randomVoterId, request, startTestServer } from '../support/poll-server'

type TestServer = Awaited<ReturnType<typeof startTestServer>>

describe('the vote server over socket.io', () => {
  let server: TestServer
  let presenter: ClientSocket
  const opened: ClientSocket[] = []

  const phone = async (voterId?: string): ReturnType<typeof connectPhone> => {
    const connected = await connectPhone(server.url, voterId)
    opened.push(connected.socket)
    return connected
  }
  const screen = async (): ReturnType<typeof connectDeck> => {
    const connected = await connectDeck(server.url, { role: 'screen' })
    opened.push(connected.socket)
    return connected
  }
  /** The presenter's view of one poll, once an update carries it. */
  const presenterSees = (pollId: string, accept: (poll: NonNullable<DeckUpdate['polls']>[string]) => boolean): Promise<DeckUpdate> =>
    eventMatching(presenter, 'deck:update', update => !!update.polls?.[pollId] && accept(update.polls[pollId]!))

  beforeAll(async () => {
    server = await startTestServer()
  })

  beforeEach(async () => {
    presenter = (await connectDeck(server.url, { role: 'presenter', token: server.app.presenterToken })).socket
  })

  afterEach(async () => {
    for (const pollId of ['choix', 'plusieurs', 'devinette', 'mots', 'avant'])
      await request(presenter, 'poll:reset', { pollId, confirm: true })
    ;[presenter, ...opened.splice(0)].forEach(socket => socket.close())
  })

  afterAll(async () => {
    await server?.close()
  })

  describe('voting', () => {
    it('counts a vote once, even sent twice, and follows a change of mind', async () => {
      const { socket } = await phone()
      expect(await request(presenter, 'poll:open', { pollId: 'choix' })).toEqual({ ok: true })

      const counted = presenterSees('choix', poll => poll.voters === 1)
      expect(await request(socket, 'vote', { pollId: 'choix', answer: 0 })).toEqual({ ok: true })
      expect(await request(socket, 'vote', { pollId: 'choix', answer: 0 })).toEqual({ ok: true })
      expect((await counted).polls!.choix!.results).toEqual({ kind: 'choices', counts: [1, 0, 0] })

      const changed = presenterSees('choix', poll => poll.results?.kind === 'choices' && poll.results.counts[2] === 1)
      expect(await request(socket, 'vote', { pollId: 'choix', answer: 2 })).toEqual({ ok: true })
      expect((await changed).polls!.choix).toMatchObject({ voters: 1, results: { counts: [0, 0, 1] } })
    })

    it('refuses votes on unknown, unopened and closed polls', async () => {
      const { socket } = await phone()
      expect(await request(socket, 'vote', { pollId: 'inconnu', answer: 0 })).toEqual({ ok: false, error: 'unknown_poll' })
      expect(await request(socket, 'vote', { pollId: 'choix', answer: 0 })).toEqual({ ok: false, error: 'poll_not_open' })
      await request(presenter, 'poll:open', { pollId: 'choix' })
      await request(presenter, 'poll:close', { pollId: 'choix' })
      expect(await request(socket, 'vote', { pollId: 'choix', answer: 0 })).toEqual({ ok: false, error: 'poll_closed' })
    })

    it('shows a phone that reloads its own current vote', async () => {
      const voterId = randomVoterId()
      const first = await phone(voterId)
      await request(presenter, 'poll:open', { pollId: 'plusieurs' })
      await request(first.socket, 'vote', { pollId: 'plusieurs', answer: [3, 1] })
      first.socket.close()
      const reloaded = await phone(voterId)
      expect(reloaded.snapshot.answers).toEqual({ plusieurs: [1, 3] })
      expect((await phone()).snapshot.answers).toEqual({})
    })

    it('coalesces a burst of votes into a few updates with the exact tally', async () => {
      const phones = await Promise.all(Array.from({ length: 40 }, () => phone()))
      await request(presenter, 'poll:open', { pollId: 'choix' })
      const updates: DeckUpdate[] = []
      presenter.on('deck:update', update => updates.push(update))
      const complete = presenterSees('choix', poll => poll.voters === 40)
      const replies = await Promise.all(phones.map(({ socket }, index) => request(socket, 'vote', { pollId: 'choix', answer: index % 3 })))
      expect(replies.every(reply => reply.ok)).toBe(true)
      expect((await complete).polls!.choix!.results).toEqual({ kind: 'choices', counts: [14, 13, 13] })
      presenter.off('deck:update')
      expect(updates.filter(update => update.polls?.choix).length).toBeLessThan(10)
    })
  })

  describe('presenter rights', () => {
    it('refuses a presenter connection without the right token', async () => {
      await expect(connectClient(server.url, { role: 'presenter', token: 'mauvais-jeton-de-test' })).rejects.toThrow('invalid_token')
      await expect(connectClient(server.url, { role: 'presenter' })).rejects.toThrow('invalid_handshake')
      await expect(connectClient(server.url, { role: 'admin' })).rejects.toThrow('invalid_handshake')
    })

    it.each([
      ['poll:open', { pollId: 'choix' }],
      ['poll:close', { pollId: 'choix' }],
      ['poll:reveal', { pollId: 'devinette' }],
      ['poll:reset', { pollId: 'choix', confirm: true }],
      ['word:remove', { pollId: 'mots', word: 'x' }],
      ['focus', { pollId: 'choix' }],
      ['session:new', { name: 'Piratage' }],
    ])('refuses %s from a phone and from the projected screen', async (event, payload) => {
      const { socket: fromPhone } = await phone()
      const { socket: fromScreen } = await screen()
      expect(await request(fromPhone, event, payload)).toEqual({ ok: false, error: 'forbidden' })
      expect(await request(fromScreen, event, payload)).toEqual({ ok: false, error: 'forbidden' })
    })

    it('only resets with confirmation', async () => {
      expect(await request(presenter, 'poll:reset', { pollId: 'choix' })).toEqual({ ok: false, error: 'confirmation_required' })
      expect(await request(presenter, 'poll:reset', { pollId: 'choix', confirm: true })).toEqual({ ok: true })
    })

    it('keeps a blind quiz from the screen and phones until the reveal', async () => {
      const { socket: screenSocket } = await screen()
      const { socket: phoneSocket } = await phone()
      await request(presenter, 'poll:open', { pollId: 'devinette' })
      const screenUpdate = eventMatching(screenSocket, 'deck:update', update => update.polls?.devinette?.voters === 1)
      const presenterUpdate = presenterSees('devinette', poll => poll.voters === 1)
      await request(phoneSocket, 'vote', { pollId: 'devinette', answer: 2 })
      expect((await screenUpdate).polls!.devinette).toMatchObject({ results: null, correct: null })
      expect((await presenterUpdate).polls!.devinette).toMatchObject({ results: { counts: [0, 0, 1] }, correct: 2 })

      const revealedOnScreen = eventMatching(screenSocket, 'deck:update', update => update.polls?.devinette?.revealed === true)
      const revealedOnPhone = eventMatching(phoneSocket, 'phone:update', update => update.polls?.devinette?.revealed === true)
      await request(presenter, 'poll:reveal', { pollId: 'devinette' })
      expect((await revealedOnScreen).polls!.devinette).toMatchObject({ results: { counts: [0, 0, 1] }, correct: 2 })
      expect((await revealedOnPhone).polls!.devinette).toMatchObject({ results: { counts: [0, 0, 1] }, correct: 2 })
    })

    it('removes a word from the cloud and refuses it afterwards', async () => {
      const { socket } = await phone()
      await request(presenter, 'poll:open', { pollId: 'mots' })
      await request(socket, 'vote', { pollId: 'mots', answer: ['Bad buzz', 'temps'] })
      const cleaned = presenterSees('mots', poll => poll.results?.kind === 'words' && poll.results.words.length === 1)
      expect(await request(presenter, 'word:remove', { pollId: 'mots', word: 'bad buzz' })).toEqual({ ok: true })
      expect((await cleaned).polls!.mots!.results).toEqual({ kind: 'words', words: [{ text: 'temps', count: 1 }] })
      const { socket: other } = await phone()
      expect(await request(other, 'vote', { pollId: 'mots', answer: ['BAD BUZZ'] })).toEqual({ ok: false, error: 'word_banned' })
    })

    it('tells phones which poll the presenter is on', async () => {
      const { socket } = await phone()
      const focused = eventMatching(socket, 'phone:update', update => update.focus === 'avant')
      expect(await request(presenter, 'focus', { pollId: 'avant' })).toEqual({ ok: true })
      await focused
      expect((await phone()).snapshot.focus).toBe('avant')
      await request(presenter, 'focus', { pollId: null })
    })
  })

  describe('bad input', () => {
    it.each([
      ['a string', ['vote', 'choix']],
      ['a missing field', ['vote', { pollId: 'choix' }]],
      ['an extra field', ['vote', { pollId: 'choix', answer: 0, voterId: 'someone-else-entirely' }]],
      ['a negative option', ['vote', { pollId: 'choix', answer: -1 }]],
      ['too many arguments', ['vote', { pollId: 'choix', answer: 0 }, 'extra']],
      ['an unknown event', ['poll:delete', { pollId: 'choix' }]],
    ])('answers %s with invalid_payload', async (_case, [event, ...args]) => {
      const { socket } = await phone()
      await request(presenter, 'poll:open', { pollId: 'choix' })
      expect(await request(socket, event as string, ...args)).toEqual({ ok: false, error: 'invalid_payload' })
    })

    it('refuses a vote the poll cannot take', async () => {
      const { socket } = await phone()
      await request(presenter, 'poll:open', { pollId: 'plusieurs' })
      expect(await request(socket, 'vote', { pollId: 'plusieurs', answer: [0, 1, 2] })).toEqual({ ok: false, error: 'invalid_answer' })
    })

    it('survives an event without an acknowledgement callback', async () => {
      const { socket } = await phone()
      const untyped = socket as unknown as Socket
      untyped.emit('vote', { pollId: 'choix', answer: 0 })
      untyped.emit('poll:open', { pollId: 'choix' })
      expect(await request(socket, 'sync')).toEqual({ ok: true })
    })

    it('drops a connection that sends an oversized message, and keeps every other vote', async () => {
      const { socket: honest } = await phone()
      const { socket: attacker } = await phone()
      await request(presenter, 'poll:open', { pollId: 'choix' })
      expect(await request(honest, 'vote', { pollId: 'choix', answer: 1 })).toEqual({ ok: true })
      const dropped = new Promise(resolve => attacker.once('disconnect', resolve))
      attacker.emit('vote', { pollId: 'choix', answer: 'x'.repeat(maxMessageBytes * 2) as never }, () => {})
      await dropped
      const { snapshot } = await connectDeck(server.url, { role: 'presenter', token: server.app.presenterToken })
      expect(snapshot.polls.choix).toMatchObject({ voters: 1, results: { counts: [0, 1, 0] } })
      expect(await request(honest, 'vote', { pollId: 'choix', answer: 2 })).toEqual({ ok: true })
    })

    it('rate-limits a flooding socket and then disconnects it, while other phones vote on', async () => {
      const { socket: flooder } = await phone()
      const { socket: honest } = await phone()
      await request(presenter, 'poll:open', { pollId: 'choix' })
      const disconnected = new Promise(resolve => flooder.once('disconnect', resolve))
      const replies = await Promise.allSettled(Array.from({ length: 80 }, (_, index) => request(flooder, 'vote', { pollId: 'choix', answer: index % 3 })))
      const refused = replies.filter(reply => reply.status === 'fulfilled' && !reply.value.ok && reply.value.error === 'rate_limited')
      expect(refused.length).toBeGreaterThanOrEqual(30)
      await disconnected
      expect(await request(honest, 'vote', { pollId: 'choix', answer: 1 })).toEqual({ ok: true })
    })

    it('refuses a browser connection from a page another site served', async () => {
      const evil = connectClient(server.url, { role: 'screen' }, { before: (socket) => {
        socket.io.opts.extraHeaders = { Origin: 'http://evil.example' }
      } })
      await expect(evil).rejects.toThrow()
      const sameSite = await connectClient(server.url, { role: 'screen' }, { before: (socket) => {
        socket.io.opts.extraHeaders = { Origin: server.url }
      } })
      expect(sameSite.connected).toBe(true)
      sameSite.close()
    })
  })

  describe('connections', () => {
    it('recovers a dropped connection, and sends a full snapshot on reconnection', async () => {
      const voterId = randomVoterId()
      const socket = await connectClient(server.url, { role: 'phone', voterId }, { before: (client) => {
        client.io.reconnection(true)
        client.io.reconnectionDelay(50)
      } })
      opened.push(socket)
      await request(presenter, 'poll:open', { pollId: 'choix' })
      await request(socket, 'vote', { pollId: 'choix', answer: 1 })
      const snapshot = nextEvent(socket, 'phone:snapshot')
      socket.io.engine.close()
      expect(await snapshot).toMatchObject({ answers: { choix: 1 } })
      expect(socket.recovered).toBe(true)
    })

    it('counts connected phones for the join slide', async () => {
      const { snapshot } = await connectDeck(server.url, { role: 'presenter', token: server.app.presenterToken })
      const more = eventMatching(presenter, 'deck:update', update => update.phones === snapshot.phones + 2)
      await phone()
      await phone()
      await more
    })

    it('starts a new session for everyone, empty, while the last one keeps its votes', async () => {
      const { socket } = await phone()
      await request(presenter, 'poll:open', { pollId: 'choix' })
      await request(socket, 'vote', { pollId: 'choix', answer: 0 })
      const before = server.app.engine.state.session

      const phoneSnapshot = nextEvent(socket, 'phone:snapshot')
      const presenterSnapshot = nextEvent(presenter, 'deck:snapshot')
      expect(await request(presenter, 'session:new', { name: 'Deuxième passage' })).toEqual({ ok: true })
      const [fresh, deck] = await Promise.all([phoneSnapshot, presenterSnapshot])
      expect(fresh.session).toMatchObject({ name: 'Deuxième passage' })
      expect(fresh.session.id).toBeGreaterThan(before.id)
      expect(fresh.answers).toEqual({})
      expect(deck.polls.choix).toMatchObject({ status: 'idle', voters: 0 })

      const earlier = await server.app.store.loadSession(before.id)
      expect(earlier?.polls.get('choix')?.ballots.size).toBe(1)
    })
  })
})
