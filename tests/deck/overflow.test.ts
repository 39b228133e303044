import type { Locator } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { loadDeckSlides } from '../../server/deck-source'
import { useDeckInChromium } from '../support/slides'

const slides = await loadDeckSlides()

/**
 * Elements that stick out of the slide frame, and content wider than its box (a figure too wide for its card);
 * a list taller than the slide shows up as the layout's own scroll height. 1 px of rounding is forgiven.
 * Heights are not compared element by element: glyphs of a tight line height overhang their line by design.
 */
function overflowingElements(slide: Locator): Promise<string[]> {
  return slide.evaluate((frameElement) => {
    const frame = frameElement.getBoundingClientRect()
    const describe = (element: Element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} « ${(element.textContent ?? '').trim().slice(0, 40)} »`
    const layout = frameElement.querySelector('.slidev-layout')
    const tooTall = layout && layout.scrollHeight > layout.clientHeight + 1 ? [`content taller than the slide: ${describe(layout)}`] : []
    return [...frameElement.querySelectorAll('*')].flatMap((element) => {
      const box = element.getBoundingClientRect()
      if (box.width === 0 && box.height === 0)
        return []
      const outside = box.left < frame.left - 1 || box.top < frame.top - 1 || box.right > frame.right + 1 || box.bottom > frame.bottom + 1
      const tooWide = element.clientWidth > 0 && element.scrollWidth > element.clientWidth + 1
      return [
        ...(outside ? [`outside the slide: ${describe(element)}`] : []),
        ...(tooWide ? [`content wider than its box: ${describe(element)}`] : []),
      ]
    }).concat(tooTall)
  })
}

describe('nothing overflows a slide', () => {
  const deck = useDeckInChromium()

  it.each(slides.map(slide => [slide.number, slide] as const))('slide %i fits its frame', async (slideNumber, slide) => {
    expect(await deck.onSlide(slideNumber, overflowingElements), slide.location).toEqual([])
  })
})
