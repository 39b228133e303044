import type { Buffer } from 'node:buffer'
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

const minimumLength = 16

/**
 * The presenter's secret: `PRESENTER_TOKEN` if set, otherwise generated once and kept next to the votes, so that
 * restarting the server mid-talk does not lock the presenter out of the deck they already opened.
 */
export function loadPresenterToken(fromEnvironment: string | undefined, tokenFile: string): string {
  if (fromEnvironment !== undefined) {
    if (fromEnvironment.length < minimumLength)
      throw new Error(`PRESENTER_TOKEN doit compter au moins ${minimumLength} caractères.`)
    return fromEnvironment
  }
  if (existsSync(tokenFile))
    return readFileSync(tokenFile, 'utf8').trim()
  const token = randomBytes(18).toString('base64url')
  mkdirSync(dirname(tokenFile), { recursive: true })
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 })
  return token
}

/** Compares in constant time, whatever the lengths. */
export function tokenMatches(expected: string, given: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest()
  return timingSafeEqual(digest(expected), digest(given))
}
