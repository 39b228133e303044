import { describe, expect, it } from 'vitest'
import { frenchSpacing, quoted } from '../../core/format'

describe('quotes as French typography wants them', () => {
  it('binds guillemets and « ? ! : ; % » to their words with non-breaking spaces, once', () => {
    expect(frenchSpacing('Réponse : « Oui » ? 25 %')).toBe('Réponse\u00A0: «\u00A0Oui\u00A0»\u00A0? 25\u00A0%')
    expect(frenchSpacing('«\u00A0Déjà\u00A0»')).toBe('«\u00A0Déjà\u00A0»')
    expect(frenchSpacing('«Collé»')).toBe('«\u00A0Collé\u00A0»')
  })

  it('quotes a text once, even one that holds its own guillemets', () => {
    expect(quoted('ventes')).toBe('«\u00A0ventes\u00A0»')
    expect(quoted('« Sur les médias sociaux, nos salariés nuiraient à notre image. » D’accord ?')).toBe('«\u00A0Sur les médias sociaux, nos salariés nuiraient à notre image.\u00A0» D’accord\u00A0?')
  })
})
