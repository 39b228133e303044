import type { DecisionReport, PollReport, ResultsReport } from '../../server/results-export'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildPollCatalog } from '../../core/poll-catalog'
import { defaultPrivacy } from '../../core/session/privacy'
import { emptySession } from '../../core/session/state'
import { parseTalkConfig } from '../../core/talk-config'
import { defaultSlidesPath, loadDeckSlides } from '../../server/deck-source'
import { handoutDeck } from '../../server/handout/deck-content'
import { handoutHtml, handoutPages } from '../../server/handout/document'
import { handoutStyles, printHandout } from '../../server/handout/printer'
import { resultsReport } from '../../server/results-export'
import { comparableText } from '../support/markdown'
import { inkShare, pdfPageCount, pdfPageRasters, pdfPagesText } from '../support/pdf'
import { temporaryDir } from '../support/poll-server'

const slides = await loadDeckSlides()
const catalog = buildPollCatalog(slides)
const hostile = '<img src=x onerror=alert(1)> </section><h1>Faux titre</h1> & « guillemets »'

function scaleAnswers(counts: number[], voters: number): PollReport['answers'] {
  return ['Pas du tout d’accord', 'Plutôt pas d’accord', 'Ni d’accord ni pas d’accord', 'Plutôt d’accord', 'Tout à fait d’accord']
    .map((label, index) => ({ label, count: counts[index]!, percent: Math.round((counts[index]! / voters) * 100) }))
}

const decision: DecisionReport = {
  firstStep: 'Écouter ce qui se dit de nous',
  owner: hostile,
  checkIn: 'Comité du 11 juin 2026',
  resources: '',
  deliverable: 'Une note d’une page',
  secondLine: '',
  recordedAt: '2026-12-05T10:42:00.000Z',
  vote: { for: 7, against: 1, abstain: 2, voters: 10, withheld: false },
}

/**
 * A report as the fields of this round make it, built by hand: objection 1 with every voter's move, objection 2
 * withheld for three voters, a recorded decision typed with markup, and more questions than the handout prints.
 */
function handBuiltReport(): ResultsReport {
  const base = resultsReport(catalog, emptySession({ id: 7, name: 'Comité de direction', startedAt: '2026-12-05T10:00:00.000Z' }), defaultPrivacy)
  const polls: PollReport[] = base.polls.map((poll): PollReport => {
    if (poll.id === 'p1-avant')
      return { ...poll, status: 'closed', voters: 18, answers: scaleAnswers([0, 5, 0, 7, 6], 18), mean: 68 / 18, withheld: false, movement: null }
    if (poll.id === 'p1-apres') {
      return { ...poll, status: 'closed', voters: 18, answers: scaleAnswers([0, 0, 6, 12, 0], 18), mean: 66 / 18, withheld: false, movement: { both: 17, towardAgreement: 5, towardDisagreement: 6, unchanged: null, meanPoints: -0.29, withheld: true } }
    }
    if (poll.id.startsWith('p2-'))
      return { ...poll, status: 'closed', voters: 3, answers: [], mean: null, withheld: true, movement: poll.repeats ? { both: 3, towardAgreement: null, towardDisagreement: null, unchanged: null, meanPoints: null, withheld: true } : null }
    return { ...poll, withheld: false, movement: null }
  })
  const questions = Array.from({ length: 45 }, (_, index) => ({ text: index === 0 ? hostile : `Question n° ${index + 1} de la salle ?`, status: 'approved' as const, upvotes: 45 - index }))
  return { ...base, polls, questions: [...questions, { text: 'Une question masquée', status: 'hidden', upvotes: 9 }], threshold: 5, decision }
}

function deckWithLink(): ReturnType<typeof handoutDeck> {
  const deck = handoutDeck(slides)
  deck.sources[0]!.items.push('**Jeu de test** : [tableau de l’INSEE](https://www.insee.fr/fr/statistiques/1234?a=1&b=2), code <https://example.org/serie_x>')
  return deck
}

const talk = parseTalkConfig({ company: 'Dupont <Industries>', figures: { 3: { value: '4,1 / 5', label: 'notre note Google' } } })

describe('the compte rendu as a document', () => {
  it('takes the closing polls from the deck, but not a vote on the decision slide, which prints with the decision', async () => {
    const source = readFileSync(defaultSlidesPath, 'utf8').replace('layout: decision\n', 'layout: decision\npoll:\n  id: decision-vote\n  kind: single\n  question: Adoptons-nous cette décision ?\n  options: [Pour, Contre, Abstention]\n')
    const withVote = await loadDeckSlides(defaultSlidesPath, source)
    expect(withVote.some(slide => slide.frontmatter.layout === 'decision' && slide.frontmatter.poll)).toBe(true)
    expect(handoutDeck(withVote).closingPollIds).toEqual(['fin-mot', 'fin-priorites'])
  })

  it('escapes what the room and the presenter typed: no element of theirs reaches the page', () => {
    const html = handoutHtml({ report: handBuiltReport(), deck: deckWithLink(), talk }, '')
    expect(html).not.toMatch(/<img|<h1>Faux titre|onerror=alert\(1\)>/)
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &lt;/section&gt;&lt;h1&gt;Faux titre&lt;/h1&gt; &amp; « guillemets »')
    expect(html).toContain('Dupont &lt;Industries&gt;')
    expect(html).toContain('<a href="https://www.insee.fr/fr/statistiques/1234?a=1&amp;b=2">tableau de l’INSEE (www.insee.fr/fr/statistiques/1234?a=1&amp;b=2)</a>')
    expect(html).toContain('<a href="https://example.org/serie_x">example.org/serie_x</a>')
    // The annex writes most addresses without their scheme: they are links too, shown as written.
    expect(html).toContain('Marketing Science, 2017, hôtels\u00A0; <a href="https://doi.org/10.1287/mksc.2017.1043">doi.org/10.1287/mksc.2017.1043</a>')
    expect(html).toContain('<a href="https://mediassociaux.fr">mediassociaux.fr</a></strong>, 21 mars 2011')
  })

  it('counts the voters\' moves without printing a category under the threshold, or any when all are', () => {
    const [, first = '', second = ''] = handoutPages({ report: handBuiltReport(), deck: deckWithLink(), talk })
    expect(first).toContain('17 votants ont répondu aux deux votes.')
    expect(first).toContain('Vers l’accord avec l’énoncé\u00A0: 5 · vers le désaccord\u00A0: 6 · réponse inchangée\u00A0: masqué (moins de 5).')
    expect(first).toContain('Écart moyen par votant\u00A0: \u22120,3\u00A0point sur l’échelle.')
    expect(second).toContain('3 votants ont répondu aux deux votes.')
    expect(second).toContain('Détail masqué\u00A0: moins de 5 votants par catégorie.')
    // The vote's part of the page has no share at all; the facts cards below keep theirs.
    expect(second.slice(second.indexOf('Le vote de la salle'), second.indexOf('Les faits'))).not.toMatch(/\d\u00A0%/)
    expect(second).toContain('Résultats masqués\u00A0: moins de 5 votants')
  })

  it('prints a decision vote under the threshold as withheld, and one never put to the room as such', () => {
    const pages = (vote: DecisionReport['vote']): string => handoutPages({ report: { ...handBuiltReport(), decision: { ...decision, vote } }, deck: deckWithLink(), talk }).join('')
    expect(pages({ for: 0, against: 0, abstain: 0, voters: 3, withheld: true })).toContain('Vote de la salle\u00A0: Résultats masqués\u00A0: moins de 5 votants (3 votants).')
    expect(pages(null)).toContain('La décision n’a pas été soumise au vote de la salle.')
  })

  describe('printed', () => {
    let pdfPath: string
    let text: string

    beforeAll(async () => {
      pdfPath = join(await temporaryDir('handout-document-'), 'compte-rendu.pdf')
      await printHandout(handoutHtml({ report: handBuiltReport(), deck: deckWithLink(), talk }, await handoutStyles()), pdfPath, 'Compte rendu · essai')
      text = comparableText((await pdfPagesText(pdfPath, { layout: false })).join(' '))
    }, 60_000)

    it('prints the withheld votes, the moves, the decision as taken with the room\'s vote, and the threshold', () => {
      for (const line of [
        'Résultats masqués : moins de 5 votants',
        'Vers l’accord avec l’énoncé : 5 · vers le désaccord : 6 · réponse inchangée : masqué (moins de 5).',
        'Décision enregistrée le 5 décembre 2026',
        'Premier pas Écouter ce qui se dit de nous Responsable <img src=x onerror=alert(1)> </section><h1>Faux titre</h1> & « guillemets »',
        'Livrable Une note d’une page Point d’étape Comité du 11 juin 2026',
        'Vote de la salle : 7 pour, 1 contre, 2 abstentions (10 votants).',
        'En dessous de 5 votants, la répartition d’un vote n’est ni projetée ni exportée',
        'Et chez nous ? 4,1 / 5 notre note Google',
        'tableau de l’INSEE (www.insee.fr/fr/statistiques/1234?a=1&b=2), code example.org/serie_x',
      ])
        expect(text).toContain(comparableText(line))
      expect(text).not.toMatch(/moyens .*deux jours par mois/)
    })

    it('prints the thirty most supported questions and says where the others are, within fourteen pages', async () => {
      expect(text).toContain(comparableText('30. Question n° 30 de la salle ? affichée · 16 soutiens'))
      expect(text).not.toContain(comparableText('Question n° 31 de la salle'))
      expect(text).toContain(comparableText('Les 15 autres questions, moins soutenues, figurent dans l’export CSV des résultats.'))
      expect(text).toContain(comparableText('1 question masquée par l’animateur'))
      expect(await pdfPageCount(pdfPath)).toBeLessThanOrEqual(14)
    })

    it('draws something on every page', async () => {
      for (const [index, page] of (await pdfPageRasters(pdfPath)).entries())
        expect(inkShare(page, { left: 0.1, top: 0.06, right: 0.9, bottom: 0.9 }), `page ${index + 1}`).toBeGreaterThan(0.003)
    })
  })

  it('is refused, and not written, when something is wider than the page', async () => {
    const output = join(await temporaryDir('handout-too-wide-'), 'compte-rendu.pdf')
    const html = handoutHtml({ report: handBuiltReport(), deck: deckWithLink(), talk }, `${await handoutStyles()} .cover h1 { width: 200mm }`)
    await expect(printHandout(html, output, 'Compte rendu · essai')).rejects.toThrow(/^Le compte rendu déborde de la page de \d+ pixels/)
    expect(existsSync(output)).toBe(false)
  })
})
