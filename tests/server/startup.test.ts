import type { AddressInfo } from 'node:net'
import { writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PollCatalogError } from '../../core/poll-definitions'
import { startTestServer, temporaryDir } from '../support/poll-server'
import { serverUrl, spawnServer } from '../support/server-process'

describe('starting the server', () => {
  it('prints the phone address, its QR code and the presenter link', async () => {
    const token = 'jeton-de-test-assez-long-123'
    const server = spawnServer({ DATA_DIR: await temporaryDir('polls-start-'), DECK_DIR: await temporaryDir('no-deck-'), PRESENTER_TOKEN: token })
    try {
      const url = await serverUrl(server)
      const output = server.output()
      expect(output).toMatch(/Téléphones du public : http:\/\/[\d.]+:\d+\/vote/)
      expect(output).toMatch(/[▀▄█]{20}/)
      expect(output).toContain(`${url.replace('127.0.0.1', 'localhost')}/presenter/1#token=${token}`)
      expect((await fetch(`${url}/healthz`)).status).toBe(200)
    }
    finally {
      server.child.kill('SIGTERM')
      expect(await server.exited).toBe(0)
    }
  })

  it('says so clearly when the port is taken', async () => {
    const blocker = createServer()
    await new Promise<void>(resolve => blocker.listen(0, '127.0.0.1', resolve))
    const { port } = blocker.address() as AddressInfo
    try {
      const server = spawnServer({ DATA_DIR: await temporaryDir('polls-port-'), DECK_DIR: await temporaryDir('no-deck-'), PORT: String(port) })
      expect(await server.exited).toBe(1)
      expect(server.output()).toContain(`Le port ${port} est déjà utilisé`)
      expect(server.output()).not.toMatch(/\bat \w+ \(/)
    }
    finally {
      blocker.close()
    }
  })

  it('refuses a presenter token too short to be a secret', async () => {
    const server = spawnServer({ DATA_DIR: await temporaryDir('polls-token-'), DECK_DIR: await temporaryDir('no-deck-'), PRESENTER_TOKEN: 'court' })
    expect(await server.exited).toBe(1)
    expect(server.output()).toContain('PRESENTER_TOKEN doit compter au moins 16 caractères')
  })

  it('stops on a bad poll definition, naming the slide', async () => {
    const dir = await temporaryDir('bad-deck-')
    const slidesPath = join(dir, 'slides.md')
    await writeFile(slidesPath, '# Titre\n\n---\npoll:\n  id: choix\n  kind: single\n  question: Lequel ?\n  options: [Seul]\n---\n')
    await expect(startTestServer({ slidesPath })).rejects.toThrowError(PollCatalogError)
    await expect(startTestServer({ slidesPath })).rejects.toThrowError(/^Diapositive 2 \(slides\.md:3\) : sondage mal déclaré : options : il faut au moins 2 options$/)
  })
})
