import type { ClientSocket, TestServer } from '../support/poll-server'
import { Buffer } from 'node:buffer'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { limits } from '../../core/limits'
import { createAccess, minimumTokenLength, readPresenterToken, rotatePresenterToken, tokenFile } from '../../server/access'
import { readConfig } from '../../server/config'
import { databasePath } from '../../server/poll-app'
import { projectRoot } from '../../server/project-root'
import { resultsCsv } from '../../server/results-export'
import { run } from '../support/commands'
import { connectClient, connectDeck, connectPhone, loginCookie, randomVoterId, request, startTestServer, temporaryDir, waitFor } from '../support/poll-server'

/** `npm run rotate-token`'s own command line, without npm around it. */
const [rotateCommand, ...rotateArguments] = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).scripts['rotate-token'].split(' ') as [string, ...string[]]

describe('what one device can do', () => {
  let server: TestServer
  const opened: ClientSocket[] = []
  afterEach(async () => {
    opened.splice(0).forEach(socket => socket.close())
    await server?.close()
  })

  it('adds at most a handful of ballots to a poll, however many voter ids it mints, while other devices vote on', async () => {
    server = await startTestServer({ maxVotersPerAddress: 3 })
    const presenter = (await connectDeck(server, 'presenter')).socket
    opened.push(presenter)
    await request(presenter, 'poll:open', { pollId: 'choix' })

    // One machine (127.0.0.2) minting ten voter ids; two honest phones on addresses of their own.
    const attempts = await Promise.allSettled(Array.from({ length: 10 }, () => connectPhone(server.url, randomVoterId(), { localAddress: '127.0.0.2' })))
    const admitted = attempts.flatMap(attempt => attempt.status === 'fulfilled' ? [attempt.value.socket] : [])
    const refusals = attempts.flatMap(attempt => attempt.status === 'rejected' ? [String(attempt.reason)] : [])
    opened.push(...admitted)
    expect(admitted).toHaveLength(3)
    expect(refusals).toHaveLength(7)
    expect(refusals.every(reason => reason.includes('too_many_voters'))).toBe(true)
    for (const socket of admitted)
      expect(await request(socket, 'vote', { pollId: 'choix', answer: { kind: 'single', choice: 0 } })).toEqual({ ok: true })

    for (const address of ['127.0.0.3', '127.0.0.4']) {
      const { socket } = await connectPhone(server.url, randomVoterId(), { localAddress: address })
      opened.push(socket)
      expect(await request(socket, 'vote', { pollId: 'choix', answer: { kind: 'single', choice: 1 } })).toEqual({ ok: true })
    }
    const { snapshot } = await connectDeck(server, 'presenter')
    expect(snapshot.polls.choix).toMatchObject({ voters: 5, results: { counts: [3, 2, 0] } })
    // Five devices as the join slide counts them; three addresses, which the presenter's warning compares with the ballots.
    expect(snapshot).toMatchObject({ phones: 5, addresses: 3 })
  })

  it('cannot open sockets without end under one voter id', async () => {
    server = await startTestServer({ maxVotersPerAddress: 3 })
    const voterId = randomVoterId()
    const attempts = await Promise.allSettled(Array.from({ length: 8 }, () => connectPhone(server.url, voterId, { localAddress: '127.0.0.5' })))
    opened.push(...attempts.flatMap(attempt => attempt.status === 'fulfilled' ? [attempt.value.socket] : []))
    expect(attempts.filter(attempt => attempt.status === 'fulfilled')).toHaveLength(4)
    const { snapshot } = await connectDeck(server, 'presenter')
    expect(snapshot.phones).toBe(1)
  })

  it('keeps honest votes flowing while one address floods the server with snapshot requests', async () => {
    server = await startTestServer({ maxVotersPerAddress: 3 })
    const presenter = (await connectDeck(server, 'presenter')).socket
    opened.push(presenter)
    await request(presenter, 'poll:open', { pollId: 'mots' })
    const flooders = await Promise.all(Array.from({ length: 3 }, () => connectPhone(server.url, randomVoterId(), { localAddress: '127.0.0.6' })))
    opened.push(...flooders.map(({ socket }) => socket))
    const floodReplies = await Promise.all(flooders.flatMap(({ socket }) => Array.from({ length: 10 }, () => request(socket, 'sync'))))
    expect(floodReplies.filter(reply => !reply.ok)).not.toHaveLength(0)

    const { socket: honest } = await connectPhone(server.url, randomVoterId(), { localAddress: '127.0.0.7' })
    opened.push(honest)
    expect(await request(honest, 'sync')).toEqual({ ok: true })
    expect(await request(honest, 'vote', { pollId: 'mots', answer: { kind: 'words', words: ['confiance'] } })).toEqual({ ok: true })
  })
})

describe('the presenter\'s token', () => {
  let server: TestServer | undefined
  afterEach(async () => {
    await server?.close()
  })

  it('can be rotated: old links, cookies and connections stop working at once', async () => {
    server = await startTestServer()
    const oldLink = server.app.access.loginPath('presenter')
    const oldCookie = await server.cookie('presenter')
    const presenter = (await connectDeck(server, 'presenter')).socket
    const screen = (await connectDeck(server, 'screen')).socket
    const dropped = Promise.all([presenter, screen].map(socket => new Promise(resolve => socket.once('disconnect', resolve))))

    rotatePresenterToken(server.dataDir)
    server.app.reloadAccess()
    await dropped
    await expect(connectClient(server.url, { role: 'presenter' }, { cookie: oldCookie })).rejects.toThrow('presenter_rights_required')
    await expect(loginCookie(server.url, oldLink)).rejects.toThrow('login refused: 403')
    expect((await fetch(`${server.url}/3`, { headers: { cookie: oldCookie } })).status).toBe(403)
    expect((await fetch(`${server.url}/api/sessions`, { headers: { cookie: oldCookie } })).status).toBe(401)

    const fresh = await connectDeck(server, 'presenter')
    expect(fresh.snapshot.role).toBe('presenter')
    fresh.socket.close()
  })

  it('is kept in a file only its owner can read, generated or rotated', async () => {
    const dataDir = join(await temporaryDir('token-mode-'), 'data')
    const token = readPresenterToken(dataDir)
    expect(statSync(tokenFile(dataDir)).mode & 0o777).toBe(0o600)
    expect(rotatePresenterToken(dataDir)).not.toBe(token)
    expect(statSync(tokenFile(dataDir)).mode & 0o777).toBe(0o600)
  })

  it('is not shared by rehearsals and the talk: development keeps its data and token apart', async () => {
    const root = await temporaryDir('token-modes-')
    const present = readConfig({}, root, 'present')
    const dev = readConfig({}, root, 'dev')
    expect(present.dataDir).toBe(join(root, 'data'))
    expect(dev.dataDir).toBe(join(root, 'data', 'dev'))
    const presentToken = readPresenterToken(present.dataDir)
    const devToken = readPresenterToken(dev.dataDir)
    expect(devToken).not.toBe(presentToken)
    // Each keeps its own on a restart: a rehearsal's link never opens the talk.
    expect(readPresenterToken(present.dataDir)).toBe(presentToken)
    expect(readPresenterToken(dev.dataDir)).toBe(devToken)
    const now = new Date()
    expect(createAccess(dev.dataDir).loginPath('presenter', now)).not.toBe(createAccess(present.dataDir).loginPath('presenter', now))
  })

  it('is renewed by npm run rotate-token, which refuses in French when PRESENTER_TOKEN is set', async () => {
    const dataDir = await temporaryDir('rotate-command-')
    const before = readPresenterToken(dataDir)
    await expect(run(rotateCommand, rotateArguments, { DATA_DIR: dataDir, PRESENTER_TOKEN: 'jeton-de-test-assez-long-123' }))
      .rejects
      .toThrow('PRESENTER_TOKEN est défini : changez sa valeur, puis redémarrez le serveur.')
    expect(readFileSync(tokenFile(dataDir), 'utf8')).toBe(`${before}\n`)

    expect(await run(rotateCommand, rotateArguments, { DATA_DIR: dataDir })).toContain('Jeton renouvelé.')
    const after = readPresenterToken(dataDir)
    expect(after).not.toBe(before)
    expect(after.length).toBeGreaterThanOrEqual(minimumTokenLength)
    expect(statSync(tokenFile(dataDir)).mode & 0o777).toBe(0o600)
  })

  it('tells a connected screen its rights are gone when the token changes', async () => {
    server = await startTestServer()
    const screen = await connectClient(server.url, { role: 'screen' }, { cookie: await server.cookie('screen'), before: (socket) => {
      socket.io.reconnection(true)
      socket.io.reconnectionDelay(20)
    } })
    const refused = new Promise<string>(resolve => screen.on('connect_error', error => resolve(error.message)))
    rotatePresenterToken(server.dataDir)
    server.app.reloadAccess()
    // socket.io does not retry a refusal by itself: the deck's client does (see the client tests); here, one attempt.
    await waitFor('the screen to be dropped', () => !screen.connected)
    screen.connect()
    expect(await refused).toBe('screen_rights_required')
    screen.close()
  })
})

describe('web hygiene', () => {
  it('sends security headers with every page', async () => {
    const server = await startTestServer()
    try {
      for (const [path, cookie] of [['/vote', ''], ['/3', await server.cookie('presenter')], ['/healthz', ''], ['/nulle-part', '']] as const) {
        const response = await fetch(`${server.url}${path}`, { headers: { cookie } })
        const policy = response.headers.get('content-security-policy') ?? ''
        expect(policy, path).toContain('frame-ancestors \'none\'')
        expect(policy, path).toMatch(/script-src 'self'/)
        expect(policy, path).not.toContain('unsafe-eval')
        expect(response.headers.get('x-content-type-options'), path).toBe('nosniff')
        expect(response.headers.get('referrer-policy'), path).toBe('no-referrer')
      }
    }
    finally {
      await server.close()
    }
  })

  it('writes CSV cells a spreadsheet would run as formulas as plain text, and keeps the figures exact', () => {
    const csv = resultsCsv({
      session: { id: 1, name: '=HYPERLINK("http://x")', startedAt: '2026-11-24T09:00:00.000Z' },
      threshold: 3,
      polls: [{
        id: 'mots',
        slide: 3,
        kind: 'words',
        question: 'En un mot ?',
        repeats: null,
        status: 'closed',
        voters: 4,
        withheld: false,
        mean: null,
        correct: null,
        movement: null,
        answers: ['=1+1', '+33', '-2', '@SUM(A1)', '\tcmd', 'confiance'].map(label => ({ label, count: 1, percent: 25 })),
      }, {
        id: 'devinette',
        slide: 4,
        kind: 'quiz',
        question: 'Combien ?',
        repeats: '-avant',
        status: 'closed',
        voters: 1,
        withheld: false,
        mean: null,
        correct: '=2+2',
        movement: null,
        answers: [{ label: '=2+2', count: 1, percent: 100 }],
      }],
      questions: [{ text: '=cmd|\'/C calc\'!A0', status: 'approved', upvotes: 2 }],
      decision: null,
    })
    const cells = csv.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map(line => line.split(';'))
    const question = cells.pop()!
    const quiz = cells.pop()!
    expect(quiz.slice(6)).toEqual(['\'=2+2', '1', '100', '1', 'quiz', '', '', '\'=2+2', '\'-avant', '', '', '', '', '', ''])
    expect(question[4]).toBe('\'=cmd|\'/C calc\'!A0')
    expect(question[7]).toBe('2')
    expect(cells.map(row => row[6])).toEqual(['\'=1+1', '\'+33', '\'-2', '\'@SUM(A1)', '\'\tcmd', 'confiance'])
    expect(cells[0]![0]).toBe('"\'=HYPERLINK(""http://x"")"')
    expect(cells.every(row => row[7] === '1' && row[8] === '25' && row[9] === '4')).toBe(true)
  })
})

describe('phones after a token rotation', () => {
  it('keep voting: their rights never depended on it', async () => {
    const server = await startTestServer()
    try {
      await server.app.engine.execute({ type: 'open', pollId: 'choix' })
      const { socket } = await connectPhone(server.url)
      rotatePresenterToken(server.dataDir)
      server.app.reloadAccess()
      expect(await request(socket, 'vote', { pollId: 'choix', answer: { kind: 'single', choice: 0 } })).toEqual({ ok: true })
      expect(socket.connected).toBe(true)
      socket.close()
    }
    finally {
      await server.close()
    }
  })
})

describe('what the votes file keeps', () => {
  it('names no one: no client address, no reaction and no time but the session\'s start, after phones from several addresses voted, asked and reacted', async () => {
    const from = Date.now()
    const server = await startTestServer()
    const opened: ClientSocket[] = []
    try {
      const presenter = (await connectDeck(server, 'presenter')).socket
      opened.push(presenter)
      for (const pollId of ['choix', 'plusieurs', 'mots'])
        expect(await request(presenter, 'poll:open', { pollId })).toEqual({ ok: true })
      // Four devices, each on a loopback address of its own, doing all a phone can do.
      const phones = await Promise.all(['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'].map(localAddress =>
        connectPhone(server.url, randomVoterId(), { localAddress }).then(({ socket }) => socket)))
      opened.push(...phones)
      for (const [index, socket] of phones.entries()) {
        expect(await request(socket, 'vote', { pollId: 'choix', answer: { kind: 'single', choice: index % 3 } })).toEqual({ ok: true })
        expect(await request(socket, 'vote', { pollId: 'plusieurs', answer: { kind: 'multi', choices: [index % 4] } })).toEqual({ ok: true })
        expect(await request(socket, 'vote', { pollId: 'mots', answer: { kind: 'words', words: [`confiance${index}`] } })).toEqual({ ok: true })
        expect(await request(socket, 'question:ask', { text: `Question du téléphone ${index} ?` })).toEqual({ ok: true })
        for (const reaction of [limits.reactions[index]!, limits.reactions[(index + 1) % limits.reactions.length]!])
          expect(await request(socket, 'react', { reaction })).toEqual({ ok: true })
      }
      const questionIds = [...server.app.engine.state.questions.items.keys()]
      for (const socket of phones) {
        for (const questionId of questionIds)
          await request(socket, 'question:upvote', { questionId, upvoted: true })
      }
      expect(await request(presenter, 'question:moderate', { questionId: questionIds[0], action: 'highlight' })).toEqual({ ok: true })
      await server.app.engine.settled()
      const to = Date.now()

      // Read while the server runs: the latest events are still in the WAL, which closing would fold into the file.
      const files = readdirSync(server.dataDir).filter(name => name.startsWith('votes.sqlite'))
      expect(files).toContain('votes.sqlite-wal')
      const raw = Buffer.concat(files.map(name => readFileSync(join(server.dataDir, name))))
      const db = new Database(databasePath(server.dataDir), { readonly: true, fileMustExist: true })
      const tables = db.prepare<[], { name: string }>('SELECT name FROM sqlite_master WHERE type = \'table\'').all().map(({ name }) => name)
      const values = tables.flatMap(table => db.prepare(`SELECT * FROM "${table}"`).raw().all().flat() as unknown[])
      const sessionStarts = db.prepare<[], { started_at: string }>('SELECT started_at FROM sessions').all().map(row => row.started_at)
      db.close()
      const texts = values.flatMap(value => typeof value === 'string' ? [value] : Buffer.isBuffer(value) ? [value.toString('utf8')] : [])

      // The reading sees what was stored: the questions, in the tables and in the raw bytes.
      expect(tables).toEqual(expect.arrayContaining(['sessions', 'events']))
      expect(texts.join('\n')).toContain('Question du téléphone 3 ?')
      expect(raw.includes('Question du téléphone 3 ?')).toBe(true)

      for (const needle of ['127.0.0.', ...limits.reactions]) {
        expect(texts.filter(text => text.includes(needle)), needle).toEqual([])
        expect(raw.includes(needle), needle).toBe(false)
      }
      // No date or clock time, but the sessions' own starts; no timestamp of the test's minutes as a number either.
      const withoutStarts = (text: string): string => sessionStarts.reduce((rest, start) => rest.replaceAll(start, ''), text)
      const duringTest = (number: number): boolean => (number >= from - 1000 && number <= to + 1000) || (number >= from / 1000 - 1 && number <= to / 1000 + 1)
      for (const text of [...texts, raw.toString('latin1')].map(withoutStarts)) {
        expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}:\d{2}/)
        expect((text.match(/\d{9,13}/g) ?? []).map(Number).filter(duringTest)).toEqual([])
      }
      expect(values.filter(value => typeof value === 'number' || typeof value === 'bigint').map(Number).filter(duringTest)).toEqual([])
    }
    finally {
      opened.forEach(socket => socket.close())
      await server.close()
    }
  })
})

describe('poll ids that are not ours', () => {
  /** Names every object answers to: a lookup that reaches the prototype finds something under each of them. */
  const prototypeNames = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']

  it('get « unknown poll », from the presenter and from a phone, with no stack trace in the terminal, and the talk goes on', async () => {
    const server = await startTestServer()
    const errors = vi.spyOn(console, 'error')
    const opened: ClientSocket[] = []
    try {
      const presenter = (await connectDeck(server, 'presenter')).socket
      const phone = (await connectPhone(server.url)).socket
      opened.push(presenter, phone)
      for (const pollId of prototypeNames) {
        const replies = [
          ...await Promise.all(['poll:open', 'poll:close', 'poll:reveal'].map(event => request(presenter, event, { pollId }))),
          await request(presenter, 'poll:reset', { pollId, confirm: true }),
          await request(presenter, 'word:remove', { pollId, word: 'buzz' }),
          await request(presenter, 'cloud:pause', { pollId, paused: true }),
          await request(phone, 'vote', { pollId, answer: { kind: 'single', choice: 0 } }),
        ]
        expect(replies, pollId).toEqual(replies.map(() => ({ ok: false, error: 'unknown_poll' })))
      }
      expect(errors).not.toHaveBeenCalled()
      expect(await request(presenter, 'poll:open', { pollId: 'choix' })).toEqual({ ok: true })
      expect(await request(phone, 'vote', { pollId: 'choix', answer: { kind: 'single', choice: 1 } })).toEqual({ ok: true })
      expect(server.app.engine.state.polls.get('choix')?.ballots.size).toBe(1)
      expect([...server.app.engine.state.polls.keys()]).toEqual(['choix'])
    }
    finally {
      errors.mockRestore()
      opened.forEach(socket => socket.close())
      await server.close()
    }
  })
})
