// A feature's part of the phone page. Each lives in this folder, next to the others; `main.ts` mounts them from one list.
import type { Connection, VoteClient } from '../../client/vote-client'
import type { PhoneSnapshot } from '../../core/protocol'

/** What the page knows: the connection, and the server's state as the client holds it. */
export interface PhonePage {
  connection: Connection
  snapshot: PhoneSnapshot | null
}

type PhoneClient = VoteClient<PhoneSnapshot>

export interface MountedFeature {
  /** Draws the feature again when the page's state changes; none for a part drawn once. */
  redraw?: (page: PhonePage) => void
  /** Back in step with the server after a snapshot: send again what it missed or asked for. */
  resync?: () => void
}

export interface PhoneFeature {
  /** The id of the element of index.html it draws into. */
  section: string
  /** Builds its part once. */
  mount: (container: HTMLElement, client: PhoneClient) => MountedFeature
}
