import type { DecisionText } from '../../core/features/decision'
import type { SessionEvent } from '../../core/session/events'
import { describe, expect, it } from 'vitest'
import { buildPollCatalog } from '../../core/poll-catalog'
import { apply, decide, replay } from '../../core/session/rules'
import { emptySession } from '../../core/session/state'
import { parseStoredEvent } from '../../server/store/stored-events'

const catalog = buildPollCatalog([])
const info = { id: 1, name: 'Test', startedAt: '2026-12-05T09:00:00.000Z' }
const text: DecisionText = { firstStep: 'Écouter', owner: 'Claire', resources: '', deliverable: '', checkIn: 'Au prochain comité', secondLine: '' }

describe('the decision as taken', () => {
  it('is recorded cleaned and in the deck\'s typography, and recorded again, replaced; the same one again changes nothing', () => {
    const state = emptySession(info)
    const first = decide(catalog, state, { type: 'record-decision', decision: { ...text, owner: ' Claire\u200B  Martin ', deliverable: 'Une note : l\'objectif' }, recordedAt: '2026-12-05T10:42:00.000Z' })
    expect(first).toEqual({ ok: true, events: [{ type: 'decision-recorded', ...text, owner: 'Claire Martin', deliverable: 'Une note\u00A0: l’objectif', recordedAt: '2026-12-05T10:42:00.000Z' }] })
    first.ok && first.events.forEach(event => apply(catalog, state, event))
    expect(decide(catalog, state, { type: 'record-decision', decision: { ...text, owner: 'Claire Martin', deliverable: 'Une note : l’objectif' }, recordedAt: '2026-12-05T10:50:00.000Z' })).toEqual({ ok: true, events: [] })

    const second = decide(catalog, state, { type: 'record-decision', decision: { ...text, owner: 'Paul' }, recordedAt: '2026-12-05T10:55:00.000Z' })
    const log = [...(first.ok ? first.events : []), ...(second.ok ? second.events : [])]
    expect(replay(catalog, info, log).decision).toEqual({ ...text, owner: 'Paul', recordedAt: '2026-12-05T10:55:00.000Z' })
  })

  it('refuses a decision without a first step, or with a part too long once cleaned', () => {
    const state = emptySession(info)
    for (const decision of [{ ...text, firstStep: ' \u200B ' }, { ...text, secondLine: 'x'.repeat(161) }])
      expect(decide(catalog, state, { type: 'record-decision', decision, recordedAt: '2026-12-05T10:42:00.000Z' })).toEqual({ ok: false, error: 'invalid_decision' })
    expect(state.decision).toBeNull()
  })

  it('is read back from storage only whole, with a real time', () => {
    const event: SessionEvent = { type: 'decision-recorded', ...text, recordedAt: '2026-12-05T10:42:00.000Z' }
    expect(parseStoredEvent(1, JSON.stringify(event))).toEqual(event)
    for (const damaged of [{ ...event, recordedAt: 'hier' }, { ...event, owner: 'x'.repeat(161) }, { ...event, firstStep: undefined }])
      expect(parseStoredEvent(1, JSON.stringify(damaged))).toBeUndefined()
  })
})
