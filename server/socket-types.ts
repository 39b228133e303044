// The socket.io server's types, shared by the socket edge, the broadcaster and the cluster link.
import type { Server, Socket } from 'socket.io'
import type { Presence, RoomBounds } from '../core/features/presence'
import type { ClientToServerEvents, ServerToClientEvents } from '../core/protocol'

/** `refusedInARow`: its messages refused in a row, for the flood's silence (server/socket-messages.ts). */
export type SocketData = ({ role: 'phone', voterId: string, address: string } | { role: 'screen' | 'presenter', address: string }) & { refusedInARow: number }

/** How many phones one server holds, told to the others sharing the session. */
export interface PresenceReport extends Presence {
  server: string
}

/** Between servers sharing one session, through socket.io's Redis adapter. */
export interface ServerSideEvents {
  presence: (report: PresenceReport) => void
  /** The presenter changed a bound of the room on one server. */
  bounds: (changed: Partial<RoomBounds>) => void
}

export type PollServer = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>
export type PollSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>
