import type { ClientSocket, TestServer } from '../support/poll-server'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { limits } from '../../core/limits'
import { connectDeck, connectPhone, eventMatching, followQuestions, nextEvent, openRoomQuestions, randomVoterId, request, startTestServer, waitFor } from '../support/poll-server'

describe('questions and reactions over socket.io', () => {
  let server: TestServer
  const opened: ClientSocket[] = []
  const phone = async (): ReturnType<typeof connectPhone> => {
    const connected = await connectPhone(server.url)
    opened.push(connected.socket)
    return connected
  }
  const deck = async (role: 'presenter' | 'screen'): ReturnType<typeof connectDeck> => {
    const connected = await connectDeck(server, role)
    opened.push(connected.socket)
    return connected
  }

  beforeAll(async () => {
    server = await startTestServer()
  })

  afterEach(async () => {
    opened.splice(0).forEach(socket => socket.close())
    // Each test starts on a session of its own, with no question.
    await server.app.engine.startSession('Séance suivante')
  })

  afterAll(async () => {
    await server?.close()
  })

  it('lets phones ask and vote, and shows the room the questions by votes, with no one named', async () => {
    const [alice, bob, carol] = [await phone(), await phone(), await phone()]
    const screen = await deck('screen')
    const shown = followQuestions(screen.socket, screen.snapshot)
    const seen: unknown[] = []
    screen.socket.on('deck:update', update => seen.push(update))
    expect(await request(alice.socket, 'question:ask', { text: 'Combien de temps par semaine ?' })).toEqual({ ok: true })
    expect(await request(bob.socket, 'question:ask', { text: 'Qui répond aux critiques ?' })).toEqual({ ok: true })
    const [first, second] = server.app.engine.state.questions.items.keys()
    expect(await request(carol.socket, 'question:upvote', { questionId: second, upvoted: true })).toEqual({ ok: true })
    expect(await request(alice.socket, 'question:upvote', { questionId: second, upvoted: true })).toEqual({ ok: true })
    expect(await request(bob.socket, 'question:upvote', { questionId: second, upvoted: true })).toEqual({ ok: false, error: 'own_question' })
    await waitFor('the ranked list on the screen', () => shown.list()[0]?.upvotes === 2)
    expect(shown.list().map(question => [question.text, question.upvotes])).toEqual([['Qui répond aux critiques ?', 2], ['Combien de temps par semaine ?', 0]])
    expect(JSON.stringify(seen)).not.toMatch(/voterId|askedBy|"sender"/)

    // A phone that joins gets none in its snapshot; it asks for them, and gets what changes from then on.
    const reloaded = await phone()
    expect(reloaded.snapshot.questions).toEqual([])
    const held = await openRoomQuestions(reloaded)
    await waitFor('both questions on a phone that joined', () => held.list().map(question => question.id).join() === [second, first].join())
  })

  it('holds questions for the presenter\'s approval, tells the asker what became of theirs, and only the presenter moderates', async () => {
    const { socket: presenter } = await deck('presenter')
    expect(await request(presenter, 'questions:moderation', { moderated: true })).toEqual({ ok: true })
    const asker = await phone()
    const other = await phone()
    const { socket: screen } = await deck('screen')

    const toldAsker = eventMatching(asker.socket, 'phone:update', update => update.asked?.[0]?.status === 'pending')
    const toldPresenter = eventMatching(presenter, 'deck:update', update => update.questionPatch?.changed[0]?.status === 'pending')
    expect(await request(asker.socket, 'question:ask', { text: 'Une question délicate ?' })).toEqual({ ok: true })
    await toldAsker
    const questionId = (await toldPresenter).questionPatch!.changed[0]!.id
    const roomList = await openRoomQuestions(await phone())
    expect(roomList.list()).toEqual([])

    for (const socket of [other.socket, screen])
      expect(await request(socket, 'question:moderate', { questionId, action: 'approve' })).toEqual({ ok: false, error: 'forbidden' })

    const shown = eventMatching(screen, 'deck:update', update => update.questionPatch?.changed[0]?.highlighted === true)
    const approvedForAsker = eventMatching(asker.socket, 'phone:update', update => update.asked?.[0]?.status === 'approved')
    expect(await request(presenter, 'question:moderate', { questionId, action: 'highlight' })).toEqual({ ok: true })
    await shown
    await approvedForAsker
    const answered = eventMatching(screen, 'deck:update', update => update.questionPatch?.changed[0]?.status === 'answered')
    expect(await request(presenter, 'question:moderate', { questionId, action: 'answer' })).toEqual({ ok: true })
    expect((await answered).questionPatch!.changed[0]!.highlighted).toBe(false)
  })

  it('bounds what one phone may ask, and refuses what is not a question', async () => {
    const { socket } = await phone()
    for (let index = 0; index < limits.questionsPerVoter; index++)
      expect(await request(socket, 'question:ask', { text: `Question numéro ${index} ?` })).toEqual({ ok: true })
    expect(await request(socket, 'question:ask', { text: 'Encore une ?' })).toEqual({ ok: false, error: 'too_many_questions' })
    expect(await request(socket, 'question:ask', { text: 'x'.repeat(limits.questionTextLength * 3) })).toEqual({ ok: false, error: 'invalid_payload' })
    expect(await request(socket, 'question:ask', { text: '\u200B\u200B' })).toEqual({ ok: false, error: 'invalid_question' })
    expect(await request(socket, 'question:upvote', { questionId: 'q-inconnue', upvoted: true })).toEqual({ ok: false, error: 'unknown_question' })
  })

  it('throttles a phone that floods upvotes, while another phone\'s upvote goes through', async () => {
    const [asker, flooder] = [await phone(), await phone()]
    const honestId = randomVoterId()
    const honest = await connectPhone(server.url, honestId)
    opened.push(honest.socket)
    expect(await request(asker.socket, 'question:ask', { text: 'Qui tient le compte officiel ?' })).toEqual({ ok: true })
    const [questionId] = server.app.engine.state.questions.items.keys()
    // Toggling a vote on and off: each one a real change, so only the rate limit can stop it. Fewer than the 50
    // refusals after which a socket is no longer answered.
    const replies = await Promise.all(Array.from({ length: 40 }, (_, index) =>
      request(flooder.socket, 'question:upvote', { questionId, upvoted: index % 2 === 0 })))
    expect(replies.filter(reply => reply.ok).length).toBeLessThanOrEqual(12)
    expect(replies.filter(reply => !reply.ok && reply.error === 'rate_limited').length).toBeGreaterThanOrEqual(28)
    expect(await request(honest.socket, 'question:upvote', { questionId, upvoted: true })).toEqual({ ok: true })
    expect(server.app.engine.state.questions.items.get(questionId!)?.upvoters.has(honestId)).toBe(true)
  })

  it('keeps questions across a restart, in their session only', async () => {
    const { socket } = await phone()
    await request(socket, 'question:ask', { text: 'Survivra-t-elle ?' })
    const sessionId = server.app.engine.state.session.id
    socket.close()
    const port = Number(new URL(server.url).port)
    await server.close()
    server = await startTestServer({ port, dataDir: server.dataDir })
    expect(server.app.engine.state.session.id).toBe(sessionId)
    expect((await openRoomQuestions(await phone())).list().map(question => question.text)).toEqual(['Survivra-t-elle ?'])
    await server.app.engine.startSession('Autre séance')
    expect((await openRoomQuestions(await phone())).list()).toEqual([])
  })

  it('shows reactions to the screens, counted, never who sent them, and limits each phone', async () => {
    const { socket: screen } = await deck('screen')
    const [first, second] = [await phone(), await phone()]
    const burst = nextEvent(screen, 'reactions', 3000)
    expect(await request(first.socket, 'react', { reaction: '👏' })).toEqual({ ok: true })
    expect(await request(second.socket, 'react', { reaction: '👏' })).toEqual({ ok: true })
    expect(await request(second.socket, 'react', { reaction: '🤔' })).toEqual({ ok: true })
    expect(await burst).toEqual({ '👏': 2, '🤔': 1 })

    const replies = await Promise.all(Array.from({ length: 6 }, () => request(first.socket, 'react', { reaction: '👍' })))
    expect(replies.filter(reply => !reply.ok)).toContainEqual({ ok: false, error: 'rate_limited' })
    expect(await request(first.socket, 'react', { reaction: '💩' })).toEqual({ ok: false, error: 'invalid_payload' })
  })
})
