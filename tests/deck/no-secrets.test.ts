import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { buildTimeSecret } from '../support/global-setup'
import { startTestServer } from '../support/poll-server'

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter(entry => entry.isFile()).map(entry => join(entry.parentPath, entry.name))
}

describe('secrets', () => {
  it('never ship in the built deck or the phone page', async () => {
    const server = await startTestServer({ deckDir: inject('builtDeckDir'), presenterToken: 'jeton-du-serveur-en-marche-42' })
    try {
      const shipped = [await (await fetch(`${server.url}/vote`)).text()]
      for (const file of await filesUnder(inject('builtDeckDir')))
        shipped.push(await readFile(file, 'latin1'))
      expect(shipped.length).toBeGreaterThan(20)
      for (const secret of [buildTimeSecret, server.app.presenterToken])
        expect(shipped.filter(content => content.includes(secret))).toEqual([])
    }
    finally {
      await server.close()
    }
  })
})
