// The phone page: one vote client, and the features' parts of the page (phone/features/), mounted from one list.
import type { MountedFeature, PhoneFeature, PhonePage } from './features/feature'
import { phoneChannel } from '../client/phone-channel'
import { createVoteClient } from '../client/vote-client'
import { polls } from './features/polls'
import { questions } from './features/questions'
import { reactions } from './features/reactions'
import { loadVoterId } from './voter-id'
import './style.css'

/** In the order of the page. */
const features: PhoneFeature[] = [polls, questions, reactions]

const connectionLine = document.getElementById('connection')!
const voterId = loadVoterId()
// Its first change comes once connected, after the features below are mounted.
const client = createVoteClient({
  channel: phoneChannel,
  handshake: () => ({ role: 'phone', voterId }),
  onChange: (connection, snapshot) => redraw({ connection, snapshot }),
  onSnapshot: resync,
})
const mounted: MountedFeature[] = features.map(feature => feature.mount(document.getElementById(feature.section)!, client))

function redraw(page: PhonePage): void {
  const { connection } = page
  connectionLine.textContent = connection.status === 'online' ? '' : connection.refusal?.message ?? (connection.status === 'offline' ? 'Connexion perdue, reconnexion en cours…' : '')
  mounted.forEach(feature => feature.redraw?.(page))
}

/** Back in step with the server: each feature sends again what it missed or asked for. */
function resync(): void {
  mounted.forEach(feature => feature.resync?.())
}
