import type { SessionChoice } from './session-start'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { sessionChoices } from './session-start'

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export interface ServerConfig {
  port: number
  host: string
  dataDir: string
  /** Decks built elsewhere (`presenter/` and `screen/` inside), served as is; by default `dist/`, rebuilt when stale. */
  deckDir?: string
  presenterToken?: string
  /** The address phones should use, when the LAN address is not it (a hotspot name, a reverse proxy). */
  publicUrl?: string
  allowedOrigins: string[]
  /** Voter ids one network address may bring; 0 lifts the limit. */
  maxVotersPerAddress: number
  /** How long a dropped connection can come back with what it missed instead of a fresh snapshot. */
  recoveryWindowMs: number
  /** How long a phone's voter id keeps its place in its address's limit once its sockets are gone. */
  voterReleaseMs: number
  /** Connections one address may open per second (five seconds' worth at once); 0 lifts the limit. */
  handshakesPerAddress: number
  /** The audience the presenter expects: more voters than this, and the presenter is warned. Unset: no warning. */
  expectedAudience?: number
  /** Behind a reverse proxy the presenter trusts: client addresses and HTTPS come from its `X-Forwarded-*` headers. */
  trustProxy: boolean
  /** Several servers share one session through this Redis; without it, one server keeps the votes in SQLite. */
  redisUrl?: string
  /** `SESSION`: which session the server records into at start; absent, the latest one. */
  session?: SessionChoice
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, { min, max }: { min: number, max: number }): number {
  const raw = env[name]
  const value = Number(raw ?? fallback)
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ConfigError(`${name} doit être un nombre entier entre ${min} et ${max}, pas « ${raw} ».`)
  return value
}

/** Reads the environment once, at start, with a clear message for each mistake. `mode` gives dev its own data. */
export function readConfig(env: NodeJS.ProcessEnv, projectRoot: string, mode: 'present' | 'dev' = 'present'): ServerConfig {
  if (env.DECK_DIR !== undefined && !existsSync(resolve(projectRoot, env.DECK_DIR)))
    throw new ConfigError(`DECK_DIR désigne un dossier introuvable : « ${env.DECK_DIR} ».`)
  if (env.PUBLIC_URL !== undefined && !URL.canParse(env.PUBLIC_URL))
    throw new ConfigError(`PUBLIC_URL doit être une adresse complète (http://… ou https://…), pas « ${env.PUBLIC_URL} ».`)
  const allowedOrigins = (env.ALLOWED_ORIGINS ?? '').split(',').map(origin => origin.trim()).filter(Boolean)
  const badOrigin = allowedOrigins.find(origin => !URL.canParse(origin))
  if (badOrigin)
    throw new ConfigError(`ALLOWED_ORIGINS doit lister des adresses complètes (http://…), pas « ${badOrigin} ».`)
  // Rehearsals stay on one machine: a Redis meant for the talk is never touched by `npm run dev`.
  const redisUrl = mode === 'present' ? env.REDIS_URL : undefined
  if (redisUrl !== undefined && !/^rediss?:$/.test(URL.parse(redisUrl)?.protocol ?? ''))
    throw new ConfigError(`REDIS_URL doit être une adresse redis://… ou rediss://…, pas « ${redisUrl} ».`)
  const session = (env.SESSION ?? 'auto') as SessionChoice
  if (!sessionChoices.includes(session))
    throw new ConfigError(`SESSION doit valoir ${sessionChoices.join(', ')}, pas « ${env.SESSION} ».`)
  return {
    port: integer(env, 'PORT', 3030, { min: 0, max: 65535 }),
    host: env.HOST ?? '0.0.0.0',
    // Rehearsals in `npm run dev` keep their votes and their token apart from the real sessions.
    dataDir: resolve(projectRoot, env.DATA_DIR ?? (mode === 'dev' ? 'data/dev' : 'data')),
    deckDir: env.DECK_DIR && resolve(projectRoot, env.DECK_DIR),
    presenterToken: env.PRESENTER_TOKEN,
    publicUrl: env.PUBLIC_URL?.replace(/\/$/, ''),
    allowedOrigins,
    maxVotersPerAddress: integer(env, 'MAX_VOTERS_PER_ADDRESS', 5, { min: 0, max: 1_000_000 }),
    recoveryWindowMs: integer(env, 'RECOVERY_WINDOW_MS', 120_000, { min: 0, max: 3_600_000 }),
    voterReleaseMs: integer(env, 'VOTER_RELEASE_MS', 600_000, { min: 0, max: 86_400_000 }),
    handshakesPerAddress: integer(env, 'HANDSHAKES_PER_ADDRESS', 10, { min: 0, max: 1_000_000 }),
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    redisUrl,
    session,
  }
}
