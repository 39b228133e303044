// Prints the compte rendu's HTML to PDF with Debian's Chromium: no Vite, no Slidev, a few seconds. The page gets no
// network: its fonts and colours are inlined from the deck's own files.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { chromium } from 'playwright-chromium'
import { projectRoot } from '../project-root'
import { escapeHtml } from './html-text'

const chromiumPath = '/usr/bin/chromium'
const margin = { top: '16mm', bottom: '18mm', left: '17mm', right: '17mm' }
/** A4's 210 mm less the side margins, in CSS pixels (96 to the inch). */
const textWidthPx = Math.floor(((210 - 17 * 2) / 25.4) * 96)

/** Inter as the deck ships it (@fontsource-variable/inter), every `url()` inlined so that nothing is fetched. */
async function interFontFaces(): Promise<string> {
  const css = createRequire(import.meta.url).resolve('@fontsource-variable/inter/index.css')
  const source = await readFile(css, 'utf8')
  const files = [...new Set([...source.matchAll(/url\(\.\/(files\/[^)]+)\)/g)].map(match => match[1]!))]
  const inlined = new Map(await Promise.all(files.map(async file =>
    [file, `data:font/woff2;base64,${(await readFile(join(dirname(css), file))).toString('base64')}`] as const)))
  return source.replace(/url\(\.\/(files\/[^)]+)\)/g, (_all, file: string) => `url(${inlined.get(file)})`)
}

/** The handout's stylesheet: the deck's palette, Inter, and the handout's own rules. */
export async function handoutStyles(): Promise<string> {
  const [fonts, tokens, own] = await Promise.all([
    interFontFaces(),
    readFile(join(projectRoot, 'styles', 'tokens.css'), 'utf8'),
    readFile(join(import.meta.dirname, 'handout.css'), 'utf8'),
  ])
  return `${fonts}\n${tokens}\n${own}`
}

/** Small, grey, at the foot of every page: what the document is, and the page out of how many. */
function footer(title: string): string {
  return `<div style="width:100%;margin:0 17mm;display:flex;justify-content:space-between;font-family:'Inter Variable',sans-serif;font-size:7.5pt;color:#4a5568">`
    + `<span>${escapeHtml(title)}</span><span>page <span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`
}

/** Writes `html` as an A4 PDF at `output`; `footerTitle` is printed at the foot of each page. */
export async function printHandout(html: string, output: string, footerTitle: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--disable-gpu', '--no-first-run', '--disable-background-networking'] })
  try {
    // As wide as the page's text area, so that whatever is wider shows before it is printed, and cut off.
    const page = await browser.newPage({ viewport: { width: textWidthPx, height: 1000 } })
    // Everything is inline: any request would be a mistake, or text from the room trying to reach out.
    await page.route('**/*', route => route.abort())
    await page.emulateMedia({ media: 'print' })
    await page.setContent(html, { waitUntil: 'load' })
    await page.evaluate(() => document.fonts.ready)
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    if (overflow > 1)
      throw new Error(`Le compte rendu déborde de la page de ${overflow} pixels : il n’a pas été enregistré.`)
    await page.pdf({
      path: output,
      format: 'A4',
      printBackground: true,
      margin,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: footer(footerTitle),
    })
  }
  finally {
    await browser.close()
  }
}
