import type { Buffer } from 'node:buffer'
import type { ChildProcess } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import process from 'node:process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { projectRoot } from '../../server/deck-build'
import { loadPollCatalog } from '../../server/deck-source'
import { launchChromium } from '../support/browser'
import { connectDeck, connectPhone, request, temporaryDir } from '../support/poll-server'

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise(resolve => probe.close(resolve))
  return port
}

describe('npm run dev', () => {
  const token = 'jeton-du-mode-developpement-42'
  let slidev: ChildProcess
  let output = ''
  let url: string

  beforeAll(async () => {
    const port = await freePort()
    url = `http://127.0.0.1:${port}`
    // The dev script's own command, bound to loopback for the test.
    slidev = spawn(process.execPath, ['node_modules/@slidev/cli/bin/slidev.mjs', '--remote', '--bind', '127.0.0.1', '--port', String(port)], {
      cwd: projectRoot,
      env: { ...process.env, DATA_DIR: await temporaryDir('dev-data-'), PRESENTER_TOKEN: token },
      // Slidev's CLI reads keyboard shortcuts from stdin and quits when it closes: keep it open.
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    slidev.stdout!.on('data', (chunk: Buffer) => output += chunk)
    slidev.stderr!.on('data', (chunk: Buffer) => output += chunk)
    const deadline = Date.now() + 60_000
    while (!output.includes('Votes en direct')) {
      if (Date.now() > deadline || slidev.exitCode !== null)
        throw new Error(`slidev did not start:\n${output}`)
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  })

  afterAll(() => {
    slidev?.kill('SIGTERM')
  })

  it('prints where phones join and the presenter link', () => {
    expect(output).toMatch(/Votes en direct : téléphones sur http:\/\/\S+\/vote/)
    expect(output).toContain(`/presenter/1#token=${token}`)
  })

  it('serves the phone page and the vote server on Slidev\'s own port', async () => {
    const catalog = await loadPollCatalog()
    const pollId = Object.keys(catalog.polls)[0]!
    expect((await fetch(`${url}/vote`)).status).toBe(200)
    expect((await fetch(`${url}/healthz`)).status).toBe(200)

    const presenter = await connectDeck(url, { role: 'presenter', token })
    const phone = await connectPhone(url)
    try {
      expect(Object.keys(phone.snapshot.definitions)).toEqual(Object.keys(catalog.polls))
      expect(await request(presenter.socket, 'poll:open', { pollId })).toEqual({ ok: true })
      expect(await request(phone.socket, 'vote', { pollId, answer: 0 })).toEqual({ ok: true })
    }
    finally {
      presenter.socket.close()
      phone.socket.close()
    }
  })

  it('keeps Vite\'s hot reload working next to socket.io', async () => {
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      const hmrConnected = page.waitForEvent('console', { predicate: message => message.text().includes('[vite] connected'), timeout: 60_000 })
      await page.goto(`${url}/1`)
      await hmrConnected
    }
    finally {
      await browser.close()
    }
  })
})
