// socket.io spoken by hand: engine.io and socket.io frames over a plain WebSocket, as a hostile script would send them.
import { WebSocket } from 'ws'
import { socketPath } from '../../core/protocol'
import { waitFor } from './poll-server'

export interface RawSocket {
  /** Every text frame the server sent, in order. */
  frames: string[]
  send: (frame: string) => void
  /** The first frame from the `from`-th on (default: all so far) that starts with `prefix`. */
  next: (prefix: string, from?: number) => Promise<string>
  /** Cuts the transport without a goodbye, as a phone going out of range does. */
  drop: () => void
  closed: () => boolean
}

/** Opens an engine.io WebSocket connection (no namespace joined yet) with these headers (a cookie, a bearer token). */
export async function openRawSocket(url: string, headers: Record<string, string> = {}): Promise<RawSocket> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${socketPath}/?EIO=4&transport=websocket`, { headers })
  const frames: string[] = []
  let closed = false
  ws.on('message', (data) => {
    const frame = String(data)
    frames.push(frame)
    // engine.io's heartbeat: a ping unanswered would end the connection mid-test.
    if (frame === '2')
      ws.send('3')
  })
  ws.on('close', () => closed = true)
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
  const next = async (prefix: string, from = 0): Promise<string> => {
    await waitFor(`a frame starting with ${prefix}`, () => frames.slice(from).some(frame => frame.startsWith(prefix)) || closed)
    const found = frames.slice(from).find(frame => frame.startsWith(prefix))
    if (found === undefined)
      throw new Error(`connection closed before a frame starting with ${prefix}; got ${JSON.stringify(frames)}`)
    return found
  }
  await next('0{')
  return { frames, send: frame => ws.send(frame), next, drop: () => ws.terminate(), closed: () => closed }
}

/** Joins the main namespace with this handshake; returns the server's answer, `40{…}` or `44{…}`. */
export async function joinRaw(socket: RawSocket, auth: Record<string, unknown>): Promise<string> {
  const from = socket.frames.length
  socket.send(`40${JSON.stringify(auth)}`)
  await waitFor('the answer to the handshake', () => socket.frames.slice(from).some(frame => /^4[04]/.test(frame)) || socket.closed())
  const answer = socket.frames.slice(from).find(frame => /^4[04]/.test(frame))
  if (answer === undefined)
    throw new Error('connection closed before the handshake was answered')
  return answer
}

/** The events (`42[…]` frames) received so far, parsed: name first, arguments after. */
export function rawEvents(socket: RawSocket): unknown[][] {
  return socket.frames.filter(frame => frame.startsWith('42')).map(frame => JSON.parse(frame.replace(/^42\d*/, '')) as unknown[])
}
