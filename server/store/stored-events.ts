// Events as stores keep them: each event type has a version, bumped when its shape changes, and a row written in an
// older version is brought to today's shape, one version at a time, before it is checked like any other input. The
// SQLite file, the Redis streams and the first release's migration all write and read through here.
import type { EventType, SessionEvent } from '../../core/features/registry'
import * as v from 'valibot'
import { currentVersions, sessionEventSchema } from '../../core/features/registry'

/** A stored event as its JSON gives it back, before it is checked. */
export type StoredShape = { type: string } & Record<string, unknown>
/** Turns an event of one version into the shape of the next one. */
export type Upcaster = (event: StoredShape) => StoredShape

export interface EventVersions {
  /** Today's version of every event type: the one written, and the one the rules apply. */
  current: Readonly<Record<EventType, number>>
  /** For each version older than its type's current one, the step to the next version. */
  upcasters: Readonly<Partial<Record<EventType, Readonly<Record<number, Upcaster>>>>>
}

/**
 * To change an event's shape: bump its version in its feature's module, and add under `upcasters` the step from the
 * version before, so that every log already stored still reads (see docs/architecture.md, « Events that evolve »).
 */
export const eventVersions: EventVersions = {
  // Each feature declares its events' versions, next to their schemas (core/features/).
  current: currentVersions,
  // None yet: every event type still has the shape it was first written in.
  upcasters: {},
}

/** An event as a row: its type's current version, and its JSON text. */
export function storedRow(event: SessionEvent, versions: EventVersions = eventVersions): { version: number, text: string } {
  return { version: versions.current[event.type], text: JSON.stringify(event) }
}

function isStoredShape(value: unknown): value is StoredShape {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
}

/** The event in today's shape, or `undefined` for a type, a version or a step this code does not know. */
function upcast(value: unknown, version: number, versions: EventVersions): unknown {
  if (!isStoredShape(value) || !Object.hasOwn(versions.current, value.type))
    return undefined
  const type = value.type as EventType
  const current = versions.current[type]
  if (!Number.isInteger(version) || version < 1 || version > current)
    return undefined
  let event = value
  for (let from = version; from < current; from++) {
    const step = versions.upcasters[type]?.[from]
    if (!step)
      return undefined
    event = step(event)
  }
  return event
}

/** A stored row (its version and its JSON text) as an event of today, or `undefined` when it is not one we wrote. */
export function parseStoredEvent(version: unknown, text: string | undefined, versions: EventVersions = eventVersions): SessionEvent | undefined {
  if (text === undefined)
    return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  }
  catch {
    return undefined
  }
  const parsed = v.safeParse(sessionEventSchema, upcast(value, Number(version), versions))
  return parsed.success ? parsed.output : undefined
}
