import type { AddressInfo } from 'node:net'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PollCatalogError } from '../../core/poll-catalog'
import { dataDirHolder } from '../../server/data-dir-lock'
import { connectClient, loginCookie, startTestServer, stubDecks, temporaryDir } from '../support/poll-server'
import { freePort, gone, isRunning, serverUrl, spawnNpmStart, spawnServer } from '../support/server-process'

describe('starting the server', () => {
  it('prints the phone address, its QR code and expiring links, never the token itself', async () => {
    const token = 'jeton-de-test-assez-long-123'
    const server = spawnServer({ DATA_DIR: await temporaryDir('polls-start-'), DECK_DIR: await stubDecks(), PRESENTER_TOKEN: token })
    try {
      const url = await serverUrl(server)
      const output = server.output()
      expect(output).toMatch(/Téléphones du public : http:\/\/[\d.]+:\d+\/vote/)
      expect(output).toMatch(/[▀▄█]{20}/)
      const presenterLink = /Animateur, sur cet ordinateur \(gardez ce lien pour vous\) : (http:\/\/localhost:\d+\/connexion\?\S+)/.exec(output)?.[1]
      expect(presenterLink).toBeDefined()
      expect(output).toMatch(/Projection, sur cet ordinateur ou un autre appareil : http:\/\/[\d.]+:\d+\/connexion\?droit=screen/)
      expect(output).not.toContain(token)
      const cookie = await loginCookie(url, new URL(presenterLink!).pathname + new URL(presenterLink!).search)
      expect((await fetch(`${url}/1`, { headers: { cookie } })).status).toBe(200)
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
      const server = spawnServer({ DATA_DIR: await temporaryDir('polls-port-'), DECK_DIR: await stubDecks(), PORT: String(port) })
      expect(await server.exited).toBe(1)
      expect(server.output()).toContain(`Le port ${port} est déjà pris par un autre programme`)
      expect(server.output()).toContain('DATA_DIR=')
      expect(server.output()).not.toMatch(/\bat \w+ \(/)
    }
    finally {
      blocker.close()
    }
  })

  it('runs one server per data directory: a second one refuses, naming the first', async () => {
    const env = { DATA_DIR: await temporaryDir('polls-twice-'), DECK_DIR: await stubDecks() }
    const first = spawnServer(env)
    try {
      const url = await serverUrl(first)
      const second = spawnServer({ ...env, PORT: String(await freePort()) })
      expect(await second.exited).toBe(1)
      expect(second.output()).toContain(`Un autre serveur de vote utilise déjà le dossier de données ${env.DATA_DIR} (processus ${first.child.pid}, ${url.replace('127.0.0.1', 'localhost')})`)
      expect(second.output()).not.toMatch(/\bat \w+ \(/)
    }
    finally {
      first.child.kill('SIGTERM')
      await first.exited
    }
    // Once the first has stopped, the directory is free again; so it is after a crash.
    const third = spawnServer(env)
    await serverUrl(third)
    third.child.kill('SIGKILL')
    await third.exited
    const fourth = spawnServer(env)
    await serverUrl(fourth)
    fourth.child.kill('SIGTERM')
    expect(await fourth.exited).toBe(0)
    // Four servers started one after the other: on a loaded machine each may take several seconds.
  }, 60_000)

  it('stops for good when npm is stopped or killed, and starts again at once on the same port and data', async () => {
    const env = { DATA_DIR: await temporaryDir('polls-stop-'), DECK_DIR: await stubDecks(), PORT: String(await freePort()) }
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGKILL'] as const) {
      const npm = spawnNpmStart(env)
      const url = await serverUrl(npm)
      const server = dataDirHolder(env.DATA_DIR)!.pid
      expect(server).not.toBe(npm.child.pid)
      expect(await isRunning(server)).toBe(true)
      npm.child.kill(signal)
      // npm waits for its child: without a timeout, a server that ignored the signal would only show as a hung test.
      await Promise.race([npm.exited, new Promise(resolve => setTimeout(resolve, 5000))])
      expect(await gone(server, 5000), `the server outlived npm's ${signal}`).toBe(true)
      // Released on the way out, not merely left to be taken over.
      expect(existsSync(join(env.DATA_DIR, 'server.lock'))).toBe(false)
      await expect(fetch(`${url}/healthz`)).rejects.toThrow()
    }
    const last = spawnServer(env)
    await serverUrl(last)
    last.child.kill('SIGINT')
    expect(await last.exited).toBe(0)
    expect(last.output()).toContain('Serveur arrêté : tous les votes reçus sont enregistrés.')
  }, 90_000)

  it('refuses a presenter token too short to be a secret, from the environment or from its file', async () => {
    const server = spawnServer({ DATA_DIR: await temporaryDir('polls-token-'), DECK_DIR: await stubDecks(), PRESENTER_TOKEN: 'court' })
    expect(await server.exited).toBe(1)
    expect(server.output()).toContain('PRESENTER_TOKEN doit compter au moins 16 caractères')

    const dataDir = await temporaryDir('polls-empty-token-')
    await writeFile(join(dataDir, 'presenter-token'), '\n')
    await expect(startTestServer({ dataDir })).rejects.toThrowError(/Le jeton de .*presenter-token doit compter au moins 16 caractères/)
  })

  it('stops on a bad poll definition, naming the slide', async () => {
    const dir = await temporaryDir('bad-deck-')
    const slidesPath = join(dir, 'slides.md')
    await writeFile(slidesPath, '# Titre\n\n---\npoll:\n  id: choix\n  kind: single\n  question: Lequel ?\n  options: [Seul]\n---\n')
    await expect(startTestServer({ slidesPath })).rejects.toThrowError(PollCatalogError)
    await expect(startTestServer({ slidesPath })).rejects.toThrowError(/^Diapositive 2 \(slides\.md:3\) : sondage mal déclaré : options : il faut au moins 2 options$/)
  })

  it('rotates the token of a running server with one command: the old rights stop at once', async () => {
    const dataDir = await temporaryDir('polls-rotate-')
    const server = spawnServer({ DATA_DIR: dataDir, DECK_DIR: await stubDecks() })
    try {
      const url = await serverUrl(server)
      const link = /Animateur, sur cet ordinateur \(gardez ce lien pour vous\) : http:\/\/localhost:\d+(\S+)/.exec(server.output())![1]!
      const cookie = await loginCookie(url, link)
      const presenter = await connectClient(url, { role: 'presenter' }, { cookie })
      const dropped = new Promise(resolve => presenter.once('disconnect', resolve))
      const { run } = await import('../support/commands')
      const printed = await run('node', ['--import', 'tsx', 'scripts/rotate-token.ts'], { DATA_DIR: dataDir })
      expect(printed).toContain('Nouveau lien animateur')
      // Links at the address the server listens on, loopback here, whatever the environment of the command says.
      expect(printed).toContain(`Nouveau lien de projection : ${url}/connexion?`)
      expect(printed).not.toContain('tablette')
      await dropped
      await expect(connectClient(url, { role: 'presenter' }, { cookie })).rejects.toThrow('presenter_rights_required')
      const newLink = /(\/connexion\?\S+)/.exec(printed)![1]!
      expect((await connectClient(url, { role: 'presenter' }, { cookie: await loginCookie(url, newLink) })).connected).toBe(true)
    }
    finally {
      server.child.kill('SIGTERM')
      await server.exited
    }
  })
})
