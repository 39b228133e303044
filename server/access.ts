// Who holds which rights: the presenter's secret, the cookies derived from it, and the expiring links that hand them out.

import type { Buffer } from 'node:buffer'
import type { IncomingHttpHeaders } from 'node:http'
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

export const minimumTokenLength = 16
/** How long a printed link works: a day's rehearsal and talk, not the next event. */
const linkLifetimeSeconds = 12 * 3600

export type Right = 'presenter' | 'screen'

export class TokenError extends Error {
  override name = 'TokenError'
}

export function tokenFile(dataDir: string): string {
  return join(dataDir, 'presenter-token')
}

function checkedToken(token: string, origin: string): string {
  if (token.length < minimumTokenLength)
    throw new TokenError(`${origin} doit compter au moins ${minimumTokenLength} caractères.`)
  return token
}

/**
 * The presenter's secret: `PRESENTER_TOKEN` if set, otherwise generated once and kept in the data directory, so that
 * restarting the server mid-talk does not lock the presenter out. It never leaves the server: browsers hold cookies
 * derived from it, and links carry expiring signatures.
 */
export function readPresenterToken(dataDir: string, fromEnvironment?: string): string {
  if (fromEnvironment !== undefined)
    return checkedToken(fromEnvironment, 'PRESENTER_TOKEN')
  const file = tokenFile(dataDir)
  if (existsSync(file))
    return checkedToken(readFileSync(file, 'utf8').trim(), `Le jeton de ${file}`)
  return rotatePresenterToken(dataDir)
}

/** Writes a new secret; every cookie and link made from the old one stops working. */
export function rotatePresenterToken(dataDir: string): string {
  const file = tokenFile(dataDir)
  const token = randomBytes(24).toString('base64url')
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(`${file}.new`, `${token}\n`, { mode: 0o600 })
  renameSync(`${file}.new`, file)
  return token
}

function sign(token: string, purpose: string): string {
  return createHmac('sha256', token).update(purpose).digest('base64url')
}

/** Compares in constant time, whatever the lengths. */
export function secretsMatch(expected: string, given: string): boolean {
  const digest = (value: string): Buffer => createHmac('sha256', 'compare').update(value).digest()
  return timingSafeEqual(digest(expected), digest(given))
}

function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const separator = part.indexOf('=')
    if (separator > 0)
      cookies.set(part.slice(0, separator).trim(), part.slice(separator + 1).trim())
  }
  return cookies
}

export interface Access {
  /** The rights a request's cookies (or, for scripts, its `Authorization: Bearer` header) carry. */
  rightsOf: (headers: IncomingHttpHeaders) => Set<Right>
  /** A link that hands its opener the right, valid for a day; the token itself is never in it. */
  loginPath: (right: Right, now?: Date) => string
  /** The `Set-Cookie` value for a login link's query, or `null` when it is forged or expired. */
  redeem: (query: URLSearchParams, secure: boolean) => string | null
  /** Reads the secret again (after `npm run rotate-token`); returns whether it changed. */
  reload: () => boolean
  readonly token: string
}

export function createAccess(dataDir: string, fromEnvironment?: string): Access {
  let token = readPresenterToken(dataDir, fromEnvironment)
  // Named after the secret: two servers on one host (ports do not separate cookies) keep their own.
  const cookieName = (right: Right): string => `pw_${right}_${sign(token, 'cookie-name').slice(0, 8)}`
  const cookieValue = (right: Right): string => sign(token, `cookie:${right}`)

  return {
    get token() {
      return token
    },
    rightsOf: (headers) => {
      const rights = new Set<Right>()
      const bearer = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1]
      const cookies = parseCookies(headers.cookie)
      const presenterCookie = cookies.get(cookieName('presenter'))
      if ((bearer !== undefined && secretsMatch(token, bearer)) || (presenterCookie !== undefined && secretsMatch(cookieValue('presenter'), presenterCookie)))
        rights.add('presenter').add('screen')
      const screenCookie = cookies.get(cookieName('screen'))
      if (screenCookie !== undefined && secretsMatch(cookieValue('screen'), screenCookie))
        rights.add('screen')
      return rights
    },
    loginPath: (right, now = new Date()) => {
      const expires = Math.floor(now.getTime() / 1000) + linkLifetimeSeconds
      return `/connexion?${new URLSearchParams({ droit: right, expire: String(expires), signature: sign(token, `login:${right}:${expires}`) })}`
    },
    redeem: (query, secure) => {
      const right = query.get('droit')
      const expires = Number(query.get('expire'))
      const signature = query.get('signature') ?? ''
      if ((right !== 'presenter' && right !== 'screen') || !Number.isInteger(expires) || expires * 1000 < Date.now())
        return null
      if (!secretsMatch(sign(token, `login:${right}:${expires}`), signature))
        return null
      return `${cookieName(right)}=${cookieValue(right)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${linkLifetimeSeconds}${secure ? '; Secure' : ''}`
    },
    reload: () => {
      if (fromEnvironment !== undefined)
        return false
      const previous = token
      token = readPresenterToken(dataDir)
      return token !== previous
    },
  }
}
