// One recorded session read back for an export (the deck's PDF, the compte rendu), while the server may still run.
import type { PollCatalog } from '../core/poll-catalog'
import type { SessionState } from '../core/session/state'
import type { ServerConfig } from './config'
import type { EventStore } from './store/event-store'
import { existsSync } from 'node:fs'
import { replay } from '../core/session/rules'
import { databasePath } from './poll-app'
import { openRedisStore } from './store/redis-store'
import { openSqliteStore } from './store/sqlite-store'

export class UnknownSessionError extends Error {
  override name = 'UnknownSessionError'
}

/**
 * `session`: an id from /api/sessions, or `latest`. The log is read in one transaction, so the export shows the
 * session as it was at one instant. `null`: nothing was ever recorded and `latest` was asked for.
 */
export async function readSessionState(catalog: PollCatalog, { dataDir, redisUrl }: Pick<ServerConfig, 'dataDir' | 'redisUrl'>, session: string): Promise<SessionState | null> {
  if (!redisUrl && !existsSync(databasePath(dataDir))) {
    if (session !== 'latest')
      throw new UnknownSessionError(`Aucune session enregistrée dans ${dataDir} : impossible d’exporter la session ${session}.`)
    return null
  }
  const store: EventStore = redisUrl ? await openRedisStore(redisUrl, { readOnly: true }) : openSqliteStore(databasePath(dataDir), { catalog, readOnly: true })
  try {
    const sessions = await store.listSessions()
    const chosen = session === 'latest' ? sessions[0] : sessions.find(candidate => String(candidate.id) === session)
    if (!chosen)
      throw new UnknownSessionError(`Session « ${session} » inconnue. Sessions enregistrées : ${sessions.map(s => `${s.id} (${s.name})`).join(', ')}.`)
    return replay(catalog, chosen, await store.read(chosen.id))
  }
  finally {
    await store.close()
  }
}
