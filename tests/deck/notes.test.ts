import type { DeckSlide } from '../../server/deck-source'
import { describe, expect, it } from 'vitest'
import { loadDeckSlides } from '../../server/deck-source'
import { mainPartOf } from '../support/slides'

/** A calm presenting pace in French: the notes of a content slide are what the presenter says. */
const wordsPerMinute = 140
/**
 * A live slide takes a minute whatever its notes say: a vote from opening to closing, question read aloud; the debrief
 * of a before/after shift, one question and an answer or two; the join slide, while phones connect.
 */
const liveLayouts = new Set(['poll', 'shift', 'join'])
const minutesPerLiveSlide = 1
/** A live moment (the room's questions) lasts what its budget gives it, whatever its notes say: the budget is the estimate. */
const liveMomentLayouts = new Set(['questions'])
/** A question put to the room on a content slide, announced in its notes by this phrase, takes a minute of answers. */
const roomQuestion = /^Question à la salle/gm
const minutesPerRoomQuestion = 1
/** A block's estimate may fall short of its budget by this much (time for the unexpected), never exceed it. */
const slackMinutes = 1
/** Below this, a note is a reminder, not what to say and what to ask. */
const minWordsPerNote = 20
/** The first line of a block's first note: `⏱ 5 min · what the block holds`. */
const budgetLine = /^⏱\s*(\d+)\s*min\b.*$/m

const slides = await loadDeckSlides()
const mainPart = mainPartOf(slides)

function wordCount(text: string): number {
  return text.split(/\s+/).filter(word => /[\p{L}\p{N}]/u.test(word)).length
}

function budgetOf(slide: DeckSlide): number | undefined {
  const match = slide.note.trimStart().match(budgetLine)
  return match?.index === 0 ? Number(match[1]) : undefined
}

function minutesOf(slide: DeckSlide, budget: number): number {
  if (liveMomentLayouts.has(String(slide.frontmatter.layout)))
    return budget
  if (liveLayouts.has(String(slide.frontmatter.layout)))
    return minutesPerLiveSlide
  const spoken = slide.note.replace(budgetLine, '')
  return wordCount(spoken) / wordsPerMinute + (spoken.match(roomQuestion)?.length ?? 0) * minutesPerRoomQuestion
}

/** The main part cut into blocks, each starting on a slide whose note opens with its budget. */
interface Block { first: DeckSlide, budget: number, slides: DeckSlide[] }
const blocks = mainPart.reduce<Block[]>((found, slide) => {
  const budget = budgetOf(slide)
  if (budget !== undefined)
    found.push({ first: slide, budget, slides: [] })
  found.at(-1)?.slides.push(slide)
  return found
}, [])

const minutesOfBlock = (block: Block): number => block.slides.reduce((total, slide) => total + minutesOf(slide, block.budget), 0)
const statedLength = Number(slides[0]!.content.match(/(\d+) minutes/)?.[1])

describe('speaker notes', () => {
  it.each(slides.map(slide => [slide.number, slide] as const))('slide %i tells the presenter what to say', (_, slide) => {
    expect(wordCount(slide.note), slide.location).toBeGreaterThanOrEqual(minWordsPerNote)
  })
})

describe('the session’s length', () => {
  it('is stated on the title slide and is the sum of the blocks’ budgets', () => {
    expect(statedLength, 'the title slide says « N minutes »').toBeGreaterThan(0)
    expect(blocks.reduce((total, block) => total + block.budget, 0)).toBe(statedLength)
  })

  // Spoken notes at a calm pace, a minute per vote or debrief, and each live moment's budget: the slot, kept.
  it('is kept: the realistic estimate of the whole session fits the stated length', () => {
    const estimate = blocks.reduce((total, block) => total + minutesOfBlock(block), 0)
    const detail = blocks.map(block => `${block.first.number}: ${minutesOfBlock(block).toFixed(1)}/${block.budget}`).join(', ')
    expect(estimate, `estimate ${estimate.toFixed(1)} min for ${statedLength}; per block (first slide: estimate/budget) ${detail}`).toBeLessThanOrEqual(statedLength)
    expect(estimate).toBeGreaterThan(statedLength - blocks.length * slackMinutes)
  })

  it('gives the room’s questions a block and a budget of their own', () => {
    const questions = blocks.filter(block => block.slides.some(slide => liveMomentLayouts.has(String(slide.frontmatter.layout))))
    expect(questions.map(block => block.slides.length)).toEqual([1])
    expect(questions[0]!.budget).toBeGreaterThanOrEqual(2)
  })

  it('has every slide of the session in a block: the first note opens with a budget', () => {
    expect(budgetOf(slides[0]!), `${slides[0]!.location}: the note starts with « ⏱ N min »`).toBeDefined()
  })

  it('leaves the appendix out of the budgets', () => {
    const appendix = slides.slice(mainPart.length)
    expect(appendix.filter(slide => budgetOf(slide) !== undefined).map(slide => slide.location)).toEqual([])
  })

  it.each(blocks.map(block => [block.first.number, block] as const))('block from slide %i fits its budget', (_, block) => {
    const detail = block.slides.map(slide => `${slide.number}: ${minutesOf(slide, block.budget).toFixed(2)}`).join(', ')
    const minutes = minutesOfBlock(block)
    expect(minutes, `${block.first.location}, ⏱ ${block.budget} min; minutes per slide ${detail}`).toBeLessThanOrEqual(block.budget)
    expect(minutes, `${block.first.location}, ⏱ ${block.budget} min; minutes per slide ${detail}`).toBeGreaterThanOrEqual(block.budget - slackMinutes)
  })
})
