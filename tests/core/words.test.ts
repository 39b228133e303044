import { describe, expect, it } from 'vitest'
import { cleanWord, wordKey } from '../../core/words'

describe('word-cloud normalisation', () => {
  it('folds case, spaces and accents into one key', () => {
    const variants = ['Sécurité', '  sécurité ', 'SECURITE', 'securite !', 'Se\u0301curite\u0301']
    expect(new Set(variants.map(wordKey))).toEqual(new Set(['securite']))
  })

  it('keeps accents in the shown form', () => {
    expect(cleanWord('  Réseau   SOCIAL ')).toBe('réseau social')
  })

  it('leaves nothing of a word made only of punctuation', () => {
    expect(wordKey(' !!! ')).toBe('')
  })
})
