import type { ClientSocket, TestServer } from '../support/poll-server'
// A token rotation against a hostile script speaking socket.io by hand: no connection or recovered session keeps a right.
import type { RawSocket } from '../support/raw-socket'
import { afterEach, describe, expect, it } from 'vitest'
import { rotatePresenterToken } from '../../server/access'
import { connectDeck, eventMatching, randomVoterId, startTestServer, waitFor } from '../support/poll-server'
import { joinRaw, openRawSocket, rawEvents } from '../support/raw-socket'

let server: TestServer | undefined
const opened: (ClientSocket | RawSocket)[] = []
afterEach(async () => {
  opened.splice(0).forEach(socket => 'drop' in socket ? socket.drop() : socket.close())
  await server?.close()
  server = undefined
})

async function raw(url: string, headers: Record<string, string> = {}): Promise<RawSocket> {
  const socket = await openRawSocket(url, headers)
  opened.push(socket)
  return socket
}

/** The argument list of a `42[…]` frame, and the offset a recovering client sends back (its last element). */
function offsetOf(frame: string): string {
  return (JSON.parse(frame.slice(2)) as unknown[]).at(-1) as string
}

describe('a token rotation', () => {
  it('refuses a rejoin as presenter on a connection opened with the old cookie, even one the rotation did not close', async () => {
    server = await startTestServer()
    const socket = await raw(server.url, { cookie: await server.cookie('presenter') })
    expect(await joinRaw(socket, { role: 'phone', voterId: randomVoterId() })).toMatch(/^40\{/)

    // The token changes but the connection is left open: only the check at join stands between it and the polls.
    rotatePresenterToken(server.dataDir)
    expect(server.app.access.reload()).toBe(true)
    socket.send('41')
    // Apart from the leave: socket.io drops a connection whose join arrives while its leave is still pending.
    await new Promise(resolve => setTimeout(resolve, 100))
    expect(await joinRaw(socket, { role: 'presenter' })).toBe('44{"message":"presenter_rights_required"}')
    expect(await joinRaw(socket, { role: 'screen' })).toBe('44{"message":"screen_rights_required"}')
    socket.send('42["poll:open",{"pollId":"choix"}]')
    socket.send('4210["poll:open",{"pollId":"choix"}]')
    await server.app.engine.settled()
    expect(server.app.engine.state.polls.get('choix')?.status).not.toBe('open')
    expect(socket.frames.filter(frame => frame.startsWith('43'))).toEqual([])
  })

  it('closes every connection opened with the old cookie or bearer token, whatever it joined, and leaves phones alone', async () => {
    server = await startTestServer()
    const cookie = await server.cookie('presenter')
    const screenCookie = await server.cookie('screen')
    const joinedAsPhone = await raw(server.url, { cookie })
    expect(await joinRaw(joinedAsPhone, { role: 'phone', voterId: randomVoterId() })).toMatch(/^40\{/)
    const joinedNothing = await raw(server.url, { cookie })
    const leftTheNamespace = await raw(server.url, { cookie })
    expect(await joinRaw(leftTheNamespace, { role: 'presenter' })).toMatch(/^40\{/)
    leftTheNamespace.send('41')
    const bearer = await raw(server.url, { authorization: `Bearer ${server.app.access.token}` })
    expect(await joinRaw(bearer, { role: 'phone', voterId: randomVoterId() })).toMatch(/^40\{/)
    const screen = await raw(server.url, { cookie: screenCookie })
    const phone = await raw(server.url)
    expect(await joinRaw(phone, { role: 'phone', voterId: randomVoterId() })).toMatch(/^40\{/)

    rotatePresenterToken(server.dataDir)
    server.app.reloadAccess()
    const revoked = [joinedAsPhone, joinedNothing, leftTheNamespace, bearer, screen]
    await waitFor('every connection opened with rights to close', () => revoked.every(socket => socket.closed()))
    const from = phone.frames.length
    await server.app.engine.execute({ type: 'open', pollId: 'choix' })
    await phone.next('42["phone:update"', from)
    expect(phone.closed()).toBe(false)
  })

  it.each(['presenter', 'screen'] as const)('lets no recovered %s session reach a phone handshake: it starts fresh, with no deck message', async (role) => {
    server = await startTestServer()
    const oldCookie = await server.cookie(role)
    const deck = await raw(server.url, { cookie: oldCookie })
    const { pid } = JSON.parse((await joinRaw(deck, { role })).slice(2)) as { pid: string }
    // A broadcast to the decks gives the offset a recovering client sends back.
    const from = deck.frames.length
    await server.app.engine.execute({ type: 'open', pollId: 'choix' })
    const offset = offsetOf(await deck.next('42["deck:update"', from))
    deck.drop()
    // The server sees the drop (nothing on the wire tells when) and keeps the session, then the token changes.
    await new Promise(resolve => setTimeout(resolve, 200))
    rotatePresenterToken(server.dataDir)
    server.app.reloadAccess()

    // While it is away, the presenter opens a blind quiz: what the dropped session missed includes its answer.
    const presenter = (await connectDeck(server, 'presenter')).socket
    opened.push(presenter)
    const quizOpen = eventMatching(presenter, 'deck:update', update => update.polls?.devinette?.status === 'open')
    await server.app.engine.execute({ type: 'open', pollId: 'devinette' })
    expect((await quizOpen).polls!.devinette).toMatchObject({ correct: 2 })

    const thief = await raw(server.url, { cookie: oldCookie })
    expect(await joinRaw(thief, { role: 'phone', voterId: randomVoterId(), pid, offset })).toMatch(/^40\{/)
    await thief.next('42["phone:snapshot"')
    // Something for every room: the thief, a phone now, gets the phones' part and nothing of the decks'.
    const before = thief.frames.length
    const wordsOpen = eventMatching(presenter, 'deck:update', update => update.polls?.mots?.status === 'open')
    await server.app.engine.execute({ type: 'open', pollId: 'mots' })
    await wordsOpen
    await thief.next('42["phone:update"', before)
    expect(rawEvents(thief).map(([event]) => event).filter(event => String(event).startsWith('deck:'))).toEqual([])
    expect(thief.frames.join('\n')).not.toContain('"correct":2')
  })

  it('gives a phone\'s session recovered under another voter id a fresh start, without the first voter\'s room', async () => {
    server = await startTestServer()
    const voterId = randomVoterId()
    const first = await raw(server.url)
    const { pid } = JSON.parse((await joinRaw(first, { role: 'phone', voterId })).slice(2)) as { pid: string }
    const offset = offsetOf(await first.next('42["phone:snapshot"'))
    first.drop()
    // The server sees the drop and keeps the session.
    await new Promise(resolve => setTimeout(resolve, 200))

    const stranger = await raw(server.url)
    expect(await joinRaw(stranger, { role: 'phone', voterId: randomVoterId(), pid, offset })).toMatch(/^40\{/)
    await stranger.next('42["phone:snapshot"')
    // Following the room's questions, the stranger gets the room's patch: the moment to look for what it must not get.
    stranger.send('425["questions:follow",{}]')
    expect(await stranger.next('435')).toBe('435[{"ok":true}]')
    // The first voter asks from another tab: what it asked goes to its own room, and to no one else.
    const owner = await raw(server.url)
    expect(await joinRaw(owner, { role: 'phone', voterId })).toMatch(/^40\{/)
    await owner.next('42["phone:snapshot"')
    const from = owner.frames.length
    owner.send('421["question:ask",{"text":"Une question de ce téléphone ?"}]')
    expect(await owner.next('431', from)).toBe('431[{"ok":true}]')
    await owner.next('42["phone:update",{"asked":[{', from)
    await stranger.next('42["phone:update",{"questionPatch"')
    expect(stranger.frames.filter(frame => frame.includes('"asked":[{'))).toEqual([])
  })
})
