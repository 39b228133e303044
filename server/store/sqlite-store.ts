import type { Answer, PollStatus, SessionInfo } from '../../core/protocol'
import type { SessionEvent, SessionState } from '../../core/tally'
import type { VoteStore } from './vote-store'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { emptySession, freshPoll } from '../../core/tally'

const schema = `
CREATE TABLE IF NOT EXISTS sessions (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  started_at TEXT NOT NULL,
  focus_poll TEXT
);
CREATE TABLE IF NOT EXISTS poll_states (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  poll_id TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'idle',
  revealed INTEGER NOT NULL DEFAULT 0,
  round INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (session_id, poll_id)
) WITHOUT ROWID;
-- One row per voter, poll and round: a random voter id and an answer; no address, no time.
CREATE TABLE IF NOT EXISTS ballots (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  poll_id TEXT NOT NULL,
  round INTEGER NOT NULL,
  voter_id TEXT NOT NULL,
  answer TEXT NOT NULL,
  PRIMARY KEY (session_id, poll_id, round, voter_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS banned_words (
  session_id INTEGER NOT NULL REFERENCES sessions(id),
  poll_id TEXT NOT NULL,
  word TEXT NOT NULL,
  PRIMARY KEY (session_id, poll_id, word)
) WITHOUT ROWID;
`

interface SessionRow { id: number, name: string, started_at: string, focus_poll: string | null }
interface PollRow { poll_id: string, status: PollStatus, revealed: number, round: number }
interface BallotRow { poll_id: string, voter_id: string, answer: string }
interface BannedRow { poll_id: string, word: string }

function toSessionInfo(row: SessionRow): SessionInfo {
  return { id: row.id, name: row.name, startedAt: row.started_at }
}

/**
 * SQLite in WAL mode with `synchronous = FULL`: a committed batch is on disk, so an acknowledged vote survives a crash
 * or a power cut. Batching votes per commit keeps that to one fsync per batch.
 */
export function openSqliteStore(path: string): VoteStore {
  if (path !== ':memory:')
    mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.exec(schema)

  const statements = {
    listSessions: db.prepare<[], SessionRow>('SELECT * FROM sessions ORDER BY id DESC'),
    session: db.prepare<[number], SessionRow>('SELECT * FROM sessions WHERE id = ?'),
    createSession: db.prepare<[string, string], SessionRow>('INSERT INTO sessions (name, started_at) VALUES (?, ?) RETURNING *'),
    polls: db.prepare<[number], PollRow>('SELECT poll_id, status, revealed, round FROM poll_states WHERE session_id = ?'),
    ballots: db.prepare<[number], BallotRow>(`
      SELECT b.poll_id, b.voter_id, b.answer FROM ballots b
      JOIN poll_states p ON p.session_id = b.session_id AND p.poll_id = b.poll_id AND p.round = b.round
      WHERE b.session_id = ?`),
    banned: db.prepare<[number], BannedRow>('SELECT poll_id, word FROM banned_words WHERE session_id = ?'),
    castBallot: db.prepare(`
      INSERT INTO ballots (session_id, poll_id, round, voter_id, answer) VALUES (@sessionId, @pollId, @round, @voterId, @answer)
      ON CONFLICT DO UPDATE SET answer = excluded.answer`),
    setStatus: db.prepare(`
      INSERT INTO poll_states (session_id, poll_id, status) VALUES (@sessionId, @pollId, @status)
      ON CONFLICT DO UPDATE SET status = excluded.status`),
    reveal: db.prepare(`
      INSERT INTO poll_states (session_id, poll_id, revealed) VALUES (@sessionId, @pollId, 1)
      ON CONFLICT DO UPDATE SET revealed = 1`),
    reset: db.prepare(`
      INSERT INTO poll_states (session_id, poll_id, round) VALUES (@sessionId, @pollId, @round)
      ON CONFLICT DO UPDATE SET status = 'idle', revealed = 0, round = excluded.round`),
    banWord: db.prepare('INSERT OR IGNORE INTO banned_words (session_id, poll_id, word) VALUES (@sessionId, @pollId, @word)'),
    setFocus: db.prepare('UPDATE sessions SET focus_poll = @pollId WHERE id = @sessionId'),
  }

  const writeEvent = (sessionId: number, event: SessionEvent): void => {
    switch (event.type) {
      case 'ballot-cast':
        statements.castBallot.run({ sessionId, pollId: event.pollId, round: event.round, voterId: event.voterId, answer: JSON.stringify(event.answer) })
        break
      case 'status-changed':
        statements.setStatus.run({ sessionId, pollId: event.pollId, status: event.status })
        break
      case 'revealed':
        statements.reveal.run({ sessionId, pollId: event.pollId })
        break
      case 'reset':
        statements.reset.run({ sessionId, pollId: event.pollId, round: event.round })
        break
      case 'word-banned':
        statements.banWord.run({ sessionId, pollId: event.pollId, word: event.word })
        break
      case 'focus-changed':
        statements.setFocus.run({ sessionId, pollId: event.pollId })
        break
    }
  }
  const commitBatch = db.transaction((sessionId: number, events: SessionEvent[]) => {
    for (const event of events)
      writeEvent(sessionId, event)
  })

  const loadSession = (id: number): SessionState | undefined => {
    const row = statements.session.get(id)
    if (!row)
      return undefined
    const state = emptySession(toSessionInfo(row))
    state.focus = row.focus_poll
    for (const poll of statements.polls.all(id))
      state.polls.set(poll.poll_id, { ...freshPoll(poll.round), status: poll.status, revealed: poll.revealed === 1 })
    for (const ballot of statements.ballots.all(id))
      state.polls.get(ballot.poll_id)!.ballots.set(ballot.voter_id, JSON.parse(ballot.answer) as Answer)
    for (const { poll_id, word } of statements.banned.all(id)) {
      const poll = state.polls.get(poll_id) ?? freshPoll()
      poll.banned.add(word)
      state.polls.set(poll_id, poll)
    }
    return state
  }

  return {
    listSessions: async () => statements.listSessions.all().map(toSessionInfo),
    loadSession: async id => loadSession(id),
    createSession: async name => toSessionInfo(statements.createSession.get(name, new Date().toISOString())!),
    commit: async (sessionId, events) => {
      commitBatch(sessionId, events)
    },
    close: async () => {
      db.close()
    },
  }
}
