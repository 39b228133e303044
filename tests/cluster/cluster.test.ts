import type { DeckSnapshot, PhoneSnapshot } from '../../core/protocol'
import type { RedisServer } from '../support/redis'
import type { ServerProcess } from '../support/server-process'
import type { Balancer } from '../support/tcp-proxy'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { phoneChannel } from '../../client/phone-channel'
import { limits } from '../../core/limits'
import { loadPollCatalog } from '../../server/deck-source'
import { watchedClient } from '../support/page-clients'
import { connectClient, connectPhone, followQuestions, loginCookie, nextEvent, openRoomQuestions, randomVoterId, request, stubDecks, temporaryDir, waitFor } from '../support/poll-server'
import { startRedis } from '../support/redis'
import { serverUrl, spawnServer } from '../support/server-process'
import { startBalancer } from '../support/tcp-proxy'

const catalog = await loadPollCatalog()
const scalePoll = Object.values(catalog.polls).find(poll => poll.kind === 'scale')!
const pollId = scalePoll.id
const token = 'jeton-partage-de-la-salle-2026'
const scale = (point: number) => ({ kind: 'scale', point }) as const
function scaleCounts(deck: DeckSnapshot): number[] {
  const results = deck.polls[pollId]?.results
  return results?.kind === 'scale' ? results.counts : []
}

/** Three `npm start` processes on one Redis, each with a data directory of its own: they share nothing but Redis. */
describe('several servers sharing one session through Redis', () => {
  let redis: RedisServer
  let servers: ServerProcess[]
  let urls: string[]
  const cookies = { presenter: '', screen: '' }
  let balancer: Balancer

  beforeAll(async () => {
    redis = await startRedis()
    const deckDir = await stubDecks()
    // A large room: the projection shows the bars as they grow.
    const talkConfig = join(await temporaryDir('cluster-talk-'), 'talk.yml')
    await writeFile(talkConfig, 'live_results: true\n')
    servers = await Promise.all([0, 1, 2].map(async () => spawnServer({
      TALK_CONFIG: talkConfig,
      REDIS_URL: redis.url,
      PRESENTER_TOKEN: token,
      DATA_DIR: await temporaryDir('cluster-'),
      DECK_DIR: deckDir,
      MAX_VOTERS_PER_ADDRESS: '0',
      HANDSHAKES_PER_ADDRESS: '0',
    })))
    urls = await Promise.all(servers.map(server => serverUrl(server)))
    // A link printed by one server opens its rights on every other: they share the token.
    for (const right of ['presenter', 'screen'] as const)
      cookies[right] = await loginCookie(urls[2]!, new RegExp(`(/connexion\\?droit=${right}\\S+)`).exec(servers[0]!.output())![1]!)
    balancer = await startBalancer(urls)
  })

  afterAll(async () => {
    servers?.forEach(server => server.child.kill('SIGKILL'))
    await balancer?.close()
    await redis?.stop('SIGKILL')
  })

  /** A presenter or a screen on one server, and what it shows; each test starts a session of its own, which every server follows. */
  async function deckOn(url: string, role: 'presenter' | 'screen' = 'presenter'): Promise<{ socket: Awaited<ReturnType<typeof connectClient>>, latest: () => DeckSnapshot }> {
    let state: DeckSnapshot | undefined
    const socket = await connectClient(url, { role }, {
      cookie: cookies[role],
      before: (socket) => {
        socket.on('deck:snapshot', snapshot => state = snapshot)
        socket.on('deck:update', update => state = state && { ...state, ...update, polls: { ...state.polls, ...update.polls } })
      },
    })
    await waitFor(`the ${role}'s snapshot`, () => state !== undefined)
    return { socket, latest: () => state! }
  }

  it('counts every ballot once, whichever server it reaches, and shows the whole room to a presenter and a screen on any server', async () => {
    const presenter = await deckOn(urls[0]!)
    const screen = await deckOn(urls[2]!, 'screen')
    expect(await request(presenter.socket, 'session:new', { name: 'Salle commune' })).toEqual({ ok: true })
    await waitFor('the screen on another server to follow the new session', () => screen.latest().session.name === 'Salle commune')
    const { session } = screen.latest()

    const phones = await Promise.all(Array.from({ length: 30 }, (_, index) => connectPhone(urls[index % 3]!)))
    await waitFor('the presenter to count the phones of all three servers', () => presenter.latest().phones === 30)
    // The presenter on the first server opens; phones on the other two vote at once.
    expect(await request(presenter.socket, 'poll:open', { pollId })).toEqual({ ok: true })
    const replies = await Promise.all(phones.map(({ socket }, index) => request(socket, 'vote', { pollId, answer: scale(index % 5) })))
    expect(replies.every(reply => reply.ok)).toBe(true)

    // One voter moves to another server and changes their mind: still one ballot, and their answer follows them.
    const voterId = randomVoterId()
    const first = await connectPhone(urls[0]!, voterId)
    expect(await request(first.socket, 'vote', { pollId, answer: scale(0) })).toEqual({ ok: true })
    first.socket.close()
    const moved = await connectPhone(urls[1]!, voterId)
    expect(moved.snapshot.session.id).toBe(session.id)
    expect(moved.snapshot.answers[pollId]).toEqual(scale(0))
    expect(await request(moved.socket, 'vote', { pollId, answer: scale(4) })).toEqual({ ok: true })

    const counts = [6, 6, 6, 6, 7]
    for (const [who, deck] of [['presenter', presenter], ['screen', screen]] as const) {
      await waitFor(`the ${who} to see every ballot`, () => scaleCounts(deck.latest()).join() === counts.join())
      expect(deck.latest().polls[pollId]).toMatchObject({ voters: 31, results: { counts } })
    }

    // A presenter on another server closes; a phone on the third is refused at once.
    const secondPresenter = await deckOn(urls[1]!)
    expect(await request(secondPresenter.socket, 'poll:close', { pollId })).toEqual({ ok: true })
    expect(await request(phones[2]!.socket, 'vote', { pollId, answer: scale(1) })).toEqual({ ok: false, error: 'poll_closed' })

    // Reactions are in no log: the adapter carries them from a phone on one server to a screen on another.
    const reaction = nextEvent(screen.socket, 'reactions')
    expect(await request(phones[1]!.socket, 'react', { reaction: '👏' })).toEqual({ ok: true })
    expect(await reaction).toEqual({ '👏': 1 })

    for (const client of [presenter.socket, secondPresenter.socket, screen.socket, moved.socket, ...phones.map(phone => phone.socket)])
      client.close()
  })

  it('shows a presenter on any server the phones refused on every server, and raises the limit on all of them at once', async () => {
    const presenter = await deckOn(urls[0]!)
    const elsewhere = await deckOn(urls[2]!)
    const phones: Awaited<ReturnType<typeof connectClient>>[] = []
    const attempt = (url: string, voterId = randomVoterId()): Promise<string> =>
      connectPhone(url, voterId, { localAddress: '127.0.0.9' }).then(({ socket }) => {
        phones.push(socket)
        return 'ok'
      }, (error: Error) => error.message)
    // The default limit, set during the talk; the other tests of this suite connect phones without one.
    expect(await request(presenter.socket, 'room:bounds', { votersPerAddress: 5 })).toEqual({ ok: true })
    await waitFor('every server to take the limit', () => elsewhere.latest().bounds.votersPerAddress === 5)
    for (let index = 0; index < 5; index++)
      expect(await attempt(urls[1]!)).toBe('ok')
    const refused = randomVoterId()
    expect(await attempt(urls[1]!, refused)).toBe('too_many_voters')
    await waitFor('the refused phone counted on another server', () => presenter.latest().refused === 1)
    expect(await request(presenter.socket, 'room:bounds', { votersPerAddress: 6, expectedAudience: 50 })).toEqual({ ok: true })
    await waitFor('the other servers to follow', () => elsewhere.latest().bounds.votersPerAddress === 6 && elsewhere.latest().bounds.expectedAudience === 50)
    await waitFor('the refused phone admitted by its server', async () => await attempt(urls[1]!, refused) === 'ok')
    await waitFor('no phone refused any more', () => presenter.latest().refused === 0)
    expect(await request(presenter.socket, 'room:bounds', { votersPerAddress: 1_000_000 })).toEqual({ ok: true })
    await waitFor('every server without a practical limit again', () => elsewhere.latest().bounds.votersPerAddress === 1_000_000)
    phones.forEach(socket => socket.close())
    presenter.socket.close()
    elsewhere.socket.close()
  })

  it('hides a flood asked on one server from a presenter on another, and the places it gave back take a question on a third', async () => {
    const presenter = await deckOn(urls[0]!)
    const third = await deckOn(urls[2]!, 'screen')
    const moderation = followQuestions(presenter.socket, presenter.latest())
    expect(await request(presenter.socket, 'session:new', { name: 'Questions partagées' })).toEqual({ ok: true })
    await waitFor('the third server to follow the new session', () => third.latest().session.name === 'Questions partagées')

    const spammers = await Promise.all(Array.from({ length: limits.questionsPerSession / limits.questionsPerVoter }, () => connectPhone(urls[1]!)))
    const replies = await Promise.all(spammers.flatMap(({ socket }, sender) => Array.from({ length: limits.questionsPerVoter }, (_, index) =>
      request(socket, 'question:ask', { text: `Pub ${sender}-${index} !` }))))
    expect(replies.filter(reply => reply.ok)).toHaveLength(limits.questionsPerSession)
    const honest = await connectPhone(urls[2]!)
    const room = await openRoomQuestions(honest)
    await waitFor('the flood on a phone of the third server', () => room.list().length === limits.questionsShownToRoom)
    await waitFor('the flood in the presenter\'s list on the first server', () => moderation.list().length === limits.questionsPerSession)
    expect(await request(honest.socket, 'question:ask', { text: 'Et nos comptes ?' })).toEqual({ ok: false, error: 'questions_full' })

    // Senders are numbered in the order they first asked in the session: the whole flood is 1 to 60.
    for (let sender = 1; sender <= spammers.length; sender++)
      expect(await request(presenter.socket, 'questions:hide-sender', { sender })).toEqual({ ok: true })
    expect(await request(presenter.socket, 'questions:hide-sender', { sender: spammers.length + 1 })).toEqual({ ok: false, error: 'unknown_sender' })
    await waitFor('the flood gone from the phone on the third server', () => room.list().length === 0)
    expect(await request(honest.socket, 'question:ask', { text: 'Et nos comptes ?' })).toEqual({ ok: true })
    await waitFor('the honest question on the third server', () => room.list().map(question => question.text).join() === 'Et nos comptes ?')

    for (const client of [presenter.socket, third.socket, honest.socket, ...spammers.map(phone => phone.socket)])
      client.close()
  })

  it('loses no acknowledged vote when a server is killed during a burst, and its phones carry on through the others', async () => {
    const presenter = await deckOn(urls[0]!)
    expect(await request(presenter.socket, 'session:new', { name: 'Serveur perdu' })).toEqual({ ok: true })
    expect(await request(presenter.socket, 'poll:open', { pollId })).toEqual({ ok: true })

    // The pages' own client, through the balancer: a third of them land on the server about to die.
    const phones = Array.from({ length: 45 }, () => {
      const voterId = randomVoterId()
      return { voterId, ...watchedClient(phoneChannel, () => ({ role: 'phone', voterId }), balancer.url) }
    })
    await waitFor('every phone online', () => phones.every(({ seen }) => seen.connection.status === 'online' && seen.snapshot?.session.name === 'Serveur perdu'), 20_000)

    const acknowledged = new Map<string, number>()
    const burst = phones.map(async ({ client, voterId }, index) => {
      const reply = await client.send('vote', { pollId, answer: scale(index % 5) }, 3000)
      if (reply.ok)
        acknowledged.set(voterId, index % 5)
    })
    servers[1]!.child.kill('SIGKILL')
    await Promise.all(burst)
    await servers[1]!.exited

    // Phones of the dead server reconnect through the balancer; those not acknowledged vote again, as the page would.
    await waitFor('every phone back online', () => phones.every(({ seen }) => seen.connection.status === 'online'), 30_000)
    for (const [index, { client, voterId }] of phones.entries()) {
      if (!acknowledged.has(voterId) && (await client.send('vote', { pollId, answer: scale(index % 5) })).ok)
        acknowledged.set(voterId, index % 5)
    }
    expect(acknowledged.size).toBe(phones.length)
    expect(balancer.connections[1]).toBeGreaterThan(0)
    await waitFor('the presenter to see every ballot, exactly', () => scaleCounts(presenter.latest()).join() === '9,9,9,9,9')
    expect(presenter.latest().polls[pollId]?.voters).toBe(phones.length)

    // Each phone, wherever it lands now, gets its own answer back in a fresh snapshot.
    for (const { client, voterId, seen } of phones) {
      const before = seen.snapshots
      client.reconnect()
      await waitFor('a fresh snapshot', () => seen.snapshots > before)
      expect((seen.snapshot as PhoneSnapshot).answers[pollId]).toEqual(scale(acknowledged.get(voterId)!))
      client.close()
    }
    presenter.socket.close()
  }, 60_000)

  it('says so when Redis stops, refuses votes rather than lose them, and carries on once Redis is back', async () => {
    const alive = [urls[0]!, urls[2]!]
    const presenter = await deckOn(alive[0]!)
    expect(await request(presenter.socket, 'session:new', { name: 'Redis redémarré' })).toEqual({ ok: true })
    expect(await request(presenter.socket, 'poll:open', { pollId })).toEqual({ ok: true })
    const phone = await connectPhone(alive[1]!)
    expect(await request(phone.socket, 'vote', { pollId, answer: scale(3) })).toEqual({ ok: true })

    // A crash: whatever Redis acknowledged is in its append-only file already.
    await redis.stop('SIGKILL')
    await waitFor('the presenter to be told', () => presenter.latest().health.storing === false)
    expect(presenter.latest().health.problem).toMatch(/^Le serveur Redis redis:\/\/127\.0\.0\.1:\d+ ne répond pas/)
    for (const url of alive) {
      const health = await fetch(`${url}/healthz`)
      expect(health.status).toBe(503)
    }
    const refused = await request(phone.socket, 'vote', { pollId, answer: scale(1) })
    expect(refused.ok).toBe(false)

    await redis.start()
    // Each server finds Redis again on its own: the phone's may come back after the presenter's.
    await waitFor('the presenter\'s server to recover', () => presenter.latest().health.storing, 20_000)
    for (const url of alive)
      await waitFor(`${url} to recover`, async () => (await fetch(`${url}/healthz`)).status === 200, 20_000)
    expect(presenter.latest().polls[pollId]).toMatchObject({ status: 'open', voters: 1, results: { counts: [0, 0, 0, 1, 0] } })
    expect(await request(phone.socket, 'vote', { pollId, answer: scale(1) })).toEqual({ ok: true })
    await waitFor('the change to show', () => scaleCounts(presenter.latest()).join() === '0,1,0,0,0')
    phone.socket.close()
    presenter.socket.close()
  }, 60_000)
})

describe('starting a server on Redis', () => {
  it('refuses a Redis that does not write to disk, and a server without the shared token, in one French sentence each', async () => {
    const volatile = await startRedis({ appendOnly: false })
    try {
      const env = { REDIS_URL: volatile.url, DATA_DIR: await temporaryDir('cluster-'), DECK_DIR: await stubDecks() }
      const withoutToken = spawnServer(env)
      expect(await withoutToken.exited).toBe(1)
      expect(withoutToken.output()).toContain('Avec REDIS_URL, donnez à chaque serveur le même jeton d’animateur')
      const withoutDisk = spawnServer({ ...env, PRESENTER_TOKEN: token })
      expect(await withoutDisk.exited).toBe(1)
      expect(withoutDisk.output()).toMatch(/Le serveur Redis redis:\/\/127\.0\.0\.1:\d+ n’enregistre pas sur disque \(appendonly no\)/)
      expect(withoutDisk.output()).not.toMatch(/\bat \w+ \(/)
    }
    finally {
      await volatile.stop()
    }
  })
})
