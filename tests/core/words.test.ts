import { describe, expect, it } from 'vitest'
import { byNaturalSpelling, cleanWord, wordKey } from '../../core/words'

describe('word-cloud normalisation', () => {
  it('folds case, spaces and accents into one key', () => {
    const variants = ['Sécurité', '  sécurité ', 'SECURITE', 'securite !', 'Se\u0301curite\u0301']
    expect(new Set(variants.map(wordKey))).toEqual(new Set(['securite']))
  })

  it('keeps the voter’s own spelling, case and accents in the shown form', () => {
    expect(cleanWord('  Réseau   SOCIAL ')).toBe('Réseau SOCIAL')
    expect(cleanWord('ROI')).toBe('ROI')
    expect(cleanWord('Se\u0301curite\u0301')).toBe('Sécurité')
  })

  it.each([
    ['a zero-width space', 'ec\u200Boute'],
    ['a zero-width joiner', 'éc\u200Doute'],
    ['a soft hyphen', 'éc\u00ADoute'],
    ['a right-to-left override', '\u202Eécoute'],
    ['a word joiner', 'écou\u2060te'],
    ['Cyrillic letters', '\u0435\u0441\u043Eute'],
    ['a Greek omicron', 'ec\u03BFute'],
    ['fullwidth letters', 'ＥＣＯＵＴＥ'],
    ['stacked marks', 'e\u0301\u0301\u0301coute'],
  ])('sees through %s', (_disguise, word) => {
    expect(wordKey(word)).toBe('ecoute')
  })

  it('shows no invisible character, so a disguised word cannot slip onto the screen', () => {
    expect(cleanWord('ec\u200Boute\u202E')).toBe('ecoute')
  })

  it('leaves nothing of a word made only of punctuation or invisible characters', () => {
    expect(wordKey(' !!! ')).toBe('')
    expect(wordKey('\u200B\u200D\u2060')).toBe('')
  })
})

describe('the spelling shown between spellings typed as often', () => {
  const shown = (...spellings: string[]): string => spellings.sort(byNaturalSpelling)[0]!

  it.each([
    [['VISIBILITÉ', 'visibilité', 'Visibilité', 'visibilite'], 'Visibilité'],
    [['visibilite', 'VISIBILITÉ', 'visibilité'], 'visibilité'],
    [['ECOUTE', 'ecoute'], 'ecoute'],
    [['ecoute', 'écoute'], 'écoute'],
    [['roi', 'Roi', 'ROI'], 'ROI'],
    [['cnil', 'CNIL'], 'CNIL'],
    [['linkedin', 'LinkedIn', 'LINKEDIN'], 'LinkedIn'],
    [['bad buzz', 'BAD BUZZ'], 'bad buzz'],
  ])('of %j, shows %s', (spellings, expected) => {
    expect(shown(...spellings)).toBe(expected)
    expect(shown(...spellings.reverse())).toBe(expected)
  })
})
