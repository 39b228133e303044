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

export interface Balancer {
  url: string
  /** How many connections each server took, in the order of `targets`. */
  connections: number[]
  close: () => Promise<void>
}

/**
 * A loopback TCP load balancer in front of several servers, as a host puts one in front of a town hall's: each
 * connection goes to the next server in turn, and to the one after when that one does not answer. A WebSocket is one
 * connection, so a phone stays on its server until that server goes away.
 */
export async function startBalancer(targets: string[]): Promise<Balancer> {
  const upstreams = targets.map(target => new URL(target))
  const connections = targets.map(() => 0)
  const open = new Set<Socket>()
  let turn = 0
  const server = createServer((client) => {
    client.pause()
    open.add(client)
    client.on('error', () => client.destroy()).on('close', () => open.delete(client))
    const tryServer = (attempt: number): void => {
      if (attempt === upstreams.length || client.destroyed)
        return void client.destroy()
      const index = (turn + attempt) % upstreams.length
      const upstream = connect(Number(upstreams[index]!.port), upstreams[index]!.hostname)
      upstream.once('error', () => tryServer(attempt + 1))
      upstream.once('connect', () => {
        connections[index]! += 1
        open.add(upstream)
        upstream.removeAllListeners('error')
        const drop = (): void => {
          client.destroy()
          upstream.destroy()
          open.delete(upstream)
        }
        upstream.on('error', drop).on('close', drop)
        client.on('close', drop)
        client.pipe(upstream)
        upstream.pipe(client)
        client.resume()
      })
    }
    tryServer(0)
    turn += 1
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections,
    close: async () => {
      open.forEach(socket => socket.destroy())
      await new Promise(resolve => server.close(resolve))
    },
  }
}
