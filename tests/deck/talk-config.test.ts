import type { Locator } from 'playwright-core'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureDeckBuilt } from '../../server/deck-build'
import { loadDeckSlides } from '../../server/deck-source'
import { projectRoot } from '../../server/project-root'
import { talkConfigVariable } from '../../server/talk-config'
import { decisionHeading, useDeckInChromium } from '../support/slides'
import { takeSlidevTurn } from '../support/slidev-turn'

const slides = await loadDeckSlides()
function factsSlide(objection: number): number {
  return slides.find(slide => slide.frontmatter.layout === 'facts' && slide.frontmatter.prejudice === objection)!.number
}
const decisionSlide = slides.find(slide => slide.content.includes(`# ${decisionHeading}`))!.number

/** The decision slide's rows as « label: text ». */
function decisionRows(slide: Locator): Promise<string[]> {
  return slide.locator('.decision li').evaluateAll(items => items.map(item =>
    `${item.querySelector('strong')?.textContent?.trim()}: ${item.textContent!.replace(item.querySelector('strong')?.textContent ?? '', '').trim()}`))
}

/** What a missing value would leak as: a template's placeholder, or a value JavaScript printed for nothing. */
const placeholder = /\[[^\]]*\]|\bundefined\b|\bnull\b|\{\{|«\s*»/

describe('the deck with talk.yml left empty (the committed example)', () => {
  const deck = useDeckInChromium()

  it('leaves the session line, the « chez nous » cards and the optional row out, and prints no placeholder anywhere', async () => {
    for (const slide of slides) {
      // The text as laid out, hidden parts left out: what the room would read.
      // eslint-disable-next-line unicorn/prefer-dom-node-text-content
      const text = await deck.onSlide(slide.number, element => element.innerText())
      expect(text, slide.location).not.toMatch(placeholder)
      expect(text, slide.location).not.toMatch(/chez nous/i)
    }
    expect(await deck.onSlide(1, slide => slide.locator('.talk-occasion').count())).toBe(0)
  })

  it('proposes a complete, modest decision that names roles', async () => {
    const rows = await deck.onSlide(decisionSlide, decisionRows)
    expect(rows).toEqual([
      'Premier pas: Écouter ce qui se dit de nous',
      'Responsable: La direction de la communication',
      'Moyens: Deux jours par mois, sans outil payant',
      'Livrable: Une note d’une page\u00A0: risques, occasions, objectif',
      'Point d’étape: Au prochain comité',
    ])
  })
})

describe('the deck with talk.yml filled', () => {
  const outDir = join(tmpdir(), 'prejuges-web2-test-deck-talk-filled')
  beforeAll(async () => {
    process.env[talkConfigVariable] = join(projectRoot, 'tests/fixtures/talk-filled.yml')
    const giveTurnBack = await takeSlidevTurn()
    try {
      // The screen's deck alone: these tests look at nothing else.
      await ensureDeckBuilt(outDir, ['screen'])
    }
    finally {
      delete process.env[talkConfigVariable]
      await giveTurnBack()
    }
  }, 300_000)
  const deck = useDeckInChromium(() => outDir)

  it('names the company and the date on the title slide', async () => {
    expect((await deck.onSlide(1, slide => slide.locator('.talk-occasion').textContent()))?.trim()).toBe('Dupont Industries · 12 mars 2026')
  })

  it('shows « Et chez nous ? » beside the published figures of the objections it fills, and only those', async () => {
    const card = (objection: number) => deck.onSlide(factsSlide(objection), slide => slide.locator('.our-figure').allInnerTexts())
    const [first] = await card(1)
    expect(first).toMatch(/^Et chez nous\u00A0\?\s+7\s+recrutements venus de LinkedIn en 2025\s+DRH, bilan 2025$/i)
    expect((await card(5))[0]).toContain('4,1 / 5')
    expect(await card(2)).toEqual([])
    // The published cards are still there, beside it.
    expect(await deck.onSlide(factsSlide(1), slide => slide.locator('li').count())).toBe(2)
  })

  it('takes the decision’s owner, check-in, resources and second line from it, each starting with a capital as the defaults do, the rest from the default', async () => {
    const rows = await deck.onSlide(decisionSlide, decisionRows)
    expect(rows).toEqual([
      'Premier pas: Écouter ce qui se dit de nous',
      'Responsable: Claire Martin, directrice de la communication',
      'Moyens: Trois jours par mois, sans outil payant',
      'Livrable: Une note d’une page\u00A0: risques, occasions, objectif',
      'Point d’étape: Comité du 11 juin 2026',
      'Et aussi: Charte\u00A0: projet soumis au CSE avant l’été',
    ])
  })
})
