// Hosted mode: `npm start` on a public host behind nginx (deploy/nginx.conf, as is) terminating TLS with a self-signed
// certificate. Phones, the presenter and a forger reach it through nginx on loopback addresses of their own.
import type { Browser, WebSocket as BrowserWebSocket } from 'playwright-core'
import type { DeckSnapshot } from '../../core/protocol'
import type { HostedServer } from '../support/hosted'
import type { ClientSocket } from '../support/poll-server'
import process from 'node:process'
import { renderUnicodeCompact } from 'uqr'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBanner } from '../../server/banner'
import { loadPollCatalog } from '../../server/deck-source'
import { projectRoot } from '../../server/project-root'
import { launchChromium, phoneDevice } from '../support/browser'
import { fetchRaw, runFile, startHostedServer } from '../support/hosted'
import { connectClient, connectPhone, nextEvent, randomVoterId, request, startTestServer, stubDecks } from '../support/poll-server'
import { consoleErrors, openDevice } from '../support/talk'

/** What the per-address budget is in this file: small, so that going past it takes three connections. */
const votersPerAddress = 2

/** Every socket a test opened, closed at the end. */
const sockets: ClientSocket[] = []

/** Why a connection was turned away, or `ok`. */
async function admitted(url: string, options: Parameters<typeof connectPhone>[2]): Promise<string> {
  try {
    const { socket } = await connectPhone(url, randomVoterId(), options)
    sockets.push(socket)
    return 'ok'
  }
  catch (error) {
    return (error as Error).message
  }
}

const catalog = await loadPollCatalog()
const pollId = Object.keys(catalog.polls).find(id => catalog.polls[id]!.kind === 'scale')!

describe('hosted mode: the vote server behind nginx, over TLS', () => {
  let hosted: HostedServer
  let publicUrl: string
  let certificate: string
  let browser: Browser
  let presenter: ClientSocket

  /** The cookie a login link hands out through nginx. */
  async function loginThrough(link: string): Promise<string> {
    const response = await fetchRaw(link, { ca: certificate })
    expect(response.status).toBe(303)
    return String(response.headers['set-cookie']).split(';')[0]!
  }

  beforeAll(async () => {
    hosted = await startHostedServer({ DECK_DIR: await stubDecks(), MAX_VOTERS_PER_ADDRESS: String(votersPerAddress) })
    publicUrl = hosted.publicUrl
    certificate = hosted.certificate
    browser = await launchChromium()
    // The presenter view's socket through nginx, for the tests that need a poll open; the login is the banner's link.
    const printed = new URL(hosted.printedLink('Animateur'))
    presenter = await connectClient(publicUrl, { role: 'presenter' }, { cookie: await loginThrough(`${publicUrl}${printed.pathname}${printed.search}`), ca: certificate })
  })

  afterAll(async () => {
    sockets.splice(0).forEach(socket => socket.close())
    presenter?.close()
    await browser?.close()
    await hosted?.close()
  })

  /** Opens the poll and moves the deck to its slide, which phones follow. */
  const showPoll = async (): Promise<void> => {
    expect(await request(presenter, 'poll:open', { pollId })).toEqual({ ok: true })
    expect(await request(presenter, 'nav', { page: catalog.polls[pollId]!.slide, clicks: 0 })).toEqual({ ok: true })
  }

  it('prints the https public address, encodes it in the QR code, and gives it to the join slide', async () => {
    const joinUrl = `${publicUrl}/vote`
    const output = hosted.server.output()
    expect(output).toContain(`Téléphones du public : ${joinUrl}\n`)
    expect(output).toContain(renderUnicodeCompact(joinUrl, { border: 2 }).replace(/^/gm, '  '))
    // The presenter is not on the host: the links printed for them go through the proxy too.
    const presenterLink = hosted.printedLink('Animateur')
    const screenLink = hosted.printedLink('Projection')
    expect(presenterLink.startsWith(`${publicUrl}/connexion?droit=presenter&`), presenterLink).toBe(true)
    expect(screenLink.startsWith(`${publicUrl}/connexion?droit=screen&`), screenLink).toBe(true)
    expect(output).not.toContain('Attention')

    // The join slide draws its QR code from the deck snapshot's address, which the projection gets through nginx.
    const screenCookie = await loginThrough(screenLink)
    let snapshot!: Promise<DeckSnapshot>
    const screen = await connectClient(publicUrl, { role: 'screen' }, { cookie: screenCookie, ca: certificate, before: (client) => {
      snapshot = nextEvent(client, 'deck:snapshot')
    } })
    sockets.push(screen)
    expect((await snapshot).joinUrl).toBe(joinUrl)

    // Typed without https://, the address lands on the same page.
    const plain = await fetchRaw(`${hosted.httpUrl}/vote`)
    expect(plain.status).toBe(301)
    expect(plain.headers.location).toBe(joinUrl)
  })

  it('lets the presenter sign in from a laptop through the proxy, with a Secure cookie, and drive the polls', async () => {
    // `npm run presenter-link` on the host, as the walk-through says, while the server runs.
    const { stdout } = await runFile(process.execPath, ['--import', 'tsx', 'scripts/presenter-link.ts'], {
      cwd: projectRoot,
      env: { ...process.env, DATA_DIR: hosted.dataDir, TRUST_PROXY: '1', PUBLIC_URL: publicUrl },
    })
    const link = /Nouveau lien animateur, depuis votre ordinateur : (\S+)/.exec(stdout)?.[1]
    expect(link?.startsWith(`${publicUrl}/connexion?droit=presenter&`), stdout).toBe(true)

    const laptop = await openDevice(browser, { ignoreHTTPSErrors: true })
    try {
      await laptop.page.goto(link!)
      expect(laptop.page.url()).toBe(`${publicUrl}/presenter/1`)
      expect(await laptop.page.locator('#app').textContent()).toBe('deck:presenter')
      const [cookie] = await laptop.context.cookies(publicUrl)
      expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' })

      // The flag follows the proxy's X-Forwarded-Proto: the same link straight to the server over http gets none.
      const plain = await fetchRaw(`${hosted.direct}${new URL(link!).pathname}${new URL(link!).search}`)
      expect(plain.status).toBe(303)
      expect(String(plain.headers['set-cookie'])).not.toMatch(/;\s*Secure/i)

      // The presenter view's socket, through nginx, with the browser's cookie; without it the handshake is refused.
      await expect(connectClient(publicUrl, { role: 'presenter' }, { ca: certificate })).rejects.toThrow('presenter_rights_required')
      const driver = await connectClient(publicUrl, { role: 'presenter' }, { cookie: `${cookie!.name}=${cookie!.value}`, ca: certificate })
      sockets.push(driver)
      expect(await request(driver, 'poll:open', { pollId })).toEqual({ ok: true })
      expect(await request(driver, 'poll:close', { pollId })).toEqual({ ok: true })
    }
    finally {
      await laptop.context.close()
    }
  })

  it('serves a phone in Chromium over https, on the WebSocket transport, and records its vote', async () => {
    const phone = await openDevice(browser, { ...phoneDevice, ignoreHTTPSErrors: true })
    try {
      const errors = consoleErrors(phone.page)
      const webSockets: BrowserWebSocket[] = []
      const sent = new Map<BrowserWebSocket, string[]>()
      phone.page.on('websocket', (socket) => {
        webSockets.push(socket)
        sent.set(socket, [])
        socket.on('framesent', frame => sent.get(socket)!.push(String(frame.payload)))
      })
      const polling: string[] = []
      phone.page.on('request', served => served.url().includes('transport=polling') && polling.push(served.url()))

      await showPoll()
      await phone.page.goto(`${publicUrl}/vote`)
      await phone.page.getByLabel('Plutôt d’accord').check()
      await phone.page.getByText('Réponse enregistrée').waitFor()

      // The vote went out on a WebSocket through nginx, which is still open: socket.io never fell back to polling.
      const carried = webSockets.filter(socket => sent.get(socket)!.some(frame => frame.includes('"vote"')))
      expect(carried.map(socket => new URL(socket.url()).origin)).toEqual([publicUrl.replace('https:', 'wss:')])
      expect(carried[0]!.isClosed()).toBe(false)
      expect(polling).toEqual([])
      expect(errors).toEqual([])
    }
    finally {
      await phone.context.close()
    }
  })

  it('keeps a WebSocket-only client voting through the proxy', async () => {
    await showPoll()
    const { socket } = await connectPhone(publicUrl, randomVoterId(), { ca: certificate, websocketOnly: true })
    sockets.push(socket)
    expect(socket.io.engine.transport.name).toBe('websocket')
    expect(await request(socket, 'vote', { pollId, answer: { kind: 'scale', point: 4 } })).toEqual({ ok: true })
  })

  it('refuses request bodies far larger than any the server takes, at the proxy', async () => {
    const response = await fetchRaw(`${publicUrl}/socket.io/?EIO=4&transport=polling`, { method: 'POST', body: 'x'.repeat(256 * 1024), ca: certificate })
    expect(response.status).toBe(413)
  })

  it('counts voters per address on the address nginx saw, which a forged X-Forwarded-For does not change', async () => {
    const through = (localAddress: string, headers?: Record<string, string>): Promise<string> => admitted(publicUrl, { ca: certificate, localAddress, headers })
    // Two devices: each has its own budget, although the server's TCP peer is nginx for both.
    for (const device of ['127.0.0.2', '127.0.0.3']) {
      for (let voter = 0; voter < votersPerAddress; voter++)
        expect(await through(device)).toBe('ok')
    }
    expect(await through('127.0.0.2')).toBe('too_many_voters')
    expect(await through('127.0.0.3')).toBe('too_many_voters')

    // A script that claims another address on each connection: nginx overwrites the header with the one it saw.
    const forged = await Promise.all(['127.0.0.50', '127.0.0.51', '127.0.0.52', '127.0.0.53'].map(claimed => through('127.0.0.4', { 'X-Forwarded-For': claimed })))
    expect(forged.filter(answer => answer === 'ok')).toHaveLength(votersPerAddress)
    expect(forged.filter(answer => answer === 'too_many_voters')).toHaveLength(4 - votersPerAddress)
  })

  it('rate-limits connections per address nginx saw: one device reconnecting in a loop slows no other', async () => {
    // Refused for its voter ids or for its rate: either way, past 50 at once (ten a second, five seconds' worth), the
    // handshakes of this one device are turned away before the server builds anything for them.
    const flood = await Promise.all(Array.from({ length: 80 }, () => admitted(publicUrl, { ca: certificate, localAddress: '127.0.0.7' })))
    expect(flood.filter(answer => answer === 'too_many_connections').length).toBeGreaterThanOrEqual(20)
    expect(flood.filter(answer => answer === 'ok')).toHaveLength(votersPerAddress)
    expect(await admitted(publicUrl, { ca: certificate, localAddress: '127.0.0.8' })).toBe('ok')
  })
})

describe('a forged X-Forwarded-For straight to the server', () => {
  it('is ignored unless the server was told to trust a proxy, which is why it then listens on loopback only', async () => {
    const claims = ['127.0.0.60', '127.0.0.61', '127.0.0.62']
    const attempt = (url: string): Promise<string[]> => Promise.all(claims.map(claimed => admitted(url, { localAddress: '127.0.0.5', headers: { 'X-Forwarded-For': claimed } })))
    const untrusting = await startTestServer({ maxVotersPerAddress: votersPerAddress })
    const trusting = await startTestServer({ maxVotersPerAddress: votersPerAddress, trustProxy: true })
    try {
      expect((await attempt(untrusting.url)).filter(answer => answer === 'ok')).toHaveLength(votersPerAddress)
      // Trusted, the header is believed: whoever reaches the port directly escapes the limit.
      expect((await attempt(trusting.url)).filter(answer => answer === 'ok')).toHaveLength(claims.length)
    }
    finally {
      sockets.splice(0).forEach(socket => socket.close())
      await untrusting.close()
      await trusting.close()
    }
  })
})

describe('the start banner, behind a proxy', () => {
  const links = { presenter: 'https://vote.example.org/connexion?droit=presenter', presenterLan: 'https://vote.example.org/connexion?droit=presenter', screen: 'https://vote.example.org/connexion?droit=screen' }
  const banner = (host: string, joinUrl: string): string => startBanner({ localUrl: 'http://localhost:3030', joinUrl, links, host, trustProxy: true })

  it('warns when clients could reach the server without the proxy, or phones are given no https address', () => {
    expect(banner('127.0.0.1', 'https://vote.example.org/vote')).not.toContain('Attention')
    expect(banner('0.0.0.0', 'https://vote.example.org/vote')).toContain('Attention : TRUST_PROXY=1 alors que le serveur écoute sur 0.0.0.0.')
    expect(banner('127.0.0.1', 'http://127.0.0.1:3030/vote')).toContain('Attention : TRUST_PROXY=1 sans adresse publique en https')
  })
})

describe('the start banner, on the presenter\'s laptop', () => {
  const links = { presenter: 'http://localhost:3030/connexion?droit=presenter', presenterLan: 'http://192.0.2.7:3030/connexion?droit=presenter', screen: 'http://192.0.2.7:3030/connexion?droit=screen' }
  const banner = (host: string, joinUrl: string): string => startBanner({ localUrl: 'http://localhost:3030', joinUrl, links, host, trustProxy: false })

  it('warns when the phones are given an address of this computer only', () => {
    expect(banner('0.0.0.0', 'http://192.0.2.7:3030/vote')).not.toContain('Attention')
    expect(banner('127.0.0.1', 'http://127.0.0.1:3030/vote')).toContain('Attention : le serveur n’écoute que sur cet ordinateur (HOST=127.0.0.1) ; les téléphones de la salle ne pourront pas le joindre.')
    expect(banner('::1', 'http://[::1]:3030/vote')).toContain('Attention : le serveur n’écoute que sur cet ordinateur (HOST=::1)')
  })
})
