import { run } from './commands'

export async function pdfPageCount(pdfPath: string): Promise<number> {
  const info = await run('pdfinfo', [pdfPath])
  const pages = /^Pages:\s+(\d+)$/m.exec(info)?.[1]
  if (!pages)
    throw new Error(`pdfinfo gave no page count for ${pdfPath}`)
  return Number(pages)
}

/** The text of each page, in order; pdftotext separates pages with a form feed. */
export async function pdfPagesText(pdfPath: string): Promise<string[]> {
  const text = await run('pdftotext', ['-layout', pdfPath, '-'])
  return text.split('\f').slice(0, -1)
}
