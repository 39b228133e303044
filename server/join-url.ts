import { networkInterfaces } from 'node:os'
import { phonePagePath } from './http-routes'

/** The IPv4 address phones on the same Wi-Fi can reach, or `undefined` when the machine has none. */
function lanAddress(): string | undefined {
  const candidates = Object.entries(networkInterfaces())
    // Container and VPN bridges are not where the audience is.
    .filter(([name]) => !/^(?:docker|br-|veth|virbr|tun|tap|wg|utun)/.test(name))
    .flatMap(([, addresses]) => addresses ?? [])
    .filter(address => address.family === 'IPv4' && !address.internal)
    .map(address => address.address)
  const isPrivate = (address: string): boolean => /^(?:10\.|192\.168\.|172\.(?:1[6-9]|2\d|3[01])\.)/.test(address)
  return candidates.find(isPrivate) ?? candidates[0]
}

export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || host.startsWith('127.')

/** The phone page's address as phones type it: `PUBLIC_URL` if set, else the LAN address of a server listening on `host`. */
export function joinUrl({ publicUrl, host, port }: { publicUrl?: string, host: string, port: number }): string {
  const listensEverywhere = host === '0.0.0.0' || host === '::'
  const reachable = listensEverywhere ? lanAddress() ?? 'localhost' : host
  const hostname = reachable.includes(':') ? `[${reachable}]` : reachable
  return `${publicUrl ?? `http://${hostname}:${port}`}${phonePagePath}`
}
