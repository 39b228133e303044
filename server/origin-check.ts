import type { IncomingMessage } from 'node:http'

/**
 * Lets a browser connect only from a page of one of the addresses this server announces (its LAN address, localhost,
 * `PUBLIC_URL`) or an origin listed in `ALLOWED_ORIGINS`: never from whatever the `Host` header claims, which a page
 * elsewhere can control (DNS rebinding). Clients that are not browsers send no Origin.
 */
export function createOriginCheck(origins: Iterable<string>): (request: IncomingMessage) => boolean {
  const allowed = new Set([...origins].map(origin => new URL(origin).origin))
  return (request) => {
    const { origin } = request.headers
    return origin === undefined || allowed.has(origin)
  }
}

/** The origins a server listening on `port` is reached at, as it announces them. */
export function announcedOrigins(port: number, others: Iterable<string>): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`, ...others]
}
