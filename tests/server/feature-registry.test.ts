// The features' registry is what the server runs: every message it lists is in the socket server's table with its
// right, every event type is written at its version and read back through its schema, and every field of the features'
// views reaches the snapshots, which hold nothing the clients' parsers would drop.
import type { SessionFeature } from '../../core/features/feature'
import type { EventType, SessionEvent } from '../../core/features/registry'
import type { ClientSocket, TestServer } from '../support/poll-server'
import * as v from 'valibot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { accept } from '../../core/features/feature'
import { currentVersions, messageTable, ownerOf, roomFeatures, sessionFeatures } from '../../core/features/registry'
import { deckSnapshotSchema } from '../../core/outbound/deck'
import { phoneSnapshotSchema } from '../../core/outbound/phone'
import { parseStoredEvent, storedRow } from '../../server/store/stored-events'
import { connectDeck, connectPhone, request, startTestServer } from '../support/poll-server'

const voterId = 'a'.repeat(24)
/** One event of every type: the compiler refuses a type left out. */
const samples: { [T in EventType]: SessionEvent & { type: T } } = {
  'poll-opened': { type: 'poll-opened', pollId: 'choix' },
  'poll-closed': { type: 'poll-closed', pollId: 'choix' },
  'poll-revealed': { type: 'poll-revealed', pollId: 'choix' },
  'poll-reset': { type: 'poll-reset', pollId: 'choix' },
  'ballot-cast': { type: 'ballot-cast', pollId: 'choix', voterId, answer: { kind: 'single', choice: 1 } },
  'word-banned': { type: 'word-banned', pollId: 'mots', word: 'lent' },
  'word-restored': { type: 'word-restored', pollId: 'mots', word: 'lent' },
  'cloud-paused': { type: 'cloud-paused', pollId: 'mots', paused: true },
  'presenter-moved': { type: 'presenter-moved', page: 3, clicks: 1 },
  'question-asked': { type: 'question-asked', questionId: 'q-1', voterId, text: 'Pourquoi ?', pending: false },
  'question-upvoted': { type: 'question-upvoted', questionId: 'q-1', voterId },
  'question-unvoted': { type: 'question-unvoted', questionId: 'q-1', voterId },
  'question-approved': { type: 'question-approved', questionId: 'q-1' },
  'question-hidden': { type: 'question-hidden', questionId: 'q-1' },
  'question-answered': { type: 'question-answered', questionId: 'q-1' },
  'question-highlighted': { type: 'question-highlighted', questionId: null },
  'moderation-set': { type: 'moderation-set', moderated: true },
  'decision-recorded': { type: 'decision-recorded', firstStep: 'Écouter', owner: '', resources: '', deliverable: '', checkIn: '', secondLine: '', recordedAt: '2026-12-05T09:00:00.000Z' },
}

interface Ping { type: 'ping' }
interface Pinged { type: 'pinged' }
const pinged = { schema: v.strictObject({ type: v.literal('pinged') }), version: 1 }

describe('the features\' registry', () => {
  it('refuses a feature that misses a part when it compiles, and a command or event no feature owns when it runs', () => {
    const complete: SessionFeature<number, Ping, Pinged> = {
      messages: {},
      initial: () => 0,
      commandTypes: { ping: true },
      events: { pinged },
      decide: () => accept<Pinged>({ type: 'pinged' }),
      apply: (_catalog, count) => count + 1,
    }
    // @ts-expect-error -- no reducer
    const withoutApply: SessionFeature<number, Ping, Pinged> = { ...complete, apply: undefined }
    // @ts-expect-error -- an event type without its schema and version
    const withoutEvent: SessionFeature<number, Ping, Pinged> = { ...complete, events: {} }
    // @ts-expect-error -- an event without its version
    const withoutVersion: SessionFeature<number, Ping, Pinged> = { ...complete, events: { pinged: { schema: pinged.schema } } }
    expect([withoutApply, withoutEvent, withoutVersion].every(feature => feature.initial() === 0)).toBe(true)
    expect(() => ownerOf('command', 'ping')).toThrow('No feature owns the command « ping »')
    expect(() => ownerOf('event', 'pinged')).toThrow('No feature owns the event « pinged »')
    expect(ownerOf('event', 'ballot-cast').name).toBe('polls')
  })

  it('names each message once, across every feature', () => {
    const declared = [...Object.values(sessionFeatures).map(feature => feature.messages), ...Object.values(roomFeatures)].flatMap(messages => Object.keys(messages))
    expect(declared.length).toBeGreaterThan(15)
    expect(Object.keys(messageTable).sort()).toEqual([...new Set(declared)].sort())
    expect(declared).toHaveLength(new Set(declared).size)
  })

  it('writes every event type at its feature\'s version, and reads it back through its feature\'s schema', () => {
    expect(Object.keys(currentVersions).sort()).toEqual(Object.keys(samples).sort())
    for (const event of Object.values(samples)) {
      const row = storedRow(event)
      expect(row.version, event.type).toBe(currentVersions[event.type])
      expect(parseStoredEvent(row.version, row.text), event.type).toEqual(event)
      // Each type is checked by its own schema: a field of another type's is refused.
      expect(parseStoredEvent(row.version, JSON.stringify({ ...event, extra: true })), event.type).toBeUndefined()
    }
  })
})

describe('the server runs the registry', () => {
  let server: TestServer
  let phone: { socket: ClientSocket, snapshot: unknown }
  let presenter: { socket: ClientSocket, snapshot: unknown }
  let screen: { socket: ClientSocket, snapshot: unknown }
  beforeAll(async () => {
    server = await startTestServer()
    ;[phone, presenter, screen] = await Promise.all([connectPhone(server.url), connectDeck(server, 'presenter'), connectDeck(server, 'screen')])
  })
  afterAll(async () => {
    for (const client of [phone, presenter, screen])
      client.socket.close()
    await server.close()
  })

  it('has every message of the registry in its table, with the right it declares', async () => {
    // A message the table lacks is `invalid_payload`; one it holds, sent without its right, is `forbidden`.
    expect(await request(presenter.socket, 'no-such-message', {})).toEqual({ ok: false, error: 'invalid_payload' })
    for (const [name, { right }] of Object.entries(messageTable)) {
      // A phone of its own for each message: a phone's budget is a few messages at once.
      const other = await connectPhone(server.url)
      const [without, withIt] = right === 'phone' ? [presenter.socket, other.socket] : [other.socket, presenter.socket]
      expect(await request(without, name, {}), name).toEqual({ ok: false, error: 'forbidden' })
      expect(await request(withIt, name, { unexpected: true }), name).toEqual({ ok: false, error: 'invalid_payload' })
      other.socket.close()
    }
  })

  it('sends every field of the features\' views in the snapshots, and nothing the clients\' parsers would drop', () => {
    const deckFields = Object.keys(deckSnapshotSchema.entries).sort()
    expect(Object.keys(presenter.snapshot as object).sort()).toEqual(deckFields)
    expect(Object.keys(screen.snapshot as object).sort()).toEqual(deckFields)
    expect(Object.keys(phone.snapshot as object).sort()).toEqual(Object.keys(phoneSnapshotSchema.entries).sort())
  })
})
