// How a stored row becomes an event of today. No event type has changed shape yet, so the chain of upcasters is shown
// with a registry of this test's own, where `cloud-paused` went through two earlier shapes.
import type { EventVersions, StoredShape } from '../../server/store/stored-events'
import { describe, expect, it } from 'vitest'
import { eventVersions, parseStoredEvent, storedRow } from '../../server/store/stored-events'

/** v1 said `state: 'paused' | 'playing'`; v2 said `frozen`; v3, today's, says `paused`. */
const evolved: EventVersions = {
  current: { ...eventVersions.current, 'cloud-paused': 3 },
  upcasters: {
    'cloud-paused': {
      1: ({ state, ...rest }: StoredShape) => ({ ...rest, frozen: state === 'paused' }),
      2: ({ frozen, ...rest }: StoredShape) => ({ ...rest, paused: frozen }),
    },
  },
}
const today = { type: 'cloud-paused', pollId: 'mots', paused: true }

describe('stored events', () => {
  it('brings a row of an older version to today\'s shape, one version after the other', () => {
    expect(parseStoredEvent(1, JSON.stringify({ type: 'cloud-paused', pollId: 'mots', state: 'paused' }), evolved)).toEqual(today)
    expect(parseStoredEvent(1, JSON.stringify({ type: 'cloud-paused', pollId: 'mots', state: 'playing' }), evolved)).toEqual({ ...today, paused: false })
    expect(parseStoredEvent('2', JSON.stringify({ type: 'cloud-paused', pollId: 'mots', frozen: true }), evolved)).toEqual(today)
    expect(parseStoredEvent(3, JSON.stringify(today), evolved)).toEqual(today)
    // Other types are untouched.
    expect(parseStoredEvent(1, '{"type":"poll-opened","pollId":"mots"}', evolved)).toEqual({ type: 'poll-opened', pollId: 'mots' })
  })

  it('writes each event with its type\'s current version, and reads it back as it was', () => {
    const row = storedRow({ type: 'cloud-paused', pollId: 'mots', paused: true }, evolved)
    expect(row.version).toBe(3)
    expect(parseStoredEvent(row.version, row.text, evolved)).toEqual(today)
    expect(storedRow({ type: 'poll-opened', pollId: 'mots' }).version).toBe(eventVersions.current['poll-opened'])
  })

  it('refuses a version it does not know, a missing step, an unknown type, and an upcast row that is not today\'s shape', () => {
    const text = JSON.stringify(today)
    expect(parseStoredEvent(4, text, evolved)).toBeUndefined()
    expect(parseStoredEvent(0, text, evolved)).toBeUndefined()
    expect(parseStoredEvent('deux', text, evolved)).toBeUndefined()
    expect(parseStoredEvent(undefined, text, evolved)).toBeUndefined()
    const gap: EventVersions = { ...evolved, upcasters: { 'cloud-paused': { 2: evolved.upcasters['cloud-paused']![2]! } } }
    expect(parseStoredEvent(1, JSON.stringify({ type: 'cloud-paused', pollId: 'mots', state: 'paused' }), gap)).toBeUndefined()
    expect(parseStoredEvent(1, '{"type":"constructor","pollId":"mots"}', evolved)).toBeUndefined()
    expect(parseStoredEvent(1, JSON.stringify({ type: 'cloud-paused', pollId: 'mots', state: 'paused' }), eventVersions)).toBeUndefined()
    expect(parseStoredEvent(1, '{"type":', evolved)).toBeUndefined()
  })

  it('has, for every event type today, a step from each of its older versions', () => {
    const missing = Object.entries(eventVersions.current).flatMap(([type, current]) =>
      Array.from({ length: current - 1 }, (_, index) => index + 1)
        .filter(from => !eventVersions.upcasters[type as keyof typeof eventVersions.current]?.[from])
        .map(from => `${type} ${from}→${from + 1}`))
    expect(missing).toEqual([])
  })
})
