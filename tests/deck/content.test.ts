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
  return [slide.content, slide.note, poll.question, poll.answer, ...(poll.options ?? []), ...headmatter]
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
    // A figure reads `- **79 %** what it measures _Publisher, year_`; the publisher is what precedes the year.
    const cited = slides
      .filter(slide => slide.frontmatter.layout === 'facts')
      .flatMap(slide => [...slide.content.matchAll(/_([^_]+), \d{4}_\s*$/gm)].map(match => match[1]!))
    expect(cited.length).toBeGreaterThanOrEqual(10)
    expect(cited.filter(publisher => !listed.includes(publisher))).toEqual([])
  })

  it('say that prejudices n° 1 to n° 3 were rebuilt from the other articles', () => {
    expect(sourceSlides.map(slide => slide.content).join('\n')).toMatch(/n°\u00A01 à n°\u00A03 reconstitués/)
  })
})

describe('words on a slide', () => {
  const deck = useDeckInChromium()

  // Counted on the rendered slide, layout labels included: a word is any run of text holding a letter or a digit,
  // so « 79 % » counts once and a lone dash or % not at all.
  it.each(contentSlides.map(slide => [slide.number, slide] as const))(`slide %i shows at most ${maxWordsOnContentSlide} words`, async (slideNumber, slide) => {
    // Playwright's innerText, not the DOM's textContent: the text as laid out, hidden parts left out.
    // eslint-disable-next-line unicorn/prefer-dom-node-text-content
    const text = await deck.onSlide(slideNumber, slideElement => slideElement.innerText())
    const words = text.split(/\s+/).filter(word => /[\p{L}\p{N}]/u.test(word))
    expect(words.length, `${slide.location}: ${words.join(' ')}`).toBeLessThanOrEqual(maxWordsOnContentSlide)
  })
})
