// A talk in Chromium: the presenter's laptop, a projection on another device, and phones, against a real server.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { Right } from '../../server/access'
import type { TestServer } from './poll-server'
import { phoneDevice } from './browser'

export interface Device {
  context: BrowserContext
  page: Page
}

/** A browser of its own (its own cookies and storage), as a separate device would have. */
export async function openDevice(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<Device> {
  const context = await browser.newContext(options)
  // A step that does not happen fails on its own line, well before the test's timeout.
  context.setDefaultTimeout(15_000)
  return { context, page: await context.newPage() }
}

/** Opens the link `npm start` prints for this right, as the presenter would: it lands on the current slide. */
export async function openLink(device: Device, server: TestServer, right: Right): Promise<Page> {
  await device.page.goto(`${server.url}${server.app.access.loginPath(right)}`)
  await device.page.locator('.slidev-page:visible').first().waitFor()
  return device.page
}

export async function openPhone(browser: Browser, server: TestServer): Promise<Device> {
  const phone = await openDevice(browser, phoneDevice)
  await phone.page.goto(`${server.url}/vote`)
  return phone
}

/** Every console error a page logs, Content-Security-Policy violations included. */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', message => message.type() === 'error' && errors.push(message.text()))
  page.on('pageerror', error => errors.push(error.message))
  return errors
}
