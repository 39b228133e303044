import type { Locator } from 'playwright-core'
import type { DeckSlide } from '../../server/deck-source'
import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { defaultSlidesPath, loadDeckSlides } from '../../server/deck-source'
import { markdownListItems } from '../support/markdown'
import { useDeckInChromium } from '../support/slides'

/** Readable from the back of a boardroom: at most this many words on a slide that makes a point. */
const maxWordsOnContentSlide = 40
/** Slides whose words are the live polls' (rendered by their own layouts) or a reference list, not a point made. */
const layoutsWithoutWordLimit = new Set(['poll', 'shift', 'join', 'sources'])

const slides = await loadDeckSlides()
const contentSlides = slides.filter(slide => !layoutsWithoutWordLimit.has(String(slide.frontmatter.layout)))

/** Every piece of French the audience or the presenter reads: slide text, notes, and the polls' wording. */
function frenchTexts(slide: DeckSlide): string[] {
  const poll = (slide.frontmatter.poll ?? {}) as { question?: string, options?: string[], answer?: string }
  const headmatter = slide.number === 1 ? [slide.frontmatter.title, slide.frontmatter.info] : []
  // A component's tag and attributes (`<DecisionBoard ranking="…" />`) are markup, not text anyone reads.
  const content = slide.content.replace(/<[A-Z][^>]*>/g, '')
  return [content, slide.note, poll.question, poll.answer, ...(poll.options ?? []), ...headmatter]
    .filter((text): text is string => typeof text === 'string')
}

/** French typography, each rule with the sentence that explains a failure. */
const typographyRules: { rule: string, pattern: RegExp }[] = [
  { rule: 'a plain space before « ? ! : ; » (use a no-break space)', pattern: /[ \t][?!:;»]/ },
  { rule: 'a plain space after « (use a no-break space)', pattern: /«[ \t]/ },
  { rule: '« or » without a no-break space inside', pattern: /«[^\u00A0\u202F]|[^\u00A0\u202F]»/ },
  { rule: 'a percentage without a no-break space before %', pattern: /\d ?%/ },
  { rule: 'n° without a no-break space before its number (« n° 1 »)', pattern: /n°(?!\u00A0\d)/ },
  { rule: 'ASCII quotes instead of « » or ’', pattern: /["']/ },
  // Single words the deck avoids (« bad buzz », « Devinette », « promoteurs », « CREDOC ») are cspell's flagWords.
  { rule: 'a count before its noun (« 4 entreprises sur 10 », not « 4 sur 10 entreprises »)', pattern: /\d+\s+sur\s+\d+\s+\p{L}/u },
  { rule: '« micro-entreprise » (INSEE writes « microentreprise »)', pattern: /micro-entreprise/i },
]

/** Italics hold titles in another language (« Do Your Employees Advocate For Your Company? »), which keep their own punctuation. */
const attachedPunctuation = /[^\s?!]([?!:;])/

function withoutForeignTitles(text: string): string {
  return text.replace(/_[^_\n]+_/g, '')
}

describe('the deck’s French', () => {
  it.each(slides.map(slide => [slide.number, slide] as const))('slide %i follows French typography', (_, slide) => {
    const faults = frenchTexts(slide).flatMap(text => [
      ...typographyRules.filter(({ pattern }) => pattern.test(text)).map(({ rule, pattern }) => `${rule}: …${text.match(pattern)?.[0]}…`),
      ...(attachedPunctuation.test(withoutForeignTitles(text)) ? [`punctuation without a no-break space before it: …${withoutForeignTitles(text).match(attachedPunctuation)?.[0]}…`] : []),
    ])
    expect(faults, slide.location).toEqual([])
  })

  it('has no placeholder left anywhere', async () => {
    const source = await readFile(defaultSlidesPath, 'utf8')
    expect(source).not.toMatch(/\b(?:TODO|FIXME|XXX|TBD|lorem|ipsum)\b/i)
  })
})

describe('the sources', () => {
  const sourceSlides = slides.filter(slide => slide.frontmatter.layout === 'sources')
  const listed = sourceSlides.flatMap(slide => markdownListItems(slide.content)).join('\n')

  it('name every publisher cited under a figure', () => {
    // A figure reads `- **79 %** what it measures _Publisher, year_` (or a span of years); the publisher precedes the year.
    const cited = slides
      .filter(slide => slide.frontmatter.layout === 'facts')
      .flatMap(slide => [...slide.content.matchAll(/_([^_]+), \d{4}(?:–\d{4})?_\s*$/gm)].map(match => match[1]!))
    expect(cited.length).toBeGreaterThanOrEqual(10)
    expect(cited.filter(publisher => !listed.includes(publisher))).toEqual([])
  })

  it('say that prejudices n° 1 to n° 3 were rebuilt from the other articles', () => {
    expect(sourceSlides.map(slide => slide.content).join('\n')).toMatch(/n°\u00A01 à n°\u00A03 reconstitués/)
  })
})

/** Short words a French typesetter keeps with the word after them: articles, determiners, short prepositions. */
const wordsNotToEndALine = new Set(['le', 'la', 'les', 'un', 'une', 'des', 'du', 'de', 'à', 'au', 'aux', 'ce', 'cet', 'ces', 'sa', 'son', 'ses', 'nos', 'vos', 'en', 'par', 'sur', 'pour', 'sans', 'dans', 'chez', 'd’un', 'd’une'])
/** Display text: every heading, and the large-type lines of the content layouts. */
const displayText = 'h1, h2, .opening p, .fear__quote p, .facts li, .steps li, .decision li'

/**
 * Each line break inside the slide's display text, as « last word ⏎ next word ». Words are runs between breakable
 * spaces (a no-break space binds), and a break counts only inside one block: a card's figure above its text is layout.
 */
function displayLineBreaks(slide: Locator): Promise<{ last: string, next: string }[]> {
  return slide.evaluate((root, selector) => {
    const blockOf = (node: Node) => {
      let element = node.parentElement
      while (element && getComputedStyle(element).display === 'inline')
        element = element.parentElement
      return element
    }
    return [...root.querySelectorAll(selector)].flatMap((element) => {
      const words: { text: string, block: Element | null, firstTop: number, lastTop: number, lastBottom: number }[] = []
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node as Text
        for (const match of text.data.matchAll(/[^ \t\n]+/g)) {
          const range = document.createRange()
          range.setStart(text, match.index)
          range.setEnd(text, match.index + match[0].length)
          const rects = [...range.getClientRects()]
          if (rects.length > 0)
            words.push({ text: match[0], block: blockOf(text), firstTop: rects[0]!.top, lastTop: rects.at(-1)!.top, lastBottom: rects.at(-1)!.bottom })
        }
      }
      return words.slice(1).flatMap((next, index) => {
        const last = words[index]!
        const newLine = next.firstTop > (last.lastTop + last.lastBottom) / 2
        return last.block === next.block && newLine ? [{ last: last.text, next: next.text }] : []
      })
    })
  }, displayText)
}

describe('the slides as projected', () => {
  const deck = useDeckInChromium()

  // Counted on the rendered slide's layout, its labels included but not the page number: a word is any run of text
  // holding a letter or a digit, so « 79 % » counts once and a lone dash or % not at all.
  it.each(contentSlides.map(slide => [slide.number, slide] as const))(`slide %i shows at most ${maxWordsOnContentSlide} words`, async (slideNumber, slide) => {
    // Playwright's innerText, not the DOM's textContent: the text as laid out, hidden parts left out.
    // eslint-disable-next-line unicorn/prefer-dom-node-text-content
    const text = await deck.onSlide(slideNumber, slideElement => slideElement.locator('.slidev-layout').innerText())
    const words = text.split(/\s+/).filter(word => /[\p{L}\p{N}]/u.test(word))
    expect(words.length, `${slide.location}: ${words.join(' ')}`).toBeLessThanOrEqual(maxWordsOnContentSlide)
  })

  it.each(slides.map(slide => [slide.number, slide] as const))('slide %i ends no line of display text on an article or a short preposition', async (slideNumber, slide) => {
    const breaks = await deck.onSlide(slideNumber, displayLineBreaks)
    const faults = breaks.filter(({ last }) => wordsNotToEndALine.has(last.replace(/^[«(]+/, '').toLowerCase()))
    expect(faults.map(({ last, next }) => `${last} ⏎ ${next}`), `${slide.location}: bind it with a no-break space`).toEqual([])
  })

  // N° 1–3 were rebuilt from other articles than the one that lists the prejudices: wherever a slide names one, it says so.
  // The room sees « Objection », never « Préjugé »: the 2009 source's word is explained once, not pinned on the room.
  const labelled = slides.filter(slide => typeof slide.frontmatter.prejudice === 'number')
  it.each(labelled.map(slide => [slide.number, slide] as const))('slide %i labels its objection, « (reconstituée) » for n° 1 to n° 3', async (slideNumber, slide) => {
    const prejudice = slide.frontmatter.prejudice as number

    const labels = await deck.onSlide(slideNumber, slideElement => slideElement.locator('.prejudice-label').allInnerTexts())
    // The poll and shift layouts draw the label too once they know the key; the content layouts must.
    if (['fear', 'facts'].includes(String(slide.frontmatter.layout)))
      expect(labels, slide.location).toHaveLength(1)
    for (const label of labels) {
      expect(label, slide.location).toContain(`Objection n°\u00A0${prejudice}`)
      expect(label.includes('(reconstituée)'), `${slide.location}: ${label}`).toBe(prejudice <= 3)
    }
  })
})
