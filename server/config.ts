import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

export class ConfigError extends Error {
  override name = 'ConfigError'
}

export interface ServerConfig {
  port: number
  host: string
  dataDir: string
  /** A deck built elsewhere, served as is; by default `dist/`, rebuilt when stale. */
  deckDir?: string
  presenterToken?: string
  /** The address phones should use, when the LAN address is not it (a hotspot name, a reverse proxy). */
  publicUrl?: string
  allowedOrigins: string[]
}

/** Reads the environment once, at start, with a clear message for each mistake. */
export function readConfig(env: NodeJS.ProcessEnv, projectRoot: string): ServerConfig {
  const port = Number(env.PORT ?? 3030)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT doit être un numéro de port entre 1 et 65535 (0 : un port libre), pas « ${env.PORT} ».`)
  if (env.DECK_DIR !== undefined && !existsSync(resolve(projectRoot, env.DECK_DIR)))
    throw new ConfigError(`DECK_DIR désigne un dossier introuvable : « ${env.DECK_DIR} ».`)
  if (env.PUBLIC_URL !== undefined && !URL.canParse(env.PUBLIC_URL))
    throw new ConfigError(`PUBLIC_URL doit être une adresse complète (http://…), pas « ${env.PUBLIC_URL} ».`)
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(projectRoot, env.DATA_DIR ?? 'data'),
    deckDir: env.DECK_DIR && resolve(projectRoot, env.DECK_DIR),
    presenterToken: env.PRESENTER_TOKEN,
    publicUrl: env.PUBLIC_URL?.replace(/\/$/, ''),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map(origin => origin.trim()).filter(Boolean),
  }
}
