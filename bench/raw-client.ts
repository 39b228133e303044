// A socket.io client cut down to what the benchmark sends and reads, spoken straight over one WebSocket (Engine.IO v4,
// socket.io protocol v5). socket.io-client costs about as much CPU per vote as the server it loads; this costs a
// fraction: no parser objects, no timers, and frames the caller does not listen to are never decoded.
import type { Buffer } from 'node:buffer'
import WebSocket from 'ws'
import { socketPath } from '../core/protocol'

/** An acknowledgement as the server sends it; `error` is the server's refusal code, `disconnected`, or `unanswered`. */
export type AckReply = { ok: true } | { ok: false, error: string }

export interface RawClientOptions {
  /** `http://host:port` of the server. */
  url: string
  /** The socket.io handshake's `auth`. */
  auth: Record<string, string>
  headers?: Record<string, string>
  /** A loopback address to connect from: the server's per-address limits see each as another device. */
  localAddress?: string
  /** Called with each event the server sends; without it, events are not decoded at all. */
  onEvent?: (name: string, payload: unknown) => void
  /** Called once when the connection ends after it was established, whoever ended it. */
  onClose?: () => void
}

export interface RawClient {
  /** Sends an event (with a payload, or none) and calls `onAck` with the server's acknowledgement. */
  emit: (event: string, payload: unknown, onAck: (reply: AckReply) => void) => void
  close: () => void
}

/** Why a connection was refused: the server's handshake refusal code, or a network failure. */
export class ConnectRefused extends Error {
  override name = 'ConnectRefused'
}

// Engine.IO packet types, then socket.io packet types, as the first bytes of each text frame.
const char = (c: string): number => c.charCodeAt(0)
const engine = { open: char('0'), close: char('1'), ping: char('2'), message: char('4') }
const packet = { connect: char('0'), disconnect: char('1'), event: char('2'), ack: char('3'), connectError: char('4') }

/** Reads `<digits><json>` from `start`: the ack id and the JSON that follows it. */
function idAndJson(frame: Buffer, start: number): { id: number, json: string } {
  let index = start
  let id = 0
  while (frame[index]! >= 48 && frame[index]! <= 57)
    id = id * 10 + frame[index++]! - 48
  return { id, json: frame.toString('utf8', index) }
}

/** Connects and completes the socket.io handshake; rejects with `ConnectRefused` if the server says no. */
export function connectRaw(options: RawClientOptions): Promise<RawClient> {
  const wsUrl = `${options.url.replace(/^http/, 'ws')}${socketPath}/?EIO=4&transport=websocket`
  const ws = new WebSocket(wsUrl, {
    headers: options.headers,
    localAddress: options.localAddress,
    perMessageDeflate: false,
    // Work a real phone's browser does, but that would bill the load generator for CPU the server never sees: an
    // all-zero mask, which ws then skips applying (the server only checks the mask bit), and no UTF-8 validation.
    generateMask: () => {},
    skipUTF8Validation: true,
  })
  const acks = new Map<number, (reply: AckReply) => void>()
  let nextAckId = 0

  const client: RawClient = {
    emit: (event, payload, onAck) => {
      const id = nextAckId++
      acks.set(id, onAck)
      ws.send(`42${id}${JSON.stringify(payload === undefined ? [event] : [event, payload])}`)
    },
    close: () => ws.close(),
  }

  return new Promise((resolve, reject) => {
    let connected = false
    ws.on('message', (frame: Buffer) => {
      const type = frame[0]
      if (type === engine.ping)
        return ws.send('3')
      if (type === engine.open)
        return ws.send(`40${JSON.stringify(options.auth)}`)
      if (type === engine.close)
        return ws.close()
      if (type !== engine.message)
        return
      switch (frame[1]) {
        case packet.ack: {
          const { id, json } = idAndJson(frame, 2)
          const onAck = acks.get(id)
          acks.delete(id)
          onAck?.((JSON.parse(json) as [AckReply])[0])
          break
        }
        case packet.event:
          if (options.onEvent) {
            const [name, payload] = JSON.parse(idAndJson(frame, 2).json) as [string, unknown]
            options.onEvent(name, payload)
          }
          break
        case packet.connect:
          connected = true
          resolve(client)
          break
        case packet.connectError:
          reject(new ConnectRefused((JSON.parse(frame.toString('utf8', 2)) as { message: string }).message))
          ws.close()
          break
        case packet.disconnect:
          ws.close()
          break
      }
    })
    ws.on('error', (error) => {
      if (!connected)
        reject(new ConnectRefused(error.message))
    })
    ws.on('close', () => {
      if (!connected)
        return reject(new ConnectRefused('closed before the handshake'))
      // What was never acknowledged never will be.
      for (const onAck of acks.values())
        onAck({ ok: false, error: 'disconnected' })
      acks.clear()
      options.onClose?.()
    })
  })
}
