// Where the phone page gets its state, and how it folds an update into the snapshot it holds. A module of its own, so
// that the page's bundle carries none of the deck's parsers.
import type { PhoneSnapshot, PhoneUpdate } from '../core/protocol'
import type { Channel } from './vote-client'
import { foldPhoneUpdate, phoneSnapshotSchema, phoneUpdateSchema } from '../core/outbound/phone'

export const phoneChannel: Channel<PhoneSnapshot, PhoneUpdate> = {
  snapshot: { event: 'phone:snapshot', schema: phoneSnapshotSchema },
  update: { event: 'phone:update', schema: phoneUpdateSchema },
  merge: foldPhoneUpdate,
}
