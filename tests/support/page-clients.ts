import type { Connection } from '../../client/vote-client'
import { createVoteClient } from '../../client/vote-client'

/** One of the clients the pages run (the same module, the same options), watched by the test. */
export function watchedClient<S, U>(channel: Parameters<typeof createVoteClient<S, U>>[0]['channel'], handshake: () => ReturnType<Parameters<typeof createVoteClient>[0]['handshake']>, url: string, cookie?: string, localAddress?: string) {
  const seen = { connection: { status: 'connecting', refusal: null } as Connection, snapshot: null as S | null, snapshots: 0 }
  const client = createVoteClient({
    channel,
    handshake,
    node: { url, ...(cookie && { extraHeaders: { cookie } }), ...(localAddress && { localAddress }) },
    onChange: (connection, snapshot) => Object.assign(seen, { connection, snapshot }),
    onSnapshot: () => seen.snapshots += 1,
  })
  return { client, seen }
}
