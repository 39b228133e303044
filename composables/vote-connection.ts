// The deck's one connection per tab to the vote server, shared by every poll on every slide of the tab.
import type { Connection, VoteClient } from '../client/vote-client'
import type { ReactionCounts } from '../core/features/reactions'
import type { MessageName, Payload } from '../core/features/registry'
import type { DeckRole } from '../core/features/sessions'
import type { DeckSnapshot } from '../core/protocol'
import { reactive } from 'vue'
import { deckChannel } from '../client/deck-channel'
import { createVoteClient } from '../client/vote-client'
import { reactionsSchema } from '../core/outbound/deck'

export interface VoteConnectionState {
  connection: Connection
  snapshot: DeckSnapshot | null
  /** The reactions of the moment, with when they came, for the projection to show briefly. */
  reactions: { counts: ReactionCounts, at: number } | null
}

export const voteConnection = reactive<VoteConnectionState>({ connection: { status: 'connecting', refusal: null }, snapshot: null, reactions: null })

let client: VoteClient<DeckSnapshot> | null = null
/** What the tab asks for: the presenter view drives the polls, any other view shows them. */
let role: DeckRole = 'screen'

/** Connects this tab, once; switching between the audience and presenter views only changes the handshake. */
export function connectVotes(asPresenter: boolean): void {
  const wanted: DeckRole = asPresenter ? 'presenter' : 'screen'
  if (client && wanted === role)
    return
  role = wanted
  if (client)
    return client.reconnect()
  client = createVoteClient({
    channel: deckChannel,
    handshake: () => ({ role }),
    onChange: (connection, snapshot) => Object.assign(voteConnection, { connection, snapshot }),
  })
  client.listen('reactions', reactionsSchema, counts => voteConnection.reactions = { counts, at: Date.now() })
}

/** Sends a presenter action; resolves with a French message when it was refused, or `null`. */
export async function sendPresenterAction<E extends MessageName>(event: E, payload: Payload<E>): Promise<string | null> {
  const result = await client?.send(event, payload)
  return !result ? 'Serveur de vote injoignable.' : result.ok ? null : result.message
}
