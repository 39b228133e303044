import type { DeckSnapshot } from '../../core/protocol'
import type { ClientSocket, TestServer } from '../support/poll-server'
import { afterEach, describe, expect, it } from 'vitest'
import { ownMachineVoters } from '../../server/address-limits'
import { connectDeck, connectPhone, eventMatching, randomVoterId, request, startTestServer } from '../support/poll-server'

/** The limits as `npm start` sets them, unless a test says otherwise. */
const defaults = { maxVotersPerAddress: 5, handshakesPerAddress: 10, voterReleaseMs: 600_000 }

describe('limits the presenter is told of and can change', () => {
  let server: TestServer
  const opened: ClientSocket[] = []
  const open = async (...args: Parameters<typeof connectPhone>): Promise<ClientSocket> => {
    const { socket } = await connectPhone(...args)
    opened.push(socket)
    return socket
  }
  const attempt = (localAddress: string, voterId = randomVoterId()): Promise<string> =>
    open(server.url, voterId, { localAddress }).then(() => 'ok', (error: Error) => error.message)
  const presenter = async (): Promise<{ socket: ClientSocket, snapshot: DeckSnapshot }> => {
    const deck = await connectDeck(server, 'presenter')
    opened.push(deck.socket)
    return deck
  }
  afterEach(async () => {
    opened.splice(0).forEach(socket => socket.close())
    await server?.close()
  })

  it('admits a rehearsal\'s 30 phones on the presenter\'s machine, counts every phone refused, and raises the limit without a restart', async () => {
    server = await startTestServer(defaults)
    const deck = await presenter()
    expect(deck.snapshot).toMatchObject({ refused: 0, bounds: { votersPerAddress: 5, expectedAudience: null } })

    // Sequential: one address's handshakes stay within their rate, as phones opened by hand do.
    const local: string[] = []
    for (let index = 0; index < ownMachineVoters + 1; index++)
      local.push(await attempt('127.0.0.1'))
    expect(local.slice(0, ownMachineVoters).every(outcome => outcome === 'ok')).toBe(true)
    expect(local.at(-1)).toBe('too_many_voters')

    // Another machine gets the limit per address; the same refused phone trying again is one phone, not two.
    const stranger = randomVoterId()
    const other = [...await Promise.all(Array.from({ length: 5 }, () => attempt('127.0.0.2'))), await attempt('127.0.0.2', stranger), await attempt('127.0.0.2', stranger)]
    expect(other).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'too_many_voters', 'too_many_voters'])
    const told = await presenter()
    expect(told.snapshot).toMatchObject({ refused: 2, phones: ownMachineVoters + 5 })
    // The rehearsal's phones are devices of their own: their ballots do not look suspect.
    expect(told.snapshot.addresses).toBe(ownMachineVoters + 1)

    // A phone cannot change the bounds; the presenter can, and the refused phone is admitted at its next try.
    const phone = await open(server.url, randomVoterId(), { localAddress: '127.0.0.8' })
    expect(await request(phone, 'room:bounds', { votersPerAddress: 1000 })).toEqual({ ok: false, error: 'forbidden' })
    const raised = eventMatching(deck.socket, 'deck:update', update => update.bounds?.votersPerAddress === 10)
    expect(await request(deck.socket, 'room:bounds', { votersPerAddress: 10 })).toEqual({ ok: true })
    expect((await raised).refused).toBe(2)
    const fewer = eventMatching(deck.socket, 'deck:update', update => update.refused === 1)
    expect(await attempt('127.0.0.2', stranger)).toBe('ok')
    await fewer
    expect(await request(deck.socket, 'room:bounds', { votersPerAddress: 0 })).toEqual({ ok: false, error: 'invalid_payload' })
  })

  it('states the audience expected, from the configuration and from the presenter', async () => {
    server = await startTestServer({ ...defaults, expectedAudience: 25 })
    const deck = await presenter()
    expect(deck.snapshot.bounds).toEqual({ votersPerAddress: 5, expectedAudience: 25 })
    const stated = eventMatching(deck.socket, 'deck:update', update => update.bounds?.expectedAudience === 40)
    expect(await request(deck.socket, 'room:bounds', { expectedAudience: 40 })).toEqual({ ok: true })
    expect((await stated).bounds).toEqual({ votersPerAddress: 5, expectedAudience: 40 })
    expect(await request(deck.socket, 'room:bounds', { expectedAudience: null })).toEqual({ ok: true })
    expect((await presenter()).snapshot.bounds.expectedAudience).toBeNull()
  })

  it('rate-limits handshakes per address, and a refused handshake costs no snapshot', async () => {
    server = await startTestServer({ ...defaults, maxVotersPerAddress: 0, handshakesPerAddress: 2 })
    let snapshots = 0
    const count = (socket: ClientSocket): void => {
      socket.on('phone:snapshot', () => snapshots++)
    }
    const voterId = randomVoterId()
    const started = performance.now()
    const outcomes = await Promise.all(Array.from({ length: 60 }, () =>
      connectPhone(server.url, voterId, { localAddress: '127.0.0.3', before: count }).then(({ socket }) => {
        opened.push(socket)
        socket.close()
        return 'ok'
      }, (error: Error) => error.message)))
    expect(outcomes.filter(outcome => outcome !== 'ok' && outcome !== 'too_many_connections')).toEqual([])
    const admitted = outcomes.filter(outcome => outcome === 'ok').length
    // Ten at once (five seconds' worth), then two a second as the bucket refills while they connect.
    const refilled = Math.ceil(2 * (performance.now() - started) / 1000)
    expect(admitted).toBeGreaterThanOrEqual(10)
    expect(admitted).toBeLessThanOrEqual(10 + refilled)
    expect(outcomes.filter(outcome => outcome === 'too_many_connections')).toHaveLength(60 - admitted)
    expect(snapshots).toBe(admitted)
    // Another address is not slowed down.
    expect(await attempt('127.0.0.4')).toBe('ok')
  })

  it('gives an address its place back once a phone has been gone a while, keeping that phone\'s ballot', async () => {
    server = await startTestServer({ ...defaults, maxVotersPerAddress: 2, voterReleaseMs: 400 })
    const deck = await presenter()
    await request(deck.socket, 'poll:open', { pollId: 'choix' })
    const leaving = await open(server.url, randomVoterId(), { localAddress: '127.0.0.5' })
    expect(await request(leaving, 'vote', { pollId: 'choix', answer: { kind: 'single', choice: 0 } })).toEqual({ ok: true })
    expect(await attempt('127.0.0.5')).toBe('ok')
    const cleared = randomVoterId()
    expect(await attempt('127.0.0.5', cleared)).toBe('too_many_voters')
    leaving.close()
    // Not at once: a phone briefly away comes back to its own place.
    expect(await attempt('127.0.0.5', cleared)).toBe('too_many_voters')
    await new Promise(resolve => setTimeout(resolve, 500))
    expect(await attempt('127.0.0.5', cleared)).toBe('ok')
    expect((await presenter()).snapshot.polls.choix?.voters).toBe(1)
  })

  it('lets one machine with 40 addresses cast 200 ballots, as SECURITY.md says, which the presenter sees only as devices and voters', async () => {
    server = await startTestServer(defaults)
    const deck = await presenter()
    await request(deck.socket, 'poll:open', { pollId: 'choix' })
    const addresses = Array.from({ length: 40 }, (_, index) => `127.0.1.${index + 1}`)
    const ballots = []
    // One address after the other: 240 handshakes at once would test the machine's load, not the limits.
    for (const address of addresses) {
      ballots.push(...await Promise.all(Array.from({ length: 6 }, async () => {
        const socket = await open(server.url, randomVoterId(), { localAddress: address }).catch((error: Error) => error.message)
        return typeof socket === 'string' ? socket : request(socket, 'vote', { pollId: 'choix', answer: { kind: 'single', choice: 0 } })
      })))
    }
    expect(ballots.filter(ballot => typeof ballot === 'string')).toEqual(Array.from({ length: 40 }, () => 'too_many_voters'))
    expect(ballots.filter(ballot => typeof ballot === 'object' && ballot.ok)).toHaveLength(200)
    const { snapshot } = await presenter()
    // Five ballots per device seen: the presenter's warning fires; one ballot from each of 200 addresses would not.
    expect(snapshot).toMatchObject({ addresses: 40, refused: 40, polls: { choix: { voters: 200 } } })
  })

  it('keeps a voter id\'s socket slots with its own address: another address knowing the id cannot take them', async () => {
    server = await startTestServer(defaults)
    const victim = randomVoterId()
    expect(await attempt('127.0.0.6', victim)).toBe('ok')
    // Four sockets per voter id and address: the thief fills its own, never the victim's.
    const stolen = await Promise.all(Array.from({ length: 5 }, () => attempt('127.0.0.7', victim)))
    expect(stolen.filter(outcome => outcome === 'ok')).toHaveLength(4)
    expect(stolen.filter(outcome => outcome === 'too_many_voters')).toHaveLength(1)
    expect(await Promise.all(Array.from({ length: 3 }, () => attempt('127.0.0.6', victim)))).toEqual(['ok', 'ok', 'ok'])
  })
})
