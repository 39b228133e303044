import type { PrintSnapshot } from '../core/print-snapshot'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { resolveConfig } from '@slidev/parser'
import { PDFDocument } from 'pdf-lib'
import { chromium } from 'playwright-chromium'
import { printSnapshotGlobal } from '../core/print-snapshot'
import { serveBuiltDeck } from './deck-files'
import { loadDeckSlides } from './deck-source'

export interface DeckPrint {
  /** The built decks, as `ensureDeckBuilt` leaves them. */
  deckDir: string
  snapshot: PrintSnapshot
  output: string
}

/**
 * Prints the built deck's print page (every slide, one below the other) to a PDF, one page per slide, through Debian's
 * Chromium, as Slidev's exporter does, but with no Vite server: the session's results reach the page at run time,
 * before any of its scripts runs. Title and subject come from the deck's headmatter, as in Slidev's own export.
 */
export async function printDeck({ deckDir, snapshot, output }: DeckPrint): Promise<void> {
  const slides = await loadDeckSlides()
  const { canvasWidth, aspectRatio } = resolveConfig(slides[0]?.frontmatter ?? {})
  const size = { width: canvasWidth, height: Math.round(canvasWidth / aspectRatio) }
  const deck = await serveBuiltDeck(deckDir)
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' })
  try {
    const page = await browser.newPage({ viewport: { width: size.width, height: size.height * slides.length } })
    await page.addInitScript(([name, results]) => Object.assign(window, { [name]: results }), [printSnapshotGlobal, snapshot] as const)
    await page.goto(`${deck.origin}/print?print=true`, { waitUntil: 'networkidle', timeout: 120_000 })
    await page.emulateMedia({ colorScheme: 'light', media: 'screen' })
    await page.locator('.print-slide-container').first().waitFor()
    await page.waitForFunction(() => !document.querySelector('.slidev-slide-loading'))
    // One page per slide: the built page ends with an empty element that Chromium would print on a page of its own.
    const pageRanges = `1-${await page.locator('.print-slide-container').count()}`
    const pdf = await page.pdf({ ...size, pageRanges, margin: { left: 0, top: 0, right: 0, bottom: 0 }, printBackground: true, preferCSSPageSize: true })
    const printed = await PDFDocument.load(pdf)
    const [first] = slides
    if (first?.title)
      printed.setTitle(first.title)
    if (typeof first?.frontmatter.info === 'string')
      printed.setSubject(first.frontmatter.info)
    await mkdir(dirname(output), { recursive: true })
    await writeFile(output, await printed.save())
  }
  finally {
    await browser.close()
    await deck.close()
  }
}
