import type { PollCatalog } from '../core/poll-catalog'
import type { PrintSnapshot } from '../core/print-snapshot'
import type { Privacy } from '../core/session/privacy'
import type { PollView } from '../core/session/views'
import type { ServerConfig } from './config'
import type { EventStore } from './store/event-store'
import { existsSync } from 'node:fs'
import { viewQuestions } from '../core/session/questions'
import { replay } from '../core/session/rules'
import { viewPolls } from '../core/session/views'
import { databasePath } from './poll-app'
import { openRedisStore } from './store/redis-store'
import { openSqliteStore } from './store/sqlite-store'

export class UnknownSessionError extends Error {
  override name = 'UnknownSessionError'
}

/** The results as a reader of the handout may see them: what the room could, and a quiz's answer only if the room saw it. */
function printedView(view: PollView): PollView {
  return view.revealed ? view : { ...view, correct: null }
}

/**
 * A session's results as the PDF prints them. Read while the server may still be running: the log is read in one
 * transaction, so the PDF shows the session as it was at one instant.
 */
export async function loadPrintSnapshot(catalog: PollCatalog, { dataDir, redisUrl }: Pick<ServerConfig, 'dataDir' | 'redisUrl'>, session: string, privacy: Privacy): Promise<PrintSnapshot> {
  const path = databasePath(dataDir)
  const printed = (polls: Record<string, PollView>): Record<string, PollView> =>
    Object.fromEntries(Object.entries(polls).map(([id, view]) => [id, printedView(view)]))
  if (!redisUrl && !existsSync(path)) {
    if (session !== 'latest')
      throw new UnknownSessionError(`Aucune session enregistrée dans ${dataDir} : impossible d’exporter la session ${session}.`)
    return { session: null, polls: printed(viewPolls(catalog, new Map(), 'record', privacy)), threshold: privacy.threshold, questions: [] }
  }
  const store: EventStore = redisUrl ? await openRedisStore(redisUrl, { readOnly: true }) : openSqliteStore(path, { catalog, readOnly: true })
  try {
    const sessions = await store.listSessions()
    const chosen = session === 'latest' ? sessions[0] : sessions.find(candidate => String(candidate.id) === session)
    if (!chosen)
      throw new UnknownSessionError(`Session « ${session} » inconnue. Sessions enregistrées : ${sessions.map(s => `${s.id} (${s.name})`).join(', ')}.`)
    const state = replay(catalog, chosen, await store.read(chosen.id))
    return { session: chosen, polls: printed(viewPolls(catalog, state.polls, 'record', privacy)), threshold: privacy.threshold, questions: viewQuestions(state.questions, 'room') }
  }
  finally {
    await store.close()
  }
}
