// The benchmark's presenter: one connection with the presenter's rights, which opens polls and logs, with its arrival
// time, every tally of the poll under watch. It speaks the wire contract the presenter view speaks.
import type { DeckSnapshot, DeckUpdate } from '../core/protocol'
import type { AckReply } from './raw-client'
import { connectRaw } from './raw-client'
import { now } from './time'

export interface TallyUpdate {
  at: number
  voters: number
  counts?: number[]
}

/** What the presenter knows of the deck, snapshot and updates merged. */
export type DeckView = Pick<DeckUpdate, 'nav' | 'polls'>

export interface Presenter {
  /** Sends a presenter command; fails unless the server accepts it. */
  command: (event: 'poll:open' | 'nav', payload: object) => Promise<void>
  /** From now on, records every tally of this poll that arrives. */
  watch: (pollId: string) => TallyUpdate[]
  /** The poll's tally as this presenter last saw it. */
  tally: (pollId: string) => Omit<TallyUpdate, 'at'>
  /** Resolves once the deck, as this presenter sees it, passes `check`; fails after `timeoutMs`. */
  until: (check: (deck: DeckView) => boolean, timeoutMs: number) => Promise<void>
  close: () => void
}

function tallyOf(poll: NonNullable<DeckView['polls']>[string]): Omit<TallyUpdate, 'at'> {
  return { voters: poll.voters, counts: poll.results && 'counts' in poll.results ? poll.results.counts : undefined }
}

export async function connectPresenter(url: string, token: string): Promise<Presenter> {
  const deck: DeckView = { polls: {} }
  let watched: { pollId: string, updates: TallyUpdate[] } | undefined
  let changed = (): void => {}
  let snapshotReceived!: () => void
  const snapshot = new Promise<void>(resolve => snapshotReceived = resolve)

  const client = await connectRaw({
    url,
    auth: { role: 'presenter' },
    headers: { authorization: `Bearer ${token}` },
    onEvent: (name, payload) => {
      if (name !== 'deck:snapshot' && name !== 'deck:update')
        return
      const at = now()
      const { nav, polls } = payload as DeckSnapshot | DeckUpdate
      if (nav !== undefined)
        deck.nav = nav
      Object.assign(deck.polls!, polls)
      const poll = watched && polls?.[watched.pollId]
      if (poll)
        watched!.updates.push({ at, ...tallyOf(poll) })
      if (name === 'deck:snapshot')
        snapshotReceived()
      changed()
    },
  })
  await snapshot

  return {
    command: (event, payload) => new Promise((resolve, reject) => client.emit(event, payload, (reply: AckReply) =>
      reply.ok ? resolve() : reject(new Error(`${event} ${JSON.stringify(payload)}: ${reply.error}`)))),
    tally: (pollId) => {
      const poll = deck.polls?.[pollId]
      return poll ? tallyOf(poll) : { voters: 0 }
    },
    watch: (pollId) => {
      watched = { pollId, updates: [] }
      return watched.updates
    },
    until: (check, timeoutMs) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the presenter did not see it within ${timeoutMs} ms`)), timeoutMs)
      changed = () => {
        if (check(deck)) {
          clearTimeout(timer)
          changed = () => {}
          resolve()
        }
      }
      changed()
    }),
    close: client.close,
  }
}
