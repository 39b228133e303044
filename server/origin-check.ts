import type { IncomingMessage } from 'node:http'

/**
 * Lets a browser connect only from a page this server served (or an origin listed in `allowedOrigins`), so that a
 * page elsewhere cannot vote or drive polls with the presenter's browser. Clients that are not browsers send no Origin.
 */
export function isAllowedOrigin(request: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const { origin, host } = request.headers
  if (origin === undefined)
    return true
  if (allowedOrigins.includes(origin))
    return true
  try {
    return new URL(origin).host === host
  }
  catch {
    return false
  }
}
