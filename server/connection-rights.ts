// Rights belong to each namespace join, judged against the token of the moment: an engine.io connection keeps only the
// credentials its opening request carried, never the rights they gave then.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import type { Handshake } from '../core/inbound'
import type { Access, Right } from './access'
import type { PollServer, PollSocket, SocketData } from './socket-types'
import { clientAddress } from './client-address'

/** engine.io's connection, as far as this module needs it. */
interface EngineConnection {
  request: IncomingMessage | null
  close: () => void
  once: (event: 'close', listener: () => void) => void
}

interface Opening {
  address: string
  credentials: Pick<IncomingHttpHeaders, 'cookie' | 'authorization'>
  /** Whether the credentials gave any right when the connection opened: a rotation closes such connections. */
  carriedRights: boolean
}

export interface ConnectionRights {
  /** The address a socket's connection came from, and the rights its credentials prove now; undefined if unknown. */
  proven: (socket: PollSocket) => { address: string, rights: Set<Right> } | undefined
  /** After the token changed: closes every connection opened with rights, whatever its sockets are doing. */
  revoke: () => void
}

export function trackConnectionRights(io: PollServer, access: Access, trustProxy: boolean): ConnectionRights {
  const openings = new Map<object, Opening>()
  io.engine.on('connection', (connection: EngineConnection) => {
    const request = connection.request!
    const credentials = { cookie: request.headers.cookie, authorization: request.headers.authorization }
    openings.set(connection, { address: clientAddress(request, trustProxy), credentials, carriedRights: access.rightsOf(credentials).size > 0 })
    connection.once('close', () => openings.delete(connection))
    // Kept by default for every connection; nothing here needs it past this point.
    connection.request = null
  })
  // A dropped presenter or screen socket comes back through the handshake, never with the rooms or missed messages of
  // its old session: only phones' sessions are kept for recovery (a deck gets a full snapshot on every join anyway).
  const { adapter } = io.of('/')
  const persist = adapter.persistSession.bind(adapter)
  adapter.persistSession = session => (session.data as Partial<SocketData> | undefined)?.role === 'phone' ? persist(session) : undefined

  return {
    proven: (socket) => {
      const opening = openings.get(socket.conn)
      return opening && { address: opening.address, rights: access.rightsOf(opening.credentials) }
    },
    revoke: () => {
      for (const [connection, opening] of openings) {
        if (opening.carriedRights)
          (connection as EngineConnection).close()
      }
    },
  }
}

/**
 * A recovered session keeps its rooms only if this handshake asks for the same voter: otherwise the socket leaves them
 * (and the middleware gives it the data of the new handshake). Deck sessions are never recovered, see above.
 */
export function keepRecoveredStateOnlyFor(socket: PollSocket, handshake: Handshake): void {
  if (!socket.recovered)
    return
  const restored = socket.data as Partial<typeof socket.data> | undefined
  const sameVoter = restored?.role === 'phone' && handshake.role === 'phone' && restored.voterId === handshake.voterId
  if (sameVoter)
    return
  for (const room of socket.rooms)
    socket.leave(room)
}
