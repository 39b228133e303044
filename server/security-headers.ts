import type { ServerResponse } from 'node:http'

/**
 * Headers every page gets. No `unsafe-eval`: the built deck and the phone page need none. Styles stay inline-capable
 * because Vue and Slidev set some from script; scripts come only from this server, or match the phone page's hash.
 */
export function setSecurityHeaders(response: ServerResponse, { scriptHashes = [], styleHashes = [] }: { scriptHashes?: string[], styleHashes?: string[] } = {}): void {
  const hashed = (hashes: string[]): string => hashes.map(hash => ` 'sha256-${hash}'`).join('')
  const styles = styleHashes.length > 0 ? `'self'${hashed(styleHashes)}` : `'self' 'unsafe-inline'`
  response.setHeader('Content-Security-Policy', [
    `default-src 'self'`,
    `script-src 'self'${hashed(scriptHashes)}`,
    `style-src ${styles}`,
    `img-src 'self' data: blob:`,
    `font-src 'self' data:`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; '))
  response.setHeader('X-Frame-Options', 'DENY')
  setBaseHeaders(response)
}

/**
 * Headers for Vite's development pages, which Slidev serves to the presenter: no script policy, since Vite's client
 * and hot reload run inline code, but no framing by another site, no sniffing, no referrer.
 */
export function setDevSecurityHeaders(response: ServerResponse): void {
  response.setHeader('Content-Security-Policy', `frame-ancestors 'self'`)
  response.setHeader('X-Frame-Options', 'SAMEORIGIN')
  setBaseHeaders(response)
}

function setBaseHeaders(response: ServerResponse): void {
  response.setHeader('X-Content-Type-Options', 'nosniff')
  response.setHeader('Referrer-Policy', 'no-referrer')
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  response.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()')
}
