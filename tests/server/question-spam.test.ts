import type { ClientSocket, TestServer } from '../support/poll-server'
import { Buffer } from 'node:buffer'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { viewQuestions } from '../../core/features/question-list'
import { limits } from '../../core/limits'
import { connectDeck, connectPhone, followQuestions, openRoomQuestions, randomVoterId, request, startTestServer, waitFor } from '../support/poll-server'

/** The room's numbers: twelve loopback addresses, each allowed five phones, each phone five questions. */
const addresses = Array.from({ length: 12 }, (_, index) => `127.0.0.${index + 2}`)
const votersPerAddress = 5

/** A question's text as long as the limit allows, with accents: what costs the most on the wire. */
const longText = (index: number): string => `Question numéro ${index} : ${'é'.repeat(limits.questionTextLength)}`.slice(0, limits.questionTextLength)

/** The bytes of every text frame a socket receives, as the socket.io packet the server wrote. */
function recordFrames(socket: ClientSocket): string[] {
  const frames: string[] = []
  socket.io.engine.on('packet', ({ type, data }) => type === 'message' && typeof data === 'string' && frames.push(data))
  return frames
}

const bytes = (frame: string): number => Buffer.byteLength(frame)

/** A message as a socket.io frame, with room for the offset connection recovery appends (a short yeast id). */
const frameOf = (event: string, payload: unknown): number => bytes(`2${JSON.stringify([event, payload, 'x'.repeat(12)])}`)

describe('spam in the questions cannot silence the room', () => {
  let server: TestServer
  const opened: ClientSocket[] = []
  const phone = async (...args: Parameters<typeof connectPhone> extends [string, ...infer R] ? R : never): ReturnType<typeof connectPhone> => {
    const connected = await connectPhone(server.url, ...args)
    opened.push(connected.socket)
    return connected
  }

  beforeAll(async () => {
    // The limit of phones per address a real server applies by default.
    server = await startTestServer({ maxVotersPerAddress: votersPerAddress })
  })

  afterEach(async () => {
    opened.splice(0).forEach(socket => socket.close())
    await server.app.engine.startSession('Séance suivante')
  })

  afterAll(async () => {
    await server?.close()
  })

  it('lets twelve addresses fill the session\'s 300 questions, and the presenter hide them sender by sender to let an honest question in', async () => {
    const spammers = await Promise.all(addresses.flatMap(localAddress =>
      Array.from({ length: votersPerAddress }, () => phone(randomVoterId(), { localAddress }))))
    const replies = await Promise.all(spammers.flatMap(({ socket }, sender) => Array.from({ length: limits.questionsPerVoter }, (_, index) =>
      request(socket, 'question:ask', { text: `Pub ${sender}-${index} : achetez maintenant !` }))))
    expect(replies.filter(reply => reply.ok)).toHaveLength(limits.questionsPerSession)

    const honest = await phone(randomVoterId(), { localAddress: '127.0.0.99' })
    expect(await request(honest.socket, 'question:ask', { text: 'Qui modère nos comptes ?' })).toEqual({ ok: false, error: 'questions_full' })

    const presenter = await connectDeck(server, 'presenter')
    opened.push(presenter.socket)
    const moderation = followQuestions(presenter.socket, presenter.snapshot)
    await waitFor('every question in the presenter\'s list', () => moderation.list().length === limits.questionsPerSession)
    // The presenter tells senders apart by a handle, and learns no voter id.
    const senders = new Set(moderation.list().map(question => question.sender))
    expect(senders.size).toBe(spammers.length)
    expect(senders.has(undefined)).toBe(false)
    const voterIds = [...server.app.engine.state.questions.items.values()].map(question => question.askedBy)
    expect(voterIds.some(voterId => JSON.stringify(moderation.list()).includes(voterId))).toBe(false)

    // Only the presenter hides a sender.
    expect(await request(honest.socket, 'questions:hide-sender', { sender: 1 })).toEqual({ ok: false, error: 'forbidden' })
    expect(await request(presenter.socket, 'questions:hide-sender', { sender: '1' })).toEqual({ ok: false, error: 'invalid_payload' })
    for (const sender of senders)
      expect(await request(presenter.socket, 'questions:hide-sender', { sender })).toEqual({ ok: true })
    await waitFor('every question hidden for the presenter', () => moderation.list().every(question => question.status === 'hidden'))

    expect(await request(honest.socket, 'question:ask', { text: 'Qui modère nos comptes ?' })).toEqual({ ok: true })
    // A silenced sender stays silenced: its hidden questions still count against it.
    expect(await request(spammers[0]!.socket, 'question:ask', { text: 'Encore une pub ?' })).toEqual({ ok: false, error: 'too_many_questions' })
    const room = await openRoomQuestions(await phone(randomVoterId(), { localAddress: '127.0.0.98' }))
    await waitFor('the honest question on a phone', () => room.list().some(question => question.text === 'Qui modère nos comptes ?'))
  })

  it('sends each idle phone and screen one question per update under an upvote flood, and a bounded first snapshot with 300 questions', async () => {
    const watched = await openRoomQuestions(await phone())
    const { engine } = server.app
    for (let index = 0; index < limits.questionsPerSession; index++)
      await engine.execute({ type: 'ask', questionId: `q-${String(index).padStart(12, '0')}`, voterId: `asker-${String(index).padStart(16, '0')}`, text: longText(index) })
    await waitFor('the room\'s questions on a phone', () => watched.list().length === limits.questionsShownToRoom)

    // A phone's first snapshot holds none of the room's questions; when it asks, it gets the most voted ones only.
    const unread = await phone()
    expect(unread.snapshot.questions).toEqual([])
    const idle = await phone()
    const frames = { unread: recordFrames(unread.socket), phone: recordFrames(idle.socket), screen: [] as string[] }
    const held = await openRoomQuestions(idle)
    const top = held.list()
    expect(top).toHaveLength(limits.questionsShownToRoom)
    const largestView = Math.max(...top.map(question => bytes(JSON.stringify(question))))
    const list = frames.phone.filter(frame => frame.includes('"phone:update"'))
    expect(list).toHaveLength(1)
    expect(bytes(list[0]!)).toBeLessThanOrEqual(frameOf('phone:update', { questionPatch: { changed: [], removed: [] } }) + limits.questionsShownToRoom * (largestView + 1))

    const screen = await connectDeck(server, 'screen')
    opened.push(screen.socket)
    let phonesSeen = screen.snapshot.phones
    screen.socket.on('deck:update', update => phonesSeen = update.phones ?? phonesSeen)
    frames.screen = recordFrames(screen.socket)
    const target = top[0]!

    // Twelve more addresses, five phones each, each toggling its upvote as fast as its rate limit lets it.
    const voters = await Promise.all(addresses.flatMap(address =>
      Array.from({ length: votersPerAddress }, () => phone(randomVoterId(), { localAddress: address.replace('127.0.0.', '127.0.1.') }))))
    await waitFor('the screen counting every phone', () => phonesSeen === voters.length + 3)
    frames.unread.length = 0
    frames.phone.length = 0
    frames.screen.length = 0
    const replies = await Promise.all(voters.flatMap(({ socket }) => Array.from({ length: 10 }, (_, index) =>
      request(socket, 'question:upvote', { questionId: target.id, upvoted: index % 2 === 0 }))))
    const accepted = replies.filter(reply => reply.ok).length
    expect(accepted).toBeGreaterThanOrEqual(voters.length * 2)
    const finalCount = engine.state.questions.items.get(target.id)!.upvoters.size
    await waitFor('the final count on the idle phone', () => held.list().find(question => question.id === target.id)?.upvotes === finalCount && frames.phone.length > 0)

    // One question's patch, with room for a three-digit count: what one update may cost, whatever the session holds.
    const patchOf = (event: string): number => frameOf(event, { questionPatch: { changed: [{ ...target, upvotes: 999 }], removed: [] } })
    for (const [received, event] of [[frames.phone, 'phone:update'], [frames.screen, 'deck:update']] as const) {
      expect(received.length).toBeGreaterThan(0)
      expect(received.filter(frame => bytes(frame) > patchOf(event))).toEqual([])
      expect(received.reduce((total, frame) => total + bytes(frame), 0)).toBeLessThanOrEqual(accepted * patchOf(event))
    }
    // A phone that never opened the room's questions receives nothing of them.
    expect(frames.unread).toEqual([])
    // The phone's list, folded from the patches, is the server's.
    expect(held.list()).toEqual(engine.state.questions.items.size > 0 && viewQuestions(engine.state.questions, 'room', limits.questionsShownToRoom))
  })
})
