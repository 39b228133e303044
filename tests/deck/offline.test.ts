import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser } from 'playwright-core'
import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { serveDeck } from '../../server/deck-files'
import { launchChromium, recordForeignRequests } from '../support/browser'

describe('the built deck offline', () => {
  let server: Server
  let origin: string
  let browser: Browser

  beforeAll(async () => {
    const deck = serveDeck(inject('builtDeckDir'))
    server = createServer((request, response) => deck(request, response, () => response.writeHead(404).end()))
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    server?.close()
  })

  it('renders every slide without a request to another host', async () => {
    const page = await browser.newPage()
    const foreign = recordForeignRequests(page, origin)
    await page.goto(`${origin}/1`, { waitUntil: 'networkidle' })
    await page.locator('.slidev-page').first().waitFor()
    await page.goto(`${origin}/overview`, { waitUntil: 'networkidle' })
    expect(foreign).toEqual([])
  })

  it('uses the fonts it ships', async () => {
    const page = await browser.newPage()
    await page.goto(`${origin}/1`, { waitUntil: 'networkidle' })
    const loaded = await page.evaluate(async () => {
      await document.fonts.ready
      return [...document.fonts].filter(font => font.status === 'loaded').map(font => font.family)
    })
    expect(loaded).toContain('Inter Variable')
  })
})
