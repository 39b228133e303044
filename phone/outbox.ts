import type { Answer } from '../core/kinds/registry'

const storageKey = 'prejuges-web2:outbox'

interface Stored {
  session: number
  answers: Record<string, Answer>
}

/**
 * Answers given while the phone could not reach the server, one per poll (the latest), kept across a reload and tied
 * to their session: they are sent when the connection is back, or dropped with a word to the voter if the vote closed.
 */
export interface Outbox {
  entries: (session: number) => [string, Answer][]
  get: (pollId: string) => Answer | undefined
  put: (session: number, pollId: string, answer: Answer) => void
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
    get: pollId => read().answers[pollId],
    put: (session, pollId, answer) => {
      const stored = read()
      write({ session, answers: { ...(stored.session === session ? stored.answers : {}), [pollId]: answer } })
    },
    remove: (pollId) => {
      const { session, answers: { [pollId]: _sent, ...answers } } = read()
      write({ session, answers })
    },
  }
}
