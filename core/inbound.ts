// What clients send, as the server parses it: the handshake here, every message's payload in its feature's module
// (core/features/registry.ts's `messageTable`). No client bundle imports this module.
import * as v from 'valibot'
import { limits } from './limits'

/** A phone's random id, as its handshake gives it and the log keeps it. */
export const voterIdSchema = v.pipe(v.string(), v.regex(limits.voterIdPattern))

/** socket.io adds these to the handshake when it tries to recover a session after a short disconnection. */
const recoveryEntries = { pid: v.optional(v.pipe(v.string(), v.maxLength(64))), offset: v.optional(v.pipe(v.string(), v.maxLength(64))) }

export const handshakeSchema = v.variant('role', [
  v.strictObject({ role: v.literal('phone'), voterId: voterIdSchema, ...recoveryEntries }),
  v.strictObject({ role: v.picklist(['screen', 'presenter']), ...recoveryEntries }),
])
export type Handshake = v.InferOutput<typeof handshakeSchema>
