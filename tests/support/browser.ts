import type { Browser, BrowserContext, Page } from 'playwright-core'
import { chromium } from 'playwright-core'

/** A phone as Chromium emulates one: its screen, touch, and the mobile viewport. */
export const phoneDevice = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }

/** Debian's Chromium, with the flags that keep it quiet on a closed network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/** Records every request a page makes to a host other than the one it was served from. */
export function recordForeignRequests(context: BrowserContext | Page, origin: string): string[] {
  const foreign: string[] = []
  const { host } = new URL(origin)
  context.on('request', (request) => {
    const url = new URL(request.url())
    if (['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol) && url.host !== host)
      foreign.push(request.url())
  })
  return foreign
}
