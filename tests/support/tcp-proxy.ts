import type { AddressInfo, Server, Socket } from 'node:net'
import { connect, createServer } from 'node:net'

export interface TcpProxy {
  url: string
  /** The network goes away: open connections drop, new ones are refused. */
  cut: () => Promise<void>
  /** The network comes back, on the same address. */
  restore: () => Promise<void>
  close: () => Promise<void>
}

/** A loopback TCP relay to a server, which a test can cut and restore: a phone leaving the room's Wi-Fi, and coming back. */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port: targetPort } = new URL(target)
  const open = new Set<Socket>()
  let server: Server
  let port = 0
  const listen = async (): Promise<void> => {
    server = createServer((client) => {
      const upstream = connect(Number(targetPort), hostname)
      open.add(client).add(upstream)
      const drop = (): void => {
        client.destroy()
        upstream.destroy()
        open.delete(client)
        open.delete(upstream)
      }
      client.on('error', drop).on('close', drop).pipe(upstream)
      upstream.on('error', drop).on('close', drop).pipe(client)
    })
    await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve))
    port = (server.address() as AddressInfo).port
  }
  const stop = async (): Promise<void> => {
    open.forEach(socket => socket.destroy())
    open.clear()
    await new Promise(resolve => server.close(resolve))
  }
  await listen()
  return { url: `http://127.0.0.1:${port}`, cut: stop, restore: listen, close: stop }
}
