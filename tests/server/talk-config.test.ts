import type { DeckSnapshot } from '../../core/protocol'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TalkConfigError } from '../../core/talk-config'
import { projectRoot } from '../../server/project-root'
import { loadTalkConfig } from '../../server/talk-config'
import { connectClient, nextEvent, stubDecks, temporaryDir } from '../support/poll-server'
import { serverUrl, spawnServer } from '../support/server-process'

async function talkFile(text: string): Promise<string> {
  const path = join(await temporaryDir('talk-config-'), 'talk.yml')
  await writeFile(path, text)
  return path
}

describe('talk.yml, read from disk', () => {
  it('works empty: the committed file is the commented example, every value left out', () => {
    const config = loadTalkConfig(join(projectRoot, 'talk.yml'))
    expect(config.company).toBeNull()
    expect(config.audience).toBeNull()
    expect(config).toMatchObject({ threshold: 5, liveResults: false })
    expect(config.figures).toEqual({})
    expect(Object.values(config.decision).every(value => value === null)).toBe(true)
  })

  it('reads the filled example the deck tests use', () => {
    const config = loadTalkConfig(join(projectRoot, 'tests/fixtures/talk-filled.yml'))
    expect(config).toMatchObject({ company: 'Dupont Industries', date: '12 mars 2026', audience: 14, threshold: 6, liveResults: false })
    expect(config.figures[1]).toEqual({ value: '7', label: 'recrutements venus de LinkedIn en 2025', source: 'DRH, bilan 2025' })
  })

  it('names the line of a YAML mistake', async () => {
    const path = await talkFile('company: Dupont\ndecision:\n  owner: a\n   x: b: c\n')
    expect(() => loadTalkConfig(path)).toThrow(TalkConfigError)
    expect(() => loadTalkConfig(path)).toThrow(/talk\.yml : le fichier n’est pas du YAML valide, ligne 3/)
  })

  it('stops `npm start` before anything else, with the sentence naming the key', async () => {
    const server = spawnServer({ DATA_DIR: await temporaryDir('talk-start-'), DECK_DIR: await stubDecks(), TALK_CONFIG: await talkFile('audience: trente\n') })
    expect(await server.exited).toBe(1)
    expect(server.output()).toContain('talk.yml : la clé «\u00A0audience\u00A0» doit être un nombre entier positif')
    expect(server.output()).not.toMatch(/\bat \w+ \(/)
  })

  it('gives `npm start` the audience expected and the small-room threshold, which the presenter sees', async () => {
    const token = 'jeton-de-test-assez-long-456'
    const server = spawnServer({ DATA_DIR: await temporaryDir('talk-audience-'), DECK_DIR: await stubDecks(), PRESENTER_TOKEN: token, TALK_CONFIG: join(projectRoot, 'tests/fixtures/talk-filled.yml') })
    try {
      let snapshot!: Promise<DeckSnapshot>
      const presenter = await connectClient(await serverUrl(server), { role: 'presenter' }, {
        headers: { authorization: `Bearer ${token}` },
        before: (client) => {
          snapshot = nextEvent(client, 'deck:snapshot')
        },
      })
      expect((await snapshot).bounds.expectedAudience).toBe(14)
      expect((await snapshot).threshold).toBe(6)
      presenter.close()
    }
    finally {
      server.child.kill('SIGTERM')
      expect(await server.exited).toBe(0)
    }
  })

  it('refuses a TALK_CONFIG that names no file, rather than show an empty deck', async () => {
    const server = spawnServer({ DATA_DIR: await temporaryDir('talk-missing-'), DECK_DIR: await stubDecks(), TALK_CONFIG: '/nonexistent/talk.yml' })
    expect(await server.exited).toBe(1)
    expect(server.output()).toContain('TALK_CONFIG désigne un fichier introuvable : /nonexistent/talk.yml')
  })
})
