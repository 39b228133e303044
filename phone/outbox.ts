import type { Answer } from '../core/kinds/registry'

const storageKey = 'prejuges-web2:outbox'

interface Stored {
  session: number
  answers: Record<string, Answer>
  /** The round (opening) of its poll each answer was given in. */
  rounds?: Record<string, number | undefined>
}

/**
 * Answers given while the phone could not reach the server, one per poll (the latest), kept across a reload and tied
 * to their session and their poll's round: they are sent when the connection is back, or dropped with a word to the
 * voter if the vote closed, was reset or reopened.
 */
export interface Outbox {
  entries: (session: number) => [string, Answer][]
  round: (pollId: string) => number | undefined
  put: (session: number, pollId: string, answer: Answer, round: number | undefined) => void
  remove: (pollId: string) => void
}

export function createOutbox(storage: Storage = localStorage): Outbox {
  const read = (): Stored => {
    try {
      return JSON.parse(storage.getItem(storageKey) ?? '') as Stored
    }
    catch {
      return { session: 0, answers: {} }
    }
  }
  const write = (stored: Stored): void => storage.setItem(storageKey, JSON.stringify(stored))
  return {
    entries: (session) => {
      const stored = read()
      return stored.session === session ? Object.entries(stored.answers) : []
    },
    round: pollId => read().rounds?.[pollId],
    put: (session, pollId, answer, round) => {
      const stored = read()
      const same = stored.session === session
      write({ session, answers: { ...(same ? stored.answers : {}), [pollId]: answer }, rounds: { ...(same ? stored.rounds : {}), [pollId]: round } })
    },
    remove: (pollId) => {
      const { session, answers: { [pollId]: _sent, ...answers }, rounds } = read()
      write({ session, answers, rounds })
    },
  }
}
