import type { Socket } from 'socket.io-client'
import type { DeckUpdate } from '../../core/protocol'
import type { ClientSocket, TestServer } from '../support/poll-server'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { replay } from '../../core/session/rules'
import { maxMessageBytes } from '../../server/socket-server'
import { connectClient, connectDeck, connectPhone, eventMatching, nextEvent, randomVoterId, request, startTestServer } from '../support/poll-server'

const single = (choice: number) => ({ kind: 'single', choice }) as const

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
    const connected = await connectDeck(server, 'screen')
    opened.push(connected.socket)
    return connected
  }
  /** The presenter's view of one poll, once an update carries it. */
  const presenterSees = (pollId: string, accept: (poll: NonNullable<DeckUpdate['polls']>[string]) => boolean): Promise<DeckUpdate> =>
    eventMatching(presenter, 'deck:update', update => !!update.polls?.[pollId] && accept(update.polls[pollId]!))

  beforeAll(async () => {
    // The smallest room the threshold allows: three voters show their results.
    server = await startTestServer({ privacy: { threshold: 3, liveResults: false } })
  })

  beforeEach(async () => {
    presenter = (await connectDeck(server, 'presenter')).socket
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
      expect(await request(socket, 'vote', { pollId: 'choix', answer: single(0) })).toEqual({ ok: true })
      expect(await request(socket, 'vote', { pollId: 'choix', answer: single(0) })).toEqual({ ok: true })
      expect((await counted).polls!.choix!.results).toEqual({ kind: 'single', counts: [1, 0, 0] })

      const changed = presenterSees('choix', poll => poll.results?.kind === 'single' && poll.results.counts[2] === 1)
      expect(await request(socket, 'vote', { pollId: 'choix', answer: single(2) })).toEqual({ ok: true })
      expect((await changed).polls!.choix).toMatchObject({ voters: 1, results: { counts: [0, 0, 1] } })
    })

    it('refuses votes on unknown, unopened and closed polls', async () => {
      const { socket } = await phone()
      expect(await request(socket, 'vote', { pollId: 'inconnu', answer: single(0) })).toEqual({ ok: false, error: 'unknown_poll' })
      expect(await request(socket, 'vote', { pollId: 'choix', answer: single(0) })).toEqual({ ok: false, error: 'poll_not_open' })
      await request(presenter, 'poll:open', { pollId: 'choix' })
      await request(presenter, 'poll:close', { pollId: 'choix' })
      expect(await request(socket, 'vote', { pollId: 'choix', answer: single(0) })).toEqual({ ok: false, error: 'poll_closed' })
    })

    it('shows a phone that reloads its own current vote', async () => {
      const voterId = randomVoterId()
      const first = await phone(voterId)
      await request(presenter, 'poll:open', { pollId: 'plusieurs' })
      await request(first.socket, 'vote', { pollId: 'plusieurs', answer: { kind: 'multi', choices: [3, 1] } })
      first.socket.close()
      const reloaded = await phone(voterId)
      expect(reloaded.snapshot.answers).toEqual({ plusieurs: { kind: 'multi', choices: [1, 3] } })
      expect((await phone()).snapshot.answers).toEqual({})
    })

    it('takes a burst of votes and shows the exact tally', async () => {
      const phones = await Promise.all(Array.from({ length: 40 }, () => phone()))
      await request(presenter, 'poll:open', { pollId: 'choix' })
      const complete = presenterSees('choix', poll => poll.voters === 40)
      const replies = await Promise.all(phones.map(({ socket }, index) => request(socket, 'vote', { pollId: 'choix', answer: single(index % 3) })))
      expect(replies.every(reply => reply.ok)).toBe(true)
      expect((await complete).polls!.choix!.results).toEqual({ kind: 'single', counts: [14, 13, 13] })
    })
  })

  describe('presenter rights', () => {
    it('refuses a presenter or a screen without the cookie their link gives', async () => {
      await expect(connectClient(server.url, { role: 'presenter' })).rejects.toThrow('presenter_rights_required')
      await expect(connectClient(server.url, { role: 'presenter' }, { cookie: 'pw_presenter_x=faux' })).rejects.toThrow('presenter_rights_required')
      await expect(connectClient(server.url, { role: 'screen' })).rejects.toThrow('screen_rights_required')
      await expect(connectClient(server.url, { role: 'presenter' }, { cookie: await server.cookie('screen') })).rejects.toThrow('presenter_rights_required')
      await expect(connectClient(server.url, { role: 'admin' })).rejects.toThrow('invalid_handshake')
      await expect(connectClient(server.url, { role: 'presenter', token: server.app.access.token })).rejects.toThrow('invalid_handshake')
    })

    it.each([
      ['poll:open', { pollId: 'choix' }],
      ['poll:close', { pollId: 'choix' }],
      ['poll:reveal', { pollId: 'devinette' }],
      ['poll:reset', { pollId: 'choix', confirm: true }],
      ['word:remove', { pollId: 'mots', word: 'x' }],
      ['word:restore', { pollId: 'mots', word: 'x' }],
      ['cloud:pause', { pollId: 'mots', paused: true }],
      ['nav', { page: 3, clicks: 0 }],
      ['session:new', { name: 'Piratage' }],
    ])('refuses %s from a phone and from the projected screen', async (event, payload) => {
      const { socket: fromPhone } = await phone()
      const { socket: fromScreen } = await screen()
      expect(await request(fromPhone, event, payload)).toEqual({ ok: false, error: 'forbidden' })
      expect(await request(fromScreen, event, payload)).toEqual({ ok: false, error: 'forbidden' })
    })

    it('refuses a vote from the presenter and the screen: only phones vote', async () => {
      const { socket: fromScreen } = await screen()
      await request(presenter, 'poll:open', { pollId: 'choix' })
      expect(await request(fromScreen, 'vote', { pollId: 'choix', answer: single(0) })).toEqual({ ok: false, error: 'forbidden' })
      expect(await request(presenter, 'vote', { pollId: 'choix', answer: single(0) })).toEqual({ ok: false, error: 'forbidden' })
    })

    it('only resets with confirmation', async () => {
      expect(await request(presenter, 'poll:reset', { pollId: 'choix' })).toEqual({ ok: false, error: 'confirmation_required' })
      expect(await request(presenter, 'poll:reset', { pollId: 'choix', confirm: true })).toEqual({ ok: true })
    })

    it('keeps a blind quiz and its answer from the screen and phones until the reveal, which closes the vote', async () => {
      const { socket: screenSocket } = await screen()
      const { socket: phoneSocket } = await phone()
      const others = [(await phone()).socket, (await phone()).socket]
      await request(presenter, 'poll:open', { pollId: 'devinette' })
      const screenUpdate = eventMatching(screenSocket, 'deck:update', update => update.polls?.devinette?.voters === 3)
      const presenterUpdate = presenterSees('devinette', poll => poll.voters === 3)
      await request(phoneSocket, 'vote', { pollId: 'devinette', answer: { kind: 'quiz', choice: 2 } })
      for (const other of others)
        await request(other, 'vote', { pollId: 'devinette', answer: { kind: 'quiz', choice: 0 } })
      expect((await screenUpdate).polls!.devinette).toMatchObject({ results: null, correct: null })
      expect((await presenterUpdate).polls!.devinette).toMatchObject({ results: { counts: [2, 0, 1] }, correct: 2 })

      const revealedOnScreen = eventMatching(screenSocket, 'deck:update', update => update.polls?.devinette?.revealed === true)
      const revealedOnPhone = eventMatching(phoneSocket, 'phone:update', update => update.polls?.devinette?.revealed === true)
      await request(presenter, 'poll:reveal', { pollId: 'devinette' })
      expect((await revealedOnScreen).polls!.devinette).toMatchObject({ status: 'closed', results: { counts: [2, 0, 1] }, correct: 2 })
      expect((await revealedOnPhone).polls!.devinette).toMatchObject({ status: 'closed', results: { counts: [2, 0, 1] }, correct: 2 })
      expect(await request(phoneSocket, 'vote', { pollId: 'devinette', answer: { kind: 'quiz', choice: 0 } })).toEqual({ ok: false, error: 'poll_closed' })
      expect(await request(presenter, 'poll:open', { pollId: 'devinette' })).toEqual({ ok: false, error: 'already_revealed' })
    })

    it('removes a word from the cloud, refuses it afterwards in any disguise, and can take the removal back', async () => {
      const { socket } = await phone()
      await request(presenter, 'poll:open', { pollId: 'mots' })
      await request(socket, 'vote', { pollId: 'mots', answer: { kind: 'words', words: ['Emballement', 'temps'] } })
      const cleaned = presenterSees('mots', poll => poll.results?.kind === 'words' && poll.results.words.length === 1)
      expect(await request(presenter, 'word:remove', { pollId: 'mots', word: 'emballement' })).toEqual({ ok: true })
      expect((await cleaned).polls!.mots).toMatchObject({ results: { kind: 'words', words: [{ text: 'temps', count: 1 }] }, removed: ['emballement'] })
      const { socket: other } = await phone()
      for (const disguise of ['EMBALLEMENT', 'embal\u200Blement', '\u202Eemballement', 'emb\u0430llement'])
        expect(await request(other, 'vote', { pollId: 'mots', answer: { kind: 'words', words: [disguise] } })).toEqual({ ok: false, error: 'word_banned' })
      expect(await request(presenter, 'word:restore', { pollId: 'mots', word: 'emballement' })).toEqual({ ok: true })
      expect(await request(other, 'vote', { pollId: 'mots', answer: { kind: 'words', words: ['Emballement'] } })).toEqual({ ok: true })
    })

    it('tells phones which poll is on the presenter\'s slide, and screens which slide to show', async () => {
      const { socket } = await phone()
      const { socket: screenSocket } = await screen()
      const focused = eventMatching(socket, 'phone:update', update => update.focus === 'avant')
      const moved = eventMatching(screenSocket, 'deck:update', update => update.nav?.page === 2)
      expect(await request(presenter, 'nav', { page: 2, clicks: 0 })).toEqual({ ok: true })
      await focused
      await moved
      expect((await phone()).snapshot.focus).toBe('avant')
      expect((await screen()).snapshot.nav).toEqual({ page: 2, clicks: 0 })
      await request(presenter, 'nav', { page: 1, clicks: 0 })
    })

    it('lets two presenter views on different slides live side by side: only a change of slide moves the screens', async () => {
      const tablet = (await connectDeck(server, 'presenter')).socket
      opened.push(tablet)
      const { socket: screenSocket } = await screen()
      const moves: number[] = []
      screenSocket.on('deck:update', update => update.nav && moves.push(update.nav.page))
      // Each view sends its slide only when the presenter changes it: a laptop on 4, a tablet that moves 6 then 7.
      expect(await request(presenter, 'nav', { page: 4, clicks: 0 })).toEqual({ ok: true })
      expect(await request(tablet, 'nav', { page: 6, clicks: 0 })).toEqual({ ok: true })
      expect(await request(tablet, 'nav', { page: 7, clicks: 0 })).toEqual({ ok: true })
      const settled = eventMatching(screenSocket, 'deck:update', update => update.nav?.page === 5)
      expect(await request(presenter, 'nav', { page: 5, clicks: 0 })).toEqual({ ok: true })
      await settled
      expect(moves.at(-1)).toBe(5)
      expect(server.app.engine.state.nav).toEqual({ page: 5, clicks: 0 })
    })
  })

  describe('bad input', () => {
    it.each([
      ['a string', ['vote', 'choix']],
      ['a missing field', ['vote', { pollId: 'choix' }]],
      ['an answer without its kind', ['vote', { pollId: 'choix', answer: 0 }]],
      ['an extra field', ['vote', { pollId: 'choix', answer: single(0), voterId: 'someone-else-entirely' }]],
      ['a negative option', ['vote', { pollId: 'choix', answer: single(-1) }]],
      ['too many arguments', ['vote', { pollId: 'choix', answer: single(0) }, 'extra']],
      ['an unknown event', ['poll:delete', { pollId: 'choix' }]],
    ])('answers %s with invalid_payload', async (_case, [event, ...args]) => {
      const { socket } = await phone()
      await request(presenter, 'poll:open', { pollId: 'choix' })
      expect(await request(socket, event as string, ...args)).toEqual({ ok: false, error: 'invalid_payload' })
    })

    it('refuses a vote the poll cannot take', async () => {
      const { socket } = await phone()
      await request(presenter, 'poll:open', { pollId: 'plusieurs' })
      expect(await request(socket, 'vote', { pollId: 'plusieurs', answer: { kind: 'multi', choices: [0, 1, 2] } })).toEqual({ ok: false, error: 'invalid_answer' })
      expect(await request(socket, 'vote', { pollId: 'plusieurs', answer: single(0) })).toEqual({ ok: false, error: 'wrong_poll_kind' })
    })

    it('survives an event without an acknowledgement callback', async () => {
      const { socket } = await phone()
      const untyped = socket as unknown as Socket
      untyped.emit('vote', { pollId: 'choix', answer: single(0) })
      untyped.emit('poll:open', { pollId: 'choix' })
      expect(await request(socket, 'sync')).toEqual({ ok: true })
    })

    it('drops a connection that sends an oversized message, and keeps every other vote', async () => {
      const { socket: honest } = await phone()
      const { socket: attacker } = await phone()
      await request(presenter, 'poll:open', { pollId: 'choix' })
      expect(await request(honest, 'vote', { pollId: 'choix', answer: single(1) })).toEqual({ ok: true })
      const dropped = new Promise(resolve => attacker.once('disconnect', resolve))
      attacker.emit('vote', { pollId: 'choix', answer: { kind: 'words', words: ['x'.repeat(maxMessageBytes * 2)] } as never }, () => {})
      await dropped
      const { snapshot } = await connectDeck(server, 'presenter')
      expect(snapshot.polls.choix).toMatchObject({ voters: 1, results: { counts: [0, 1, 0] } })
      expect(await request(honest, 'vote', { pollId: 'choix', answer: single(2) })).toEqual({ ok: true })
    })

    it('rate-limits a flooding phone over all its sockets, then stops answering it, while other phones vote on', async () => {
      const voterId = randomVoterId()
      const flooders = await Promise.all([phone(voterId), phone(voterId)])
      const { socket: honest } = await phone()
      await request(presenter, 'poll:open', { pollId: 'choix' })
      const replies = await Promise.allSettled(Array.from({ length: 160 }, (_, index) => request(flooders[index % 2]!.socket, 'vote', { pollId: 'choix', answer: single(index % 3) })))
      const answered = replies.flatMap(reply => reply.status === 'fulfilled' ? [reply.value] : [])
      // Its two sockets share one budget: ten at once, then two a second.
      expect(answered.filter(reply => reply.ok).length).toBeLessThanOrEqual(12)
      expect(answered.filter(reply => !reply.ok && reply.error === 'rate_limited').length).toBeGreaterThanOrEqual(30)
      // Past fifty refusals in a row, a socket hears nothing more, but stays connected: a script would only reconnect.
      expect(replies.filter(reply => reply.status === 'rejected').length).toBeGreaterThan(0)
      expect(flooders.every(({ socket }) => socket.connected)).toBe(true)
      expect(await request(honest, 'vote', { pollId: 'choix', answer: single(1) })).toEqual({ ok: true })
      await new Promise(resolve => setTimeout(resolve, 1000))
      expect(await request(flooders[0]!.socket, 'vote', { pollId: 'choix', answer: single(2) })).toEqual({ ok: true })
    }, 15_000)

    it('lets browsers connect only from a page of an address the server announces, whatever Host claims', async () => {
      const from = (origin: string, host?: string): Promise<ClientSocket> => connectPhone(server.url, randomVoterId(), { before: (socket) => {
        socket.io.opts.extraHeaders = { Origin: origin, ...(host && { Host: host }) }
      } }).then(({ socket }) => socket)
      await expect(from('http://evil.example')).rejects.toThrow()
      // DNS rebinding: a page served from evil.example, resolved to this server, sends its own name as Host.
      await expect(from('http://evil.example:80', 'evil.example:80')).rejects.toThrow()
      const sameSite = await from(server.url)
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
      await request(socket, 'vote', { pollId: 'choix', answer: single(1) })
      const snapshot = nextEvent(socket, 'phone:snapshot')
      socket.io.engine.close()
      expect(await snapshot).toMatchObject({ answers: { choix: single(1) } })
      expect(socket.recovered).toBe(true)
    })

    it('counts connected phones once each, however many tabs they open', async () => {
      const { snapshot } = await connectDeck(server, 'presenter')
      const voterId = randomVoterId()
      const more = eventMatching(presenter, 'deck:update', update => update.phones === snapshot.phones + 2)
      await phone(voterId)
      await phone(voterId)
      await phone()
      await more
    })

    it('starts a new session for everyone, empty, while the last one keeps its votes', async () => {
      const { socket } = await phone()
      await request(presenter, 'poll:open', { pollId: 'choix' })
      await request(socket, 'vote', { pollId: 'choix', answer: single(0) })
      const before = server.app.engine.state.session

      const phoneSnapshot = nextEvent(socket, 'phone:snapshot')
      const presenterSnapshot = nextEvent(presenter, 'deck:snapshot')
      expect(await request(presenter, 'session:new', { name: 'Deuxième passage' })).toEqual({ ok: true })
      const [fresh, deck] = await Promise.all([phoneSnapshot, presenterSnapshot])
      expect(fresh.session).toMatchObject({ name: 'Deuxième passage' })
      expect(fresh.session.id).toBeGreaterThan(before.id)
      expect(fresh.answers).toEqual({})
      expect(deck.polls.choix).toMatchObject({ status: 'idle', voters: 0 })
      const earlier = replay(server.app.engine.catalog, before, await server.app.store.read(before.id))
      expect(earlier.polls.get('choix')?.ballots.size).toBe(1)
    })
  })
})
