import type { Answer, PhoneSnapshot, PhoneUpdate } from '../core/protocol'

export type Feedback = { kind: 'sending' } | { kind: 'sent' } | { kind: 'error', message: string }

export interface PhoneState {
  connected: boolean
  snapshot: PhoneSnapshot | null
  /** Choices not sent yet: multi-select ticks and typed words. */
  drafts: Record<string, Answer>
  feedback: Record<string, Feedback>
}

export function initialState(): PhoneState {
  return { connected: false, snapshot: null, drafts: {}, feedback: {} }
}

export function withUpdate(snapshot: PhoneSnapshot, update: PhoneUpdate): PhoneSnapshot {
  const polls = { ...snapshot.polls, ...update.polls }
  // An idle poll holds no ballots (it was never opened, or was just reset): any answer shown for it is stale.
  const answers = Object.fromEntries(Object.entries(snapshot.answers).filter(([id]) => polls[id]?.status !== 'idle'))
  return { ...snapshot, focus: update.focus === undefined ? snapshot.focus : update.focus, polls, answers }
}

/** The poll on the presenter's slide first, then any other poll still open. */
export function visiblePollIds(snapshot: PhoneSnapshot): string[] {
  const open = Object.keys(snapshot.polls).filter(id => snapshot.polls[id]!.status === 'open' && id !== snapshot.focus)
  return snapshot.focus && snapshot.definitions[snapshot.focus] ? [snapshot.focus, ...open] : open
}
