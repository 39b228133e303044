// talk.yml, read and checked where the deck is started, built or exported.
import type { Privacy } from '../core/session/privacy'
import type { TalkConfig } from '../core/talk-config'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import process from 'node:process'
import { parse, YAMLParseError } from 'yaml'
import { parseTalkConfig, TalkConfigError } from '../core/talk-config'
import { projectRoot } from './project-root'

/** Another file than the checkout's talk.yml, e.g. one per client kept outside the repository. */
export const talkConfigVariable = 'TALK_CONFIG'

export function talkConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return env[talkConfigVariable] ? resolve(env[talkConfigVariable]) : join(projectRoot, 'talk.yml')
}

/** The file's text, or an empty one when the checkout has none: the deck works without it. */
export function readTalkConfigSource(path = talkConfigPath()): string {
  if (existsSync(path))
    return readFileSync(path, 'utf8')
  if (path !== talkConfigPath({}))
    throw new TalkConfigError(`${talkConfigVariable} désigne un fichier introuvable : ${path}`)
  return ''
}

export function loadTalkConfig(path = talkConfigPath()): TalkConfig {
  let raw: unknown
  try {
    raw = parse(readTalkConfigSource(path))
  }
  catch (error) {
    if (!(error instanceof YAMLParseError))
      throw error
    const line = error.linePos?.[0].line
    throw new TalkConfigError(`talk.yml : le fichier n’est pas du YAML valide${line ? `, ligne ${line}` : ''} ; vérifiez l’indentation et les guillemets.`)
  }
  return parseTalkConfig(raw)
}

/** What talk.yml says of the small-room threshold and live bars, as the vote server applies it. */
export function privacyOf(talk: TalkConfig): Privacy {
  return { threshold: talk.threshold, liveResults: talk.liveResults }
}

/** What talk.yml tells the vote server: the room's expected size, the small-room threshold and live bars. */
export function serverOptionsOf(talk: TalkConfig): { expectedAudience: number | undefined, privacy: Privacy } {
  return { expectedAudience: talk.audience ?? undefined, privacy: privacyOf(talk) }
}
