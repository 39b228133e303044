import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { run } from './commands'

export async function pdfPageCount(pdfPath: string): Promise<number> {
  const info = await run('pdfinfo', [pdfPath])
  const pages = /^Pages:\s+(\d+)$/m.exec(info)?.[1]
  if (!pages)
    throw new Error(`pdfinfo gave no page count for ${pdfPath}`)
  return Number(pages)
}

/**
 * The text of each page, in order; pdftotext separates pages with a form feed. `layout: false` reads columns one after
 * the other, as a reader does, instead of line by line across the page.
 */
export async function pdfPagesText(pdfPath: string, { layout = true } = {}): Promise<string[]> {
  const text = await run('pdftotext', [...layout ? ['-layout'] : [], pdfPath, '-'])
  return text.split('\f').slice(0, -1)
}

export interface PageRaster {
  width: number
  height: number
  /** Grey levels, row by row: 0 is black, 255 white. */
  pixels: Uint8Array
}

/** Each page as pdftoppm renders it, in grey at `dpi`: to look at the ink, not at the text. */
export async function pdfPageRasters(pdfPath: string, dpi = 30): Promise<PageRaster[]> {
  const dir = await mkdtemp(join(tmpdir(), 'pdf-pages-'))
  await run('pdftoppm', ['-gray', '-r', String(dpi), pdfPath, join(dir, 'page')])
  const files = (await readdir(dir)).filter(name => name.endsWith('.pgm')).sort()
  return Promise.all(files.map(async (name) => {
    const bytes = await readFile(join(dir, name))
    // Binary PGM: `P5`, width, height, maximum grey, each separated by whitespace, then one byte per pixel.
    const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 40).toString('latin1'))
    if (!header)
      throw new Error(`pdftoppm wrote no grey page in ${name}`)
    const [all, width, height] = header
    return { width: Number(width), height: Number(height), pixels: bytes.subarray(all.length) }
  }))
}

/** The share of dark pixels (grey below 160) in a box given in fractions of the page. */
export function inkShare(page: PageRaster, box: { left: number, top: number, right: number, bottom: number }): number {
  const [x0, x1] = [Math.floor(box.left * page.width), Math.ceil(box.right * page.width)]
  const [y0, y1] = [Math.floor(box.top * page.height), Math.ceil(box.bottom * page.height)]
  let dark = 0
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++)
      dark += page.pixels[y * page.width + x]! < 160 ? 1 : 0
  }
  return dark / Math.max(1, (x1 - x0) * (y1 - y0))
}
