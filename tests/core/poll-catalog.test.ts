import type { CatalogSlide } from '../../core/poll-catalog'
import { describe, expect, it } from 'vitest'
import { agreementScale } from '../../core/kinds/scale'
import { buildPollCatalog, PollCatalogError, pollDefinition, pollOnSlide, publicCatalog } from '../../core/poll-catalog'

function slide(number: number, frontmatter: Record<string, unknown>): CatalogSlide {
  return { number, location: `slides.md:${number * 10}`, frontmatter }
}

describe('the poll catalog', () => {
  it('reads every kind of poll from slide frontmatter', () => {
    const catalog = buildPollCatalog([
      slide(1, { title: 'Titre' }),
      slide(2, { poll: { id: 'avant', kind: 'scale', question: 'D’accord ?' } }),
      slide(3, { poll: { id: 'choix', kind: 'single', question: 'Lequel ?', options: ['A', 'B'] } }),
      slide(4, { poll: { id: 'multi', kind: 'multi', question: 'Lesquels ?', options: ['A', 'B', 'C'], max: 2 } }),
      slide(5, { poll: { id: 'quiz', kind: 'quiz', question: 'Combien ?', options: ['10 %', '79 %'], answer: '79 %' } }),
      slide(6, { poll: { id: 'mots', kind: 'words', question: 'En un mot ?' } }),
    ])
    expect(catalog.polls.avant).toEqual({ id: 'avant', kind: 'scale', question: 'D’accord ?', options: agreementScale, slide: 2, blind: false })
    expect(agreementScale[2]).toBe('Ni d’accord ni pas d’accord')
    expect(catalog.polls.multi).toMatchObject({ kind: 'multi', max: 2, slide: 4 })
    expect(catalog.polls.quiz).toMatchObject({ kind: 'quiz', answer: 1, blind: true })
    expect(catalog.polls.mots).toMatchObject({ kind: 'words', max: 1 })
    expect(pollOnSlide(catalog, 5)).toBe('quiz')
    expect(pollOnSlide(catalog, 1)).toBeNull()
  })

  it('keeps the quiz answer out of what phones and the deck bundle get', () => {
    const catalog = buildPollCatalog([slide(5, { poll: { id: 'quiz', kind: 'quiz', question: 'Combien ?', options: ['10 %', '79 %'], answer: '79 %' } })])
    const shared = publicCatalog(catalog)
    expect(shared.polls.quiz).toEqual({ id: 'quiz', kind: 'quiz', question: 'Combien ?', blind: true, options: ['10 %', '79 %'] })
    expect(JSON.stringify(shared)).not.toContain('answer')
  })

  it('makes a repeated poll ask the same question, and lets a shift slide compare the pair', () => {
    const catalog = buildPollCatalog([
      slide(2, { poll: { id: 'avant', kind: 'scale', question: 'D’accord ?' } }),
      slide(4, { poll: { id: 'apres', repeats: 'avant' } }),
      slide(5, { shift: 'apres' }),
    ])
    expect(catalog.polls.apres).toMatchObject({ kind: 'scale', question: 'D’accord ?', slide: 4, repeats: 'avant' })
  })

  it.each([
    [{ id: 'Mauvais Id', kind: 'scale', question: 'Q ?' }, /Diapositive 3 \(slides\.md:30\).*identifiant/],
    [{ id: 'q', kind: 'single', question: 'Q ?', options: ['Seule'] }, /Diapositive 3.*au moins 2 options/],
    [{ id: 'q', kind: 'single', question: 'Q ?', options: ['A', 'A'] }, /deux options sont identiques/],
    [{ id: 'q', kind: 'multi', question: 'Q ?', options: ['A', 'B'], max: 3 }, /max \(3\) dépasse le nombre d’options/],
    [{ id: 'q', kind: 'quiz', question: 'Q ?', options: ['A', 'B'], answer: 'C' }, /« C » n’est pas l’une des options/],
    [{ id: 'q', kind: 'words', question: 'Q ?', max: 4 }, /max vaut au plus 3/],
    [{ id: 'q', kind: 'sondage', question: 'Q ?' }, /kind doit valoir single, multi, scale, quiz, words/],
    [{ id: 'q', kind: 'scale', question: 'Q ?', typo: true }, /Diapositive 3.*sondage mal déclaré/],
    [{ id: 'q', repeats: 'absent' }, /aucun sondage « absent »/],
  ])('stops on a bad definition, naming the slide: %j', (poll, message) => {
    expect(() => buildPollCatalog([slide(3, { poll })])).toThrowError(message)
  })

  it('refuses the same id twice, and a shift that names no repeated poll', () => {
    const twice = [slide(2, { poll: { id: 'q', kind: 'scale', question: 'Q ?' } }), slide(3, { poll: { id: 'q', kind: 'scale', question: 'Q ?' } })]
    expect(() => buildPollCatalog(twice)).toThrowError(/Diapositive 3.*déjà utilisé diapositive 2/)
    const badShift = [slide(2, { poll: { id: 'q', kind: 'scale', question: 'Q ?' } }), slide(3, { shift: 'q' })]
    expect(() => buildPollCatalog(badShift)).toThrowError(PollCatalogError)
  })

  it('finds only its own polls: a deck may name a poll `constructor`, and no other id reaches what every object has', () => {
    const catalog = buildPollCatalog([
      slide(2, { poll: { id: 'constructor', kind: 'single', question: 'Lequel ?', options: ['A', 'B'] } }),
      slide(3, { poll: { id: 'apres', repeats: 'constructor' } }),
    ])
    expect(pollDefinition(catalog, 'constructor')).toMatchObject({ kind: 'single', slide: 2 })
    expect(pollDefinition(catalog, 'apres')).toMatchObject({ kind: 'single', repeats: 'constructor' })
    for (const name of ['__proto__', 'toString', 'hasOwnProperty', 'valueOf'])
      expect(pollDefinition(catalog, name), name).toBeUndefined()
    expect(() => buildPollCatalog([slide(2, { poll: { id: 'tostring', repeats: 'constructor' } })])).toThrowError(/aucun sondage « constructor »/)
  })
})
