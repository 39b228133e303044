import type { Command } from '../../core/session/rules'
import type { DeckSlide } from '../../server/deck-source'
import type { PollReport, ResultsReport } from '../../server/results-export'
import type { TestServer } from '../support/poll-server'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildPollCatalog } from '../../core/poll-catalog'
import { defaultSlidesPath, loadDeckSlides } from '../../server/deck-source'
import { resultsReport } from '../../server/results-export'
import { readSessionState } from '../../server/session-read'
import { loadTalkConfig, privacyOf } from '../../server/talk-config'
import { run } from '../support/commands'
import { comparableText, markdownHeading, markdownLineText } from '../support/markdown'
import { inkShare, pdfPageCount, pdfPageRasters, pdfPagesText } from '../support/pdf'
import { startTestServer, temporaryDir } from '../support/poll-server'

const voter = (index: number): string => `voter-${String(index).padStart(12, '0')}`
const scale = (point: number) => ({ kind: 'scale' as const, point })

/**
 * Objection 1 with 18 voters who move in known ways: 5 toward agreement, 6 toward disagreement, 7 unchanged. Objection
 * 2 with 3 voters (under the default threshold), objection 3 never held, the quiz, objection 5 left open, the closing
 * polls, and questions: one hostile, one hidden, one answered.
 */
function scriptedSession(): Command[] {
  const before = [...Array.from({ length: 5 }, () => 1), ...Array.from({ length: 6 }, () => 4), ...Array.from({ length: 7 }, () => 3)]
  const after = [...Array.from({ length: 5 }, () => 3), ...Array.from({ length: 6 }, () => 2), ...Array.from({ length: 7 }, () => 3)]
  const poll = (pollId: string, answers: Command[]): Command[] => [{ type: 'open', pollId }, ...answers, { type: 'close', pollId }]
  const votes = (pollId: string, points: number[]): Command[] =>
    points.map((point, index) => ({ type: 'vote', pollId, voterId: voter(index), answer: scale(point) }))
  return [
    ...poll('p1-avant', votes('p1-avant', before)),
    ...poll('p1-apres', votes('p1-apres', after)),
    ...poll('p2-avant', votes('p2-avant', [4, 4, 3])),
    ...poll('p2-apres', votes('p2-apres', [1, 4, 3])),
    ...poll('q-internautes', Array.from({ length: 16 }, (_, index) => ({ type: 'vote', pollId: 'q-internautes', voterId: voter(index), answer: { kind: 'quiz', choice: index < 9 ? 3 : index % 3 } }) as Command)),
    { type: 'reveal', pollId: 'q-internautes' },
    ...poll('p5-avant', votes('p5-avant', [4, 4, 3, 3, 2, 0])),
    { type: 'open', pollId: 'p5-apres' },
    ...votes('p5-apres', [2, 1, 1, 3, 2, 0]),
    ...poll('fin-mot', ['confiance', 'confiance', 'Confiance', 'confiance', 'visibilité', 'visibilité', 'visibilité', 'recrutement', 'recrutement']
      .map((word, index) => ({ type: 'vote', pollId: 'fin-mot', voterId: voter(index), answer: { kind: 'words', words: [word] } }))),
    ...poll('fin-priorites', Array.from({ length: 6 }, (_, index) => ({ type: 'vote', pollId: 'fin-priorites', voterId: voter(index), answer: { kind: 'ranking', order: index < 4 ? [1, 0, 2, 3, 4] : [0, 1, 2, 3, 4] } }) as Command)),
    { type: 'ask', questionId: 'question-budget', voterId: voter(1), text: 'Quel budget pour la première année ?' },
    { type: 'ask', questionId: 'question-hostile', voterId: voter(2), text: '<script>alert(1)</script> & « </section> »' },
    { type: 'ask', questionId: 'question-hidden', voterId: voter(3), text: 'Question déplacée à masquer' },
    ...[4, 5].map(index => ({ type: 'upvote', questionId: 'question-budget', voterId: voter(index), upvoted: true }) as Command),
    { type: 'moderate', questionId: 'question-budget', action: 'answer' },
    { type: 'moderate', questionId: 'question-hidden', action: 'hide' },
  ]
}

/** Records a session through the real server and its SQLite log, then stops the server as after a talk. */
async function recordSession(commands: Command[]): Promise<string> {
  const server: TestServer = await startTestServer({ slidesPath: defaultSlidesPath })
  try {
    for (const command of commands) {
      const reply = await server.app.engine.execute(command)
      expect(reply, JSON.stringify(command)).toMatchObject({ ok: true })
    }
  }
  finally {
    await server.close()
  }
  return server.dataDir
}

interface Exported {
  output: string
  handout: string
  pages: string[]
  report: ResultsReport
}

/** `npm run export -- --handout-only`, as the presenter runs it, with the handout's default name. */
async function exportHandout(dataDir: string, talkYml: string): Promise<Exported> {
  const dir = await temporaryDir('handout-')
  const talkPath = join(dir, 'talk.yml')
  await writeFile(talkPath, talkYml)
  const output = await run('tsx', ['scripts/export.ts', '--handout-only', '--output', join(dir, 'deck.pdf')], { DATA_DIR: dataDir, TALK_CONFIG: talkPath })
  const handout = join(dir, 'deck-compte-rendu.pdf')
  const catalog = buildPollCatalog(await loadDeckSlides())
  const state = await readSessionState(catalog, { dataDir, redisUrl: undefined }, 'latest')
  return { output, handout, pages: (await pdfPagesText(handout, { layout: false })).map(comparableText), report: resultsReport(catalog, state!, privacyOf(loadTalkConfig(talkPath))) }
}

/** Every page drawn: some ink in its text area. (Nothing wider than the page: the printer refuses it before printing.) */
async function expectNoBlankPage(pdfPath: string): Promise<void> {
  const rasters = await pdfPageRasters(pdfPath)
  expect(rasters.length).toBe(await pdfPageCount(pdfPath))
  for (const [index, page] of rasters.entries())
    expect(inkShare(page, { left: 0.1, top: 0.06, right: 0.9, bottom: 0.9 }), `page ${index + 1} is blank`).toBeGreaterThan(0.003)
}

const fullTalk = `company: "Dupont Industries"
date: "12 mars 2026"
audience: 14
figures:
  1:
    value: "7"
    label: "recrutements venus de LinkedIn en 2025"
    source: "DRH, bilan 2025"
`

describe('the compte rendu of a full session', () => {
  let exported: Exported
  let slides: DeckSlide[]
  let dataDir: string
  const pageStarting = (text: string): string => exported.pages.find(page => page.startsWith(comparableText(text))) ?? ''
  const poll = (id: string): PollReport => exported.report.polls.find(candidate => candidate.id === id)!

  beforeAll(async () => {
    slides = await loadDeckSlides()
    dataDir = await recordSession(scriptedSession())
    exported = await exportHandout(dataDir, fullTalk)
  }, 120_000)

  it('is written beside the deck\'s PDF, named after it, in a few pages', async () => {
    expect(exported.output.trim().split('\n')).toEqual([`Compte rendu enregistré : ${exported.handout}`])
    expect(await pdfPageCount(exported.handout)).toBeLessThanOrEqual(14)
  })

  it('opens on a cover with the session, the date, the company, the audience and the voters, from talk.yml', () => {
    const cover = exported.pages[0]!
    for (const text of ['Compte rendu', 'Web 2.0 et réseaux sociaux', `n° ${exported.report.session.id} · ${exported.report.session.name}`, '12 mars 2026', 'Dupont Industries', '14 personnes', '18 votants au vote le plus suivi'])
      expect(cover).toContain(comparableText(text))
  })

  it('gives each objection one page: its statement, its facts cards with their sources and « À savoir » caveat', () => {
    const fears = slides.filter(slide => slide.frontmatter.layout === 'fear')
    const facts = slides.filter(slide => slide.frontmatter.layout === 'facts')
    expect(fears).toHaveLength(5)
    for (const [index, fear] of fears.entries()) {
      const page = exported.pages[index + 1]!
      expect(page, fear.location).toContain(comparableText(`Objection n° ${index + 1}`))
      expect(page, fear.location).toContain(comparableText(markdownHeading(fear.content)!))
      expect(page, facts[index]!.location).toContain(comparableText(`À savoir : ${String(facts[index]!.frontmatter.caveat)}`))
      // A card's figure, text and source, each whole: side by side, cards interleave in the PDF's reading order.
      const cards = facts[index]!.content.split('\n').filter(line => line.startsWith('- '))
      expect(cards.length).toBeGreaterThan(1)
      for (const [figure, text, source] of cards.map(card => /^- \*\*(.+)\*\* (.+) _(.+)_$/.exec(card)!.slice(1))) {
        // pdftotext hears no space between the big figure's glyphs (« +5à9% »), though the page shows them.
        expect(page.replace(/\s/g, ''), facts[index]!.location).toContain(comparableText(figure!).replace(/\s/g, ''))
        expect(page, facts[index]!.location).toContain(comparableText(text!))
        expect(page, facts[index]!.location).toContain(comparableText(source!))
      }
    }
    expect(exported.pages[1]).toContain(comparableText('Et chez nous ? 7 recrutements venus de LinkedIn en 2025 DRH, bilan 2025'))
  })

  it('prints the share agreeing and the mean before and after the facts, and the voters\' moves when the report has them', () => {
    const page = exported.pages[1]!
    // 13 of 18 agree before (72 %), 12 after (67 %); means 68/18 and 66/18.
    expect(page).toMatch(/d’accord \(plutôt ou tout à fait\) 72 % 67 %/)
    expect(page).toMatch(/moyenne 3,8 sur 5 3,7 sur 5/)
    expect(page).toContain(comparableText('D’accord : −5 points entre les deux votes.'))
    expect(poll('p1-apres').movement).toMatchObject({ both: 18, towardAgreement: 5, towardDisagreement: 6, unchanged: 7 })
    expect(page).toContain(comparableText('18 votants ont répondu aux deux votes.'))
    expect(page).toContain(comparableText('Vers l’accord avec l’énoncé : 5 · vers le désaccord : 6 · réponse inchangée : 7.'))
  })

  it('withholds a small vote\'s figures when the report does, and says in one line on its page that a vote was not held', () => {
    const second = exported.pages[2]!
    // Three voters, under the default threshold of 5: no share is printed, only the count.
    expect(poll('p2-avant').withheld).toBe(true)
    expect(second).toContain(comparableText('Résultats masqués : moins de 5 votants'))
    expect(second).not.toMatch(/100 %/)
    expect(second).toContain(comparableText('3 votants'))
    expect(exported.pages[3]).toContain(comparableText('Votes non tenus lors de cette séance.'))
    expect(exported.pages.filter(page => page.includes('non tenu'))).toHaveLength(1)
    expect(exported.pages[5]).toContain(comparableText('Un vote était encore ouvert lors de l’export'))
  })

  it('gives the quiz\'s right answer and the share of voters who found it', () => {
    expect(exported.pages[4]).toContain(comparableText('Bonne réponse 79 % Trouvée par 56 % des votants (9 sur 16)'))
  })

  it('prints the word cloud\'s words with their counts and the closing ranking in order', () => {
    const page = pageStarting('Le mot de la salle')
    expect(page).toMatch(/confiance 4 .*visibilité 3 .*recrutement 2/)
    expect(page).toMatch(/fixer l’objectif rang moyen 1,3 .*écouter rang moyen 1,7/)
  })

  it('prints the decision as proposed, labelled so, since none was recorded, with the ranking\'s leader as first step', () => {
    const page = pageStarting('Décision')
    expect(exported.report.decision).toBeNull()
    expect(page).toContain(comparableText('Décision proposée, non enregistrée'))
    expect(page).toContain(comparableText('Premier pas Proposer un objectif et ses moyens'))
  })

  it('prints the room\'s questions as text, with their status and votes, and counts the hidden one without printing it', () => {
    const page = pageStarting('Décision')
    expect(page).toContain(comparableText('Quel budget pour la première année ? répondue · 2 soutiens'))
    expect(page).toContain(comparableText('<script>alert(1)</script> & « </section> » affichée · 0 soutien'))
    expect(exported.pages.join(' ')).not.toContain('déplacée à masquer')
    expect(page).toContain(comparableText('1 question masquée par l’animateur'))
  })

  it('says what is stored and what is not, the threshold used, and how to delete the session', () => {
    const page = pageStarting('Données et anonymat')
    for (const text of ['identifiant aléatoire', 'aucune adresse IP', 'ni nom, ni compte', `npm run delete-session -- --session ${exported.report.session.id}`])
      expect(page).toContain(comparableText(text))
    expect(page).toContain(comparableText('En dessous de 5 votants'))
  })

  it('lists every source of the annex, with its links and dataset codes', () => {
    // Long addresses break across lines; pdftotext drops the hyphen a line ends with, so spaces and hyphens are left out.
    const squeezed = (text: string): string => comparableText(text).replace(/[\s-]/g, '')
    const sources = squeezed(exported.pages.slice(exported.pages.findIndex(page => page.startsWith('sources'))).join(' '))
    const items = slides.filter(slide => slide.frontmatter.layout === 'sources').flatMap(slide => slide.content.split('\n').filter(line => line.startsWith('- ')))
    expect(items.length).toBeGreaterThan(10)
    const link = /\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)|<(https?:\/\/[^>\s]+)>|(https?:\/\/[^\s<)]*[^\s<).,;:])/g
    for (const item of items) {
      // The text around the links, each piece whole (dataset codes, doi, names), then each link's label and address.
      for (const piece of item.split(link).filter((part, index) => index % 5 === 0 && markdownLineText(part) !== ''))
        expect(sources, item).toContain(squeezed(markdownLineText(piece)))
      for (const [, label, ...urls] of item.matchAll(link)) {
        const address = urls.find(Boolean)!.replace(/^https?:\/\//, '')
        expect(sources, item).toContain(squeezed(label ? `${label} (${address})` : address))
      }
    }
  })

  it('draws something on every page', async () => {
    await expectNoBlankPage(exported.handout)
  })

  it('names the sessions recorded when asked for one that is not, and writes nothing', async () => {
    const dir = await temporaryDir('handout-unknown-')
    const handout = join(dir, 'compte-rendu.pdf')
    await expect(run('tsx', ['scripts/export.ts', '--handout-only', '--session', '99', '--handout', handout], { DATA_DIR: dataDir }))
      .rejects
      .toThrow(/Session « 99 » inconnue\. Sessions enregistrées : 1 \(Présentation du /)
    expect(existsSync(handout)).toBe(false)
  })
})

describe('the compte rendu of a session where nothing was voted', () => {
  let exported: Exported

  beforeAll(async () => {
    exported = await exportHandout(await recordSession([]), '')
  }, 120_000)

  it('has the cover, one page per objection, the decision, the data page and the sources: no page for a vote not held', async () => {
    const firstLines = exported.pages.map(page => page.split(' ').slice(0, 3).join(' '))
    expect(firstLines.slice(0, 8)).toEqual([
      'compte rendu comité',
      ...[1, 2, 3, 4, 5].map(number => `objection n° ${number}`),
      'décision proposée, non',
      'données et anonymat',
    ])
    // The annex may take a second page as its sources grow.
    expect(firstLines[8]).toMatch(/^sources /)
    expect(exported.pages.length).toBeLessThanOrEqual(10)
    expect(await pdfPageCount(exported.handout)).toBe(exported.pages.length)
    // One line per objection, and the closing polls named once on the cover.
    expect(exported.pages.slice(1, 6).every(page => /votes? non tenus? lors de cette séance|quiz non tenu/.test(page))).toBe(true)
    expect(exported.pages[0]).toContain(comparableText('Non tenus lors de cette séance : « En un mot'))
    expect(exported.pages[6]).toContain(comparableText('Aucune question n’a été posée depuis les téléphones.'))
  })

  it('prints no line for what talk.yml leaves empty, and no placeholder', () => {
    const cover = exported.pages[0]!
    expect(cover).not.toMatch(/public attendu|undefined|null|nan\b/)
    // Straight from the date to the voters: no company line in between.
    expect(cover).toMatch(/date \d+ \S+ \d{4} votants aucun vote/)
    expect(exported.pages.join(' ')).not.toContain('et chez nous')
  })

  it('draws something on every page', async () => {
    await expectNoBlankPage(exported.handout)
  })
})
