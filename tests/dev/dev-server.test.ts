import type { ChildProcess } from 'node:child_process'
import type { IncomingHttpHeaders } from 'node:http'
import { Buffer } from 'node:buffer'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { get } from 'node:http'
import { dirname, join, relative } from 'node:path'
import process from 'node:process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { dataDirHolder } from '../../server/data-dir-lock'
import { projectRoot } from '../../server/project-root'
import { launchChromium } from '../support/browser'
import { run } from '../support/commands'
import { connectClient, connectPhone, fixtureSlides, loginCookie, nextEvent, randomVoterId, request, temporaryDir, waitFor } from '../support/poll-server'
import { joinRaw, openRawSocket } from '../support/raw-socket'
import { freePort, gone } from '../support/server-process'
import { takeSlidevTurn } from '../support/slidev-turn'

/** An HTTP upgrade to Vite's hot-reload channel, as raw bytes; resolves with the status line the server answers. */
async function hmrUpgradeStatus(url: string, cookie?: string, path = '/'): Promise<string> {
  const { hostname, port } = new URL(url)
  const { connect } = await import('node:net')
  const socket = connect(Number(port), hostname)
  socket.write([
    `GET ${path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Version: 13',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    'Sec-WebSocket-Protocol: vite-hmr',
    ...(cookie ? [`Cookie: ${cookie}`] : []),
    '',
    '',
  ].join('\r\n'))
  const reply = await new Promise<string>(resolve => socket.once('data', chunk => resolve(String(chunk))))
  socket.destroy()
  return reply.split('\r\n')[0]!
}

/** A GET with the path sent exactly as written: `fetch` would normalise `/./`, `/../` and `%2e` away. */
async function rawGet(url: string, path: string, cookie?: string): Promise<{ status: number, headers: IncomingHttpHeaders, body: string }> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    get({ host: hostname, port, path, headers: cookie ? { cookie } : {} }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString('latin1') }))
    }).on('error', reject)
  })
}

/** Every way of spelling a file's address that Vite or the browser would take to mean that file. */
function spellings(path: string): string[] {
  const [directory, name] = [path.slice(0, path.lastIndexOf('/')), path.slice(path.lastIndexOf('/') + 1)]
  const relativePath = relative(projectRoot, path)
  const inRoot = [`/${relativePath}`, `//${relativePath}`, `/./${relativePath}`, `/${relative(projectRoot, directory)}//${name}`, `/${relative(projectRoot, directory)}/./${name}`, `/%2e/${relativePath}`, `/${relative(projectRoot, directory)}%2f${name}`, `/${relativePath.replaceAll('.', '%2e')}`]
  const inFs = [`/@fs${path}`, `/@fs/${path}`, `/@fs${directory}/./${name}`, `/@fs${directory}/%2e/${name}`, `/@fs${directory}%2f${name}`]
  const plain = [...inRoot, ...inFs]
  return [...plain, ...plain.flatMap(address => ['?raw', '?url', '?import', '?inline', '?raw&import', '?url&inline'].map(query => `${address}${query}`))]
}

// Slidev in the project root, the whole file long: a build elsewhere in the suite would reload its pages.
let giveTurnBack: () => Promise<void>
beforeAll(async () => {
  giveTurnBack = await takeSlidevTurn()
}, 300_000)
afterAll(() => giveTurnBack?.())

describe('npm run dev, as started for the LAN', () => {
  const id = randomBytes(4).toString('hex')
  // Inside the project, where Slidev would serve it, and outside the talk's `data/`: the test checks neither is served.
  const dataDir = join(projectRoot, `test-dev-data-${id}`)
  const talkCanary = join(projectRoot, 'data', `canari-${id}.txt`)
  // A deck of its own in the project root (Slidev takes its layouts and setup from the entry's folder), edited below.
  const entry = join(projectRoot, `slides.test-dev-${id}.md`)
  let slidev: ChildProcess
  let output = ''
  let url: string
  let presenterCookie: string

  beforeAll(async () => {
    await mkdir(dataDir, { recursive: true })
    await copyFile(fixtureSlides, entry)
    await writeFile(join(dataDir, 'canari.txt'), 'ne doit jamais sortir')
    await mkdir(dirname(talkCanary), { recursive: true })
    await writeFile(talkCanary, 'la présentation non plus')
    const port = await freePort()
    url = `http://127.0.0.1:${port}`
    // The LAN script's own command (`--remote`), bound to loopback for the test.
    slidev = spawn(process.execPath, ['node_modules/@slidev/cli/bin/slidev.mjs', entry, '--remote', '--bind', '127.0.0.1', '--port', String(port)], {
      cwd: projectRoot,
      // Several phones from one address, one after another: more voters than one device may bring.
      env: { ...process.env, DATA_DIR: dataDir, MAX_VOTERS_PER_ADDRESS: '0' },
      // Slidev's CLI reads keyboard shortcuts from stdin and quits when it closes: keep it open.
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    slidev.stdout!.on('data', (chunk: Buffer) => output += chunk)
    slidev.stderr!.on('data', (chunk: Buffer) => output += chunk)
    // The banner's presenter line, up to its end: the lines are separate writes, which may come in separate chunks.
    const presenterLine = /Animateur \(répétition\) : http:\/\/localhost:\d+(\/connexion\?\S+)\n/
    await waitFor('slidev to start', () => {
      if (slidev.exitCode !== null)
        throw new Error(`slidev exited:\n${output}`)
      return presenterLine.test(output)
    }, 90_000)
    const link = presenterLine.exec(output)![1]!
    presenterCookie = await loginCookie(url, link)
  })

  afterAll(async () => {
    slidev?.kill('SIGTERM')
    await rm(entry, { force: true })
    await rm(dataDir, { recursive: true, force: true })
    await rm(talkCanary, { force: true })
  })

  it('prints where phones join, at the address it really listens on, and an expiring presenter link, never the token', async () => {
    // Bound to loopback: a LAN address would be one no phone can reach.
    expect(output).toContain(`Votes en direct : téléphones sur ${url}/vote\n  (sur cet ordinateur seulement ; pour les téléphones de la salle : npm run dev:lan)`)
    const token = (await readFile(join(dataDir, 'presenter-token'), 'utf8')).trim()
    expect(output).not.toContain(token)
  })

  it('gives a stranger on the network nothing but the vote: no deck, no file, no write', async () => {
    const dataPath = `/${relative(projectRoot, dataDir)}`
    const before = await readFile(entry, 'utf8')
    for (const path of ['/1', '/presenter/1', `/${relative(projectRoot, entry)}`, '/@vite/client', `${dataPath}/presenter-token?raw`, `${dataPath}/votes.sqlite`, `${dataPath}/canari.txt?raw`, `/@fs${dataDir}/canari.txt`]) {
      const response = await fetch(`${url}${path}`)
      expect(response.status, path).toBeGreaterThanOrEqual(400)
      expect(await response.text(), path).not.toContain('ne doit jamais sortir')
    }
    const write = await fetch(`${url}/__slidev/slides/2.json`, { method: 'POST', body: JSON.stringify({ content: '# Piraté' }), headers: { 'Content-Type': 'application/json' } })
    expect(write.status).toBe(403)
    const move = await fetch(`${url}/@server-reactive/nav`, { method: 'POST', body: JSON.stringify({ page: 3 }), headers: { 'Content-Type': 'text/plain' } })
    expect(move.status).toBe(403)
    expect(await hmrUpgradeStatus(url)).toContain('403')
    expect(await readFile(entry, 'utf8')).toBe(before)
    expect((await fetch(`${url}/vote`)).status).toBe(200)
  })

  it('keeps even the presenter\'s cookie from working for a page of another origin, and the data directory from everyone', async () => {
    const crossSite = await fetch(`${url}/__slidev/slides/2.json`, { method: 'POST', body: '{}', headers: { 'Cookie': presenterCookie, 'Origin': 'http://evil.example', 'Content-Type': 'text/plain' } })
    expect(crossSite.status).toBe(403)
    expect(await hmrUpgradeStatus(url, presenterCookie)).toContain('101')
    const slide = await fetch(`${url}/1`, { headers: { cookie: presenterCookie } })
    expect(slide.status).toBe(200)
    // Vite's pages run inline code, so no script policy; but no other site may frame them, nor read where they lead.
    expect(slide.headers.get('content-security-policy')).toBe(`frame-ancestors 'self'`)
    expect(slide.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(slide.headers.get('x-content-type-options')).toBe('nosniff')
    expect(slide.headers.get('referrer-policy')).toBe('no-referrer')
    const data = await fetch(`${url}/${relative(projectRoot, dataDir)}/canari.txt?raw`, { headers: { cookie: presenterCookie } })
    expect(data.status).toBe(403)
    expect(await data.text()).not.toContain('ne doit jamais sortir')
  })

  it('serves nothing of the talk\'s or the rehearsal\'s data, by any spelling, to the presenter or anyone else', async () => {
    const token = (await readFile(join(dataDir, 'presenter-token'), 'utf8')).trim()
    // What would give each file away, as text or inlined in base64.
    const secrets: [string, string][] = [
      [join(dataDir, 'presenter-token'), token],
      [join(dataDir, 'votes.sqlite'), 'SQLite format 3'],
      [join(dataDir, 'canari.txt'), 'ne doit jamais sortir'],
      [talkCanary, 'la présentation non plus'],
    ]
    const statuses = new Set<number>()
    for (const [path, secret] of secrets) {
      const giveaways = [secret, Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('latin1')]
      for (const address of spellings(path)) {
        for (const cookie of [undefined, presenterCookie]) {
          const { status, body } = await rawGet(url, address, cookie)
          statuses.add(status)
          for (const giveaway of giveaways)
            expect(body, `${address} ${cookie ? 'with' : 'without'} the cookie`).not.toContain(giveaway)
        }
      }
    }
    // The presenter's requests did reach Vite, which refused them itself.
    expect(statuses).toContain(403)
  })

  it('opens Vite\'s hot-reload channel to no one without the cookie, however the address spells socket.io\'s path', async () => {
    for (const path of ['/socket.io/../', '/socket.io/%2e%2e/', '/socket.io/%2E%2E/', '/socket.io/./../', '/socket.io/..%2f', '/socket.io/../?EIO=4&transport=websocket', '/socket.io'])
      expect(await hmrUpgradeStatus(url, undefined, path), path).toContain('403')
  })

  it('answers a malformed address with a short French notice and the security headers, never Vite\'s error page', async () => {
    for (const path of ['/%', '/%zz', '/1%E0%A4%A', '/@fs/%', '/1?x=%']) {
      for (const cookie of [undefined, presenterCookie]) {
        const { status, headers, body } = await rawGet(url, path, cookie)
        expect(status, path).toBe(400)
        expect(body, path).toContain('Adresse invalide')
        expect(body, path).not.toContain(projectRoot)
        expect(body, path).not.toMatch(/\bat \S+:\d+/)
        expect(headers['x-content-type-options'], path).toBe('nosniff')
        expect(headers['content-security-policy'], path).toContain('frame-ancestors \'none\'')
      }
    }
  })

  it('runs the vote server on Slidev\'s own port', async () => {
    const presenter = await connectClient(url, { role: 'presenter' }, { cookie: presenterCookie })
    const phone = await connectPhone(url)
    try {
      expect(Object.keys(phone.snapshot.definitions)).toContain('choix')
      expect(await request(presenter, 'poll:open', { pollId: 'choix' })).toEqual({ ok: true })
      expect(await request(phone.socket, 'vote', { pollId: 'choix', answer: { kind: 'single', choice: 0 } })).toEqual({ ok: true })
    }
    finally {
      presenter.close()
      phone.socket.close()
    }
  })

  it('keeps Vite\'s hot reload working next to socket.io, for the presenter', async () => {
    const browser = await launchChromium()
    try {
      const context = await browser.newContext()
      await context.addCookies([{ name: presenterCookie.split('=')[0]!, value: presenterCookie.split('=')[1]!, url }])
      const page = await context.newPage()
      const hmrConnected = page.waitForEvent('console', { predicate: message => message.text().includes('[vite] connected'), timeout: 60_000 })
      await page.goto(`${url}/1`)
      await hmrConnected
    }
    finally {
      await browser.close()
    }
  })

  it('follows an edit of a poll definition without stopping, and keeps the last good one when an edit is broken', async () => {
    const source = await readFile(entry, 'utf8')
    await writeFile(entry, source.replace('question: Un seul choix ?', 'question: Un seul choix, vraiment ?'))
    await waitFor('the new question', async () => {
      const { socket, snapshot } = await connectPhone(url)
      socket.close()
      return snapshot.definitions.choix?.question === 'Un seul choix, vraiment ?'
    }, 30_000)

    // Saved again a moment later, as a person saves: two saves within an instant do not always reach Vite as two.
    await new Promise(resolve => setTimeout(resolve, 2000))
    await writeFile(entry, source.replace('kind: single', 'kind: sondage'))
    await waitFor('the error to be printed', () => output.includes('Sondages non mis à jour, les précédents restent en service'), 30_000)
    expect(output).toMatch(/kind doit valoir single, multi, scale, quiz, words, ranking, pas « sondage »/)
    const { socket, snapshot } = await connectPhone(url)
    const still = nextEvent(socket, 'phone:snapshot')
    expect(await request(socket, 'sync')).toEqual({ ok: true })
    expect((await still).definitions.choix?.question).toBe('Un seul choix, vraiment ?')
    expect(snapshot.definitions.choix?.kind).toBe('single')
    socket.close()
    expect(slidev.exitCode).toBeNull()
  }, 90_000)

  // Last: it changes the rehearsal's token under the tests above.
  it('closes the presenter\'s hot-reload channel and socket.io connections on npm run rotate-token -- --dev', async () => {
    const hmr = new WebSocket(`${url.replace(/^http/, 'ws')}/`, 'vite-hmr', { headers: { cookie: presenterCookie } })
    await new Promise((resolve, reject) => hmr.once('open', resolve).once('error', reject))
    let hmrClosed = false
    hmr.on('close', () => hmrClosed = true)
    const withCookie = await openRawSocket(url, { cookie: presenterCookie })
    expect(await joinRaw(withCookie, { role: 'phone', voterId: randomVoterId() })).toMatch(/^40\{/)
    const phone = await openRawSocket(url)
    expect(await joinRaw(phone, { role: 'phone', voterId: randomVoterId() })).toMatch(/^40\{/)

    const [command, ...args] = (JSON.parse(await readFile(join(projectRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['rotate-token']!.split(' ') as [string, ...string[]]
    expect(await run(command, [...args, '--dev'], { DATA_DIR: dataDir })).toContain('le serveur en marche l’applique dès maintenant')
    await waitFor('the old cookie\'s connections to close', () => hmrClosed && withCookie.closed())
    expect(phone.closed()).toBe(false)
    expect(await hmrUpgradeStatus(url, presenterCookie)).toContain('403')
    expect((await fetch(`${url}/1`, { headers: { cookie: presenterCookie } })).status).toBe(403)
    phone.drop()
  })
})

describe('npm run dev, stopped', () => {
  it('is gone, its data directory released, once npm is killed outright', async () => {
    const dataDir = await temporaryDir('polls-dev-stop-')
    // `npm run dev` itself, npm and its shell around Slidev, as a presenter or a supervisor runs it.
    const npm = spawn('npm', ['run', 'dev', '--silent', '--', '--port', String(await freePort())], {
      cwd: projectRoot,
      env: { ...process.env, DATA_DIR: dataDir },
      // Kept open by the test: Slidev quits when its stdin closes, which would hide whether it saw npm go.
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let printed = ''
    npm.stdout!.on('data', (chunk: Buffer) => printed += chunk)
    npm.stderr!.on('data', (chunk: Buffer) => printed += chunk)
    await waitFor('slidev to start', () => printed.includes('Votes en direct'), 90_000)
    const slidevPid = dataDirHolder(dataDir)!.pid
    expect(slidevPid).not.toBe(npm.pid)
    npm.kill('SIGKILL')
    expect(await gone(slidevPid, 5000), `slidev outlived npm:\n${printed}`).toBe(true)
    expect(existsSync(join(dataDir, 'server.lock')), printed).toBe(false)
  }, 120_000)
})
