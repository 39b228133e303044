import type { IncomingMessage } from 'node:http'

/**
 * The address a request came from: the TCP peer, or, behind a reverse proxy the presenter said to trust
 * (`TRUST_PROXY=1`), the address that proxy saw, which it appends last to `X-Forwarded-For`.
 */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = trustProxy ? String(request.headers['x-forwarded-for'] ?? '').split(',').map(part => part.trim()).filter(Boolean).at(-1) : undefined
  return forwarded ?? request.socket.remoteAddress ?? 'unknown'
}
