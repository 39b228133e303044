// What every phone suite stands on: a vote server on a loopback port, the presenter's socket, and Chromium.
import type { Browser } from 'playwright-core'
import type { PresentationOptions } from '../../server/presentation-server'
import type { ClientSocket, TestServer } from './poll-server'
import { afterAll, beforeAll } from 'vitest'
import { launchChromium } from './browser'
import { connectDeck, startTestServer } from './poll-server'

export interface PhoneRoom {
  server: TestServer
  presenter: ClientSocket
  browser: Browser
}

/** Opened before the suite's first test and closed after its last: read its fields in tests and hooks, not before. */
export function phoneRoom(options: Partial<PresentationOptions> = {}): PhoneRoom {
  const room = {} as PhoneRoom
  beforeAll(async () => {
    room.server = await startTestServer(options)
    room.presenter = (await connectDeck(room.server, 'presenter')).socket
    room.browser = await launchChromium()
  })
  afterAll(async () => {
    room.presenter?.close()
    await room.browser?.close()
    await room.server?.close()
  })
  return room
}
