import type { TestServer } from '../support/poll-server'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { deckBuilds } from '../../server/deck-build'
import { defaultSlidesPath, loadDeckSlides, loadPollCatalog } from '../../server/deck-source'
import { buildTimeSecret } from '../support/global-setup'
import { connectPhone, request, startTestServer } from '../support/poll-server'

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter(entry => entry.isFile()).map(entry => join(entry.parentPath, entry.name))
}

/** A quiz's answer as a bundle or a message could carry it: the poll's `answer` field, quoted or not, JSON or YAML. */
function carriesAnswer(content: string, answer: string): boolean {
  const text = answer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s/g, '\\s')
  return new RegExp(`answer["']?\\s*:\\s*["'\`]?${text}`).test(content)
}

/** A stretch of a speaker note long enough to be unmistakable, as it would sit in a bundle (HTML-escaped, say). */
function noteExcerpts(note: string): string[] {
  return note.split(/[\n.!?]/).map(sentence => sentence.trim()).filter(sentence => sentence.length > 60 && !/[<>&"']/.test(sentence)).slice(0, 2)
}

describe('what an audience device can reach', () => {
  const builtDeckDir = inject('builtDeckDir')
  let server: TestServer
  let notes: string[]
  let quizAnswers: string[]

  beforeAll(async () => {
    server = await startTestServer({ deckDir: builtDeckDir, slidesPath: defaultSlidesPath })
    notes = (await loadDeckSlides()).flatMap(slide => noteExcerpts(slide.note))
    const catalog = await loadPollCatalog()
    quizAnswers = Object.values(catalog.polls).flatMap(poll => poll.kind === 'quiz' ? [poll.options[poll.answer]!] : [])
    expect(notes.length).toBeGreaterThan(20)
    expect(quizAnswers.length).toBeGreaterThan(0)
  })

  afterAll(async () => {
    await server?.close()
  })

  it('gets no speaker note and no quiz answer, by any route, bundle or socket message', async () => {
    // Everything a phone can ask for: its page, every file of both decks, the presenter view, the results, and what
    // the server tells it over its socket, even after it asks for a resync.
    const paths = ['/vote', '/', '/1', '/presenter/11', '/overview', '/index.html', '/healthz', '/api/sessions', '/api/sessions/latest/results.json', '/data/presenter-token', '/data/votes.sqlite']
    for (const build of Object.values(deckBuilds)) {
      for (const file of await filesUnder(join(builtDeckDir, build)))
        paths.push(`/${relative(join(builtDeckDir, build), file)}`)
    }
    const reached: string[] = []
    for (const path of paths) {
      const response = await fetch(`${server.url}${path}`, { redirect: 'follow' })
      reached.push(`${path} ${response.status} ${await response.text()}`)
    }
    const { socket, snapshot } = await connectPhone(server.url)
    const resync = new Promise(resolve => socket.once('phone:snapshot', resolve))
    expect(await request(socket, 'sync')).toEqual({ ok: true })
    reached.push(JSON.stringify(snapshot), JSON.stringify(await resync))
    socket.close()

    const everything = reached.join('\n')
    expect(notes.filter(excerpt => everything.includes(excerpt))).toEqual([])
    expect(quizAnswers.filter(answer => carriesAnswer(everything, answer))).toEqual([])
    expect(everything).not.toContain(server.app.access.token)
    // The files a phone was refused are there: the presenter's deck holds the notes, which shows this test can fail.
    const presenterFiles = await Promise.all((await filesUnder(join(builtDeckDir, deckBuilds.presenter))).map(file => readFile(file, 'utf8')))
    expect(notes.filter(excerpt => presenterFiles.some(content => content.includes(excerpt))).length).toBeGreaterThan(notes.length / 2)
    expect(carriesAnswer('poll:\n  answer: 79 %', '79 %')).toBe(true)
  })

  it('gives a projection screen the slides without notes or quiz answers, and no secret ships in any build', async () => {
    const screenFiles = await Promise.all((await filesUnder(join(builtDeckDir, deckBuilds.screen))).map(file => readFile(file, 'utf8')))
    const presenterFiles = await Promise.all((await filesUnder(join(builtDeckDir, deckBuilds.presenter))).map(file => readFile(file, 'utf8')))
    expect(notes.filter(excerpt => screenFiles.some(content => content.includes(excerpt)))).toEqual([])
    for (const content of [...screenFiles, ...presenterFiles]) {
      expect(quizAnswers.filter(answer => carriesAnswer(content, answer))).toEqual([])
      expect(content).not.toContain(buildTimeSecret)
      expect(content).not.toContain(server.app.access.token)
    }
  })
})
