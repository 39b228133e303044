// `npm run export`'s compte rendu: one recorded session, read from the store as the deck's export reads it, printed.
import type { TalkConfig } from '../../core/talk-config'
import type { ServerConfig } from '../config'
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { buildPollCatalog } from '../../core/poll-catalog'
import { defaultSlidesPath, loadDeckSlides } from '../deck-source'
import { resultsReport } from '../results-export'
import { readSessionState } from '../session-read'
import { privacyOf } from '../talk-config'
import { handoutDeck } from './deck-content'
import { handoutHtml } from './document'
import { handoutStyles, printHandout } from './printer'

export interface HandoutOptions {
  /** A session id from /api/sessions, or `latest`. */
  session: string
  output: string
  config: Pick<ServerConfig, 'dataDir' | 'redisUrl'>
  talk: TalkConfig
  slidesPath?: string
}

/** `handout.pdf` beside `deck.pdf`: `exports/prejuges-web2.pdf` gives `exports/prejuges-web2-compte-rendu.pdf`. */
export function defaultHandoutPath(deckPath: string): string {
  return `${deckPath.replace(/\.pdf$/i, '')}-compte-rendu.pdf`
}

/** Writes the compte rendu; `false` when no session was ever recorded, so there is nothing to report. */
export async function exportHandout({ session, output, config, talk, slidesPath = defaultSlidesPath }: HandoutOptions): Promise<boolean> {
  const slides = await loadDeckSlides(slidesPath)
  const catalog = buildPollCatalog(slides)
  const state = await readSessionState(catalog, config, session)
  if (!state)
    return false
  const deck = handoutDeck(slides)
  const html = handoutHtml({ report: resultsReport(catalog, state, privacyOf(talk)), deck, talk }, await handoutStyles())
  await mkdir(dirname(output), { recursive: true })
  await printHandout(html, output, `Compte rendu · ${deck.title} · séance n° ${state.session.id}`)
  return true
}
