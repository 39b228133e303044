// What phones are told of a poll is checked by the schema of the kind it names (core/kinds/wire.ts).
import type { CatalogSlide } from '../../core/poll-catalog'
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { publicDefinitionSchema } from '../../core/kinds/wire'
import { buildPollCatalog, publicCatalog } from '../../core/poll-catalog'

function slide(number: number, poll: Record<string, unknown>): CatalogSlide {
  return { number, location: `slides.md:${number * 10}`, frontmatter: { poll } }
}

describe('a public poll definition on the wire', () => {
  const catalog = buildPollCatalog([
    slide(1, { id: 'avant', kind: 'scale', question: 'D’accord ?' }),
    slide(2, { id: 'choix', kind: 'single', question: 'Lequel ?', options: ['A', 'B'] }),
    slide(3, { id: 'multi', kind: 'multi', question: 'Lesquels ?', options: ['A', 'B', 'C'], max: 2 }),
    slide(4, { id: 'quiz', kind: 'quiz', question: 'Combien ?', options: ['10 %', '79 %'], answer: '79 %' }),
    slide(5, { id: 'mots', kind: 'words', question: 'En un mot ?' }),
    slide(6, { id: 'rang', kind: 'ranking', question: 'Dans quel ordre ?', options: ['A', 'B', 'C'] }),
  ])

  it('passes what the server tells phones of every kind', () => {
    for (const definition of Object.values(publicCatalog(catalog).polls))
      expect(v.parse(publicDefinitionSchema, definition)).toEqual(definition)
    const after = { ...publicCatalog(catalog).polls.avant!, id: 'apres', repeats: 'avant' }
    expect(v.parse(publicDefinitionSchema, after)).toEqual(after)
  })

  it('refuses an unknown kind, a missing common field, and a field of the wrong type for its kind', () => {
    const quiz = publicCatalog(catalog).polls.quiz!
    expect(v.is(publicDefinitionSchema, { ...quiz, kind: 'sondage' })).toBe(false)
    expect(v.is(publicDefinitionSchema, { ...quiz, question: undefined })).toBe(false)
    expect(v.is(publicDefinitionSchema, { ...quiz, options: [1, 2] })).toBe(false)
    expect(v.is(publicDefinitionSchema, { ...publicCatalog(catalog).polls.mots!, max: 'deux' })).toBe(false)
  })
})
