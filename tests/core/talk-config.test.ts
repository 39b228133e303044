import { describe, expect, it } from 'vitest'
import { parseTalkConfig, TalkConfigError } from '../../core/talk-config'

function errorOf(raw: unknown): string {
  try {
    parseTalkConfig(raw)
  }
  catch (error) {
    expect(error).toBeInstanceOf(TalkConfigError)
    return (error as Error).message
  }
  throw new Error('parseTalkConfig accepted it')
}

describe('talk.yml, checked', () => {
  it('leaves every key out when the file is empty or its values are', () => {
    const empty = { company: null, date: null, audience: null, threshold: 5, liveResults: false, figures: {}, decision: { firstStep: null, owner: null, checkIn: null, resources: null, deliverable: null, secondLine: null } }
    expect(parseTalkConfig(null)).toEqual(empty)
    expect(parseTalkConfig({ company: '', date: '  ', audience: null, threshold: null, live_results: '', figures: { 1: { value: null, label: '', source: null } }, decision: { owner: '' } })).toEqual(empty)
  })

  it('keeps what the presenter filled, trimmed, a figure given as a number written the French way', () => {
    const config = parseTalkConfig({
      company: ' Dupont Industries ',
      audience: 14,
      figures: { 5: { value: 4.1, label: 'notre note Google', source: null } },
      decision: { owner: 'La DRH', check_in: 'comité du 11 juin' },
    })
    expect(config.company).toBe('Dupont Industries')
    expect(config.audience).toBe(14)
    expect(parseTalkConfig({ threshold: 3, live_results: true })).toMatchObject({ threshold: 3, liveResults: true })
    expect(config.figures).toEqual({ 5: { value: '4,1', label: 'notre note Google', source: null } })
    expect(config.decision).toMatchObject({ owner: 'La DRH', checkIn: 'comité du 11 juin', firstStep: null })
  })

  it('sets what the presenter typed in the deck’s French typography', () => {
    const config = parseTalkConfig({ decision: { second_line: 'Charte : l\'avis du CSE ; « vite » !' } })
    expect(config.decision.secondLine).toBe('Charte\u00A0: l’avis du CSE\u00A0; «\u00A0vite\u00A0»\u00A0!')
  })

  it.each([
    [{ audience: 'trente' }, 'talk.yml : la clé «\u00A0audience\u00A0» doit être un nombre entier positif, le nombre de personnes attendues (trouvé : «\u00A0trente\u00A0»).'],
    [{ audience: 12.5 }, 'la clé «\u00A0audience\u00A0» doit être un nombre entier positif'],
    [{ audience: 0 }, 'la clé «\u00A0audience\u00A0»'],
    [{ threshold: 2 }, 'talk.yml : la clé «\u00A0threshold\u00A0» doit être un nombre entier d’au moins 3, le nombre de votants sous lequel les résultats restent masqués (trouvé : «\u00A02\u00A0»).'],
    [{ threshold: 4.5 }, 'la clé «\u00A0threshold\u00A0» doit être un nombre entier d’au moins 3'],
    [{ threshold: 'cinq' }, 'la clé «\u00A0threshold\u00A0»'],
    [{ live_results: 'oui' }, 'la clé «\u00A0live_results\u00A0» doit valoir true ou false'],
    [{ company: ['Dupont'] }, 'la clé «\u00A0company\u00A0» doit être un texte'],
    [{ decision: { owner: 3 } }, 'la clé «\u00A0decision.owner\u00A0» doit être un texte'],
    [{ decision: { checkin: 'juin' } }, 'la clé «\u00A0decision.checkin\u00A0» n’existe pas ; clés possibles : first_step, owner, check_in'],
    [{ compagny: 'Dupont' }, 'la clé «\u00A0compagny\u00A0» n’existe pas'],
    [{ figures: { 6: { value: 1, label: 'x' } } }, 'la clé «\u00A0figures.6\u00A0» n’existe pas'],
    [{ figures: { 2: { value: 212 } } }, 'la clé «\u00A0figures.2.label\u00A0» manque'],
    [{ figures: { 2: { label: 'salariés sur LinkedIn' } } }, 'la clé «\u00A0figures.2.value\u00A0» manque'],
    [{ figures: { 2: { source: 'LinkedIn' } } }, 'la clé «\u00A0figures.2.value\u00A0» manque'],
    [{ figures: 'aucun' }, 'la clé «\u00A0figures\u00A0» doit être une liste de clés indentées sous elle'],
    ['Dupont', 'talk.yml : le fichier doit contenir des clés'],
  ])('refuses %j with a French sentence naming the key', (raw, sentence) => {
    expect(errorOf(raw)).toContain(sentence)
  })
})
