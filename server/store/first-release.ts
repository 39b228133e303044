// The first release kept a table per kind of fact; this replays those tables into the event log, once, on open.
import type Database from 'better-sqlite3'
import type { Answer } from '../../core/kinds/registry'
import type { PollCatalog } from '../../core/poll-catalog'
import type { SessionEvent } from '../../core/session/events'
import { pollDefinition } from '../../core/poll-catalog'
import { storedRow } from './stored-events'

interface PollRow { session_id: number, poll_id: string, status: 'idle' | 'open' | 'closed', revealed: number, round: number }
interface BallotRow { voter_id: string, answer: string }

/** A first-release answer (an option, options, or words) in the shape its poll's kind now gives it. */
function typedAnswer(catalog: PollCatalog, pollId: string, stored: string): Answer | undefined {
  const value: unknown = JSON.parse(stored)
  const kind = pollDefinition(catalog, pollId)?.kind
  if ((kind === 'single' || kind === 'quiz') && typeof value === 'number')
    return { kind, choice: value }
  if (kind === 'scale' && typeof value === 'number')
    return { kind, point: value }
  if (kind === 'multi' && Array.isArray(value))
    return { kind, choices: value as number[] }
  if (kind === 'words' && Array.isArray(value))
    return { kind, words: value as string[] }
  return undefined
}

/**
 * Each round becomes open, ballots, close and reset, so earlier rounds stay in the log as they stayed in the tables;
 * the current round ends in its stored status. The old tables are kept under a `v1_` name: nothing is lost, not even
 * ballots of polls the deck no longer has.
 */
export function migrateFirstRelease(db: Database.Database, catalog: PollCatalog): void {
  const append = db.prepare<[number, number, number, string]>('INSERT INTO events (session_id, seq, version, event) VALUES (?, ?, ?, ?)')
  const ballots = db.prepare<[number, string, number], BallotRow>('SELECT voter_id, answer FROM ballots WHERE session_id = ? AND poll_id = ? AND round = ? ORDER BY voter_id')
  const banned = db.prepare<[number, string], { word: string }>('SELECT word FROM banned_words WHERE session_id = ? AND poll_id = ?')
  const seqs = new Map<number, number>()
  const write = (sessionId: number, event: SessionEvent): void => {
    const seq = (seqs.get(sessionId) ?? 0) + 1
    seqs.set(sessionId, seq)
    const { version, text } = storedRow(event)
    append.run(sessionId, seq, version, text)
  }

  for (const poll of db.prepare<[], PollRow>('SELECT session_id, poll_id, status, revealed, round FROM poll_states ORDER BY session_id, poll_id').all()) {
    const { session_id: sessionId, poll_id: pollId } = poll
    if (!pollDefinition(catalog, pollId))
      continue
    const castRound = (round: number): void => {
      for (const ballot of ballots.all(sessionId, pollId, round)) {
        const answer = typedAnswer(catalog, pollId, ballot.answer)
        if (answer)
          write(sessionId, { type: 'ballot-cast', pollId, voterId: ballot.voter_id, answer })
      }
    }
    for (let round = 0; round < poll.round; round++) {
      write(sessionId, { type: 'poll-opened', pollId })
      castRound(round)
      write(sessionId, { type: 'poll-closed', pollId })
      write(sessionId, { type: 'poll-reset', pollId })
    }
    if (poll.status !== 'idle') {
      write(sessionId, { type: 'poll-opened', pollId })
      castRound(poll.round)
      if (poll.status === 'closed')
        write(sessionId, { type: 'poll-closed', pollId })
    }
    if (poll.revealed === 1)
      write(sessionId, { type: 'poll-revealed', pollId })
    // After the ballots: a word removed after it was given must not refuse the ballot that gave it.
    for (const { word } of banned.all(sessionId, pollId))
      write(sessionId, { type: 'word-banned', pollId, word })
  }
  for (const table of ['poll_states', 'ballots', 'banned_words'])
    db.exec(`ALTER TABLE ${table} RENAME TO v1_${table}`)
}
