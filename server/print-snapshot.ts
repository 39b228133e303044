import type { PollCatalog } from '../core/poll-definitions'
import type { PrintSnapshot } from '../core/print-snapshot'
import { existsSync } from 'node:fs'
import { databasePath } from './poll-app'
import { viewPolls } from './snapshots'
import { openSqliteStore } from './store/sqlite-store'

export class UnknownSessionError extends Error {
  override name = 'UnknownSessionError'
}

/** A session's results as the PDF prints them: everything, blind polls and quiz answers included. */
export async function loadPrintSnapshot(catalog: PollCatalog, dataDir: string, session: string, joinUrl: string): Promise<PrintSnapshot> {
  const path = databasePath(dataDir)
  if (!existsSync(path)) {
    if (session !== 'latest')
      throw new UnknownSessionError(`Aucune session enregistrée dans ${dataDir} : impossible d’exporter la session ${session}.`)
    return { session: null, joinUrl, polls: viewPolls(catalog, new Map(), 'presenter') }
  }
  const store = openSqliteStore(path)
  try {
    const sessions = await store.listSessions()
    const chosen = session === 'latest' ? sessions[0] : sessions.find(candidate => String(candidate.id) === session)
    if (!chosen)
      throw new UnknownSessionError(`Session « ${session} » inconnue. Sessions enregistrées : ${sessions.map(s => `${s.id} (${s.name})`).join(', ')}.`)
    const state = (await store.loadSession(chosen.id))!
    return { session: chosen, joinUrl, polls: viewPolls(catalog, state.polls, 'presenter') }
  }
  finally {
    await store.close()
  }
}
