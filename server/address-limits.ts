// How much one network address may do: bounded ballots and connections per device, held in memory only, never stored.
import { isIPv6 } from 'node:net'

export interface AddressLimitOptions {
  /** Voter ids one address may bring; 0 lifts the limit (load tests from one machine). */
  maxVotersPerAddress: number
}

/** Open sockets per admitted voter id: a phone with a few tabs, not a script with thousands. */
const socketsPerVoter = 4

/** An address as the limits count it: an IPv6 device owns a whole /64, so counting whole addresses would not bound it. */
export function deviceAddress(address: string): string {
  const unmapped = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '')
  if (!isIPv6(unmapped))
    return unmapped
  const groups = unmapped.split('::')
  const head = groups[0] ? groups[0].split(':') : []
  const tail = groups[1] ? groups[1].split(':') : []
  const full = groups.length === 2 ? [...head, ...Array.from({ length: 8 - head.length - tail.length }, () => '0'), ...tail] : head
  return `${full.slice(0, 4).map(group => Number.parseInt(group, 16).toString(16)).join(':')}::/64`
}

export interface AddressLimits {
  /** Admits a phone's socket, or says why not; `release` must be called when that socket goes. */
  admitPhone: (address: string, voterId: string) => 'ok' | 'too_many_voters'
  releasePhone: (voterId: string) => void
  /** Phones connected now, each counted once whatever the number of its sockets. */
  connectedPhones: () => number
  /** Addresses seen since the server started. */
  addressesSeen: () => number
}

export function createAddressLimits({ maxVotersPerAddress }: AddressLimitOptions): AddressLimits {
  const votersByAddress = new Map<string, Set<string>>()
  const socketsByVoter = new Map<string, number>()

  return {
    admitPhone: (rawAddress, voterId) => {
      const address = deviceAddress(rawAddress)
      const voters = votersByAddress.get(address) ?? new Set<string>()
      const limited = maxVotersPerAddress > 0
      if (limited && !voters.has(voterId) && voters.size >= maxVotersPerAddress)
        return 'too_many_voters'
      const sockets = socketsByVoter.get(voterId) ?? 0
      if (limited && sockets >= socketsPerVoter)
        return 'too_many_voters'
      voters.add(voterId)
      votersByAddress.set(address, voters)
      socketsByVoter.set(voterId, sockets + 1)
      return 'ok'
    },
    releasePhone: (voterId) => {
      const sockets = (socketsByVoter.get(voterId) ?? 1) - 1
      if (sockets <= 0)
        socketsByVoter.delete(voterId)
      else
        socketsByVoter.set(voterId, sockets)
    },
    connectedPhones: () => socketsByVoter.size,
    addressesSeen: () => votersByAddress.size,
  }
}
