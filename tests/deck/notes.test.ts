import { describe, expect, it } from 'vitest'
import { loadDeckSlides } from '../../server/deck-source'

/** A calm presenting pace in French, pauses for the votes included: the notes are a script, not a summary. */
const wordsPerMinute = 140
const talkMinutes = { min: 20, max: 25 }
/** Below this, a note is a reminder, not what to say and what to ask. */
const minWordsPerNote = 20

const slides = await loadDeckSlides()

function wordCount(text: string): number {
  return text.split(/\s+/).filter(word => /[\p{L}\p{N}]/u.test(word)).length
}

describe('speaker notes', () => {
  it.each(slides.map(slide => [slide.number, slide] as const))('slide %i tells the presenter what to say', (_, slide) => {
    expect(wordCount(slide.note), slide.location).toBeGreaterThanOrEqual(minWordsPerNote)
  })

  it(`add up to a ${talkMinutes.min}–${talkMinutes.max} minute talk at ${wordsPerMinute} words a minute`, () => {
    const minutes = slides.reduce((total, slide) => total + wordCount(slide.note), 0) / wordsPerMinute
    expect(minutes).toBeGreaterThanOrEqual(talkMinutes.min)
    expect(minutes).toBeLessThanOrEqual(talkMinutes.max)
  })
})
