import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadDeckSlides } from '../../server/deck-source'
import { run } from '../support/commands'
import { pdfPageCount, pdfPagesText } from '../support/pdf'

describe('pdf export of the deck', () => {
  let pdfPath: string

  beforeAll(async () => {
    pdfPath = join(await mkdtemp(join(tmpdir(), 'deck-export-')), 'deck.pdf')
    await run('tsx', ['scripts/export.ts', '--output', pdfPath])
  }, 600_000)

  it('has one page per slide', async () => {
    const slides = await loadDeckSlides()
    expect(await pdfPageCount(pdfPath)).toBe(slides.length)
  })

  it('shows the deck title on its first page', async () => {
    const [firstPage] = await pdfPagesText(pdfPath)
    expect(firstPage).toContain('Web 2.0 et médias sociaux')
  })
})
