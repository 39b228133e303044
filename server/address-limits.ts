// How much one network address may do: bounded ballots and connections per device, held in memory only, never stored.
import { isIPv6 } from 'node:net'
import { networkInterfaces } from 'node:os'

export interface AddressLimitOptions {
  /** Voter ids one address may bring; 0 lifts the limit (load tests from one machine). */
  maxVotersPerAddress: number
  /** How long a voter id stays its address's once its last socket went; then the address may bring another. */
  voterReleaseMs: number
  /** The server's own addresses: phones opened on the presenter's machine, as in a rehearsal. */
  ownAddresses?: ReadonlySet<string>
  now?: () => number
}

/** Open sockets per admitted voter id: a phone with a few tabs, not a script with thousands. */
const socketsPerVoter = 4
/** Phones a rehearsal opens on the presenter's own machine, admitted whatever the limit per address. */
export const ownMachineVoters = 30
/** Refused voter ids remembered for the count; past this, the count stops growing (a flood, not phones). */
const refusalsKept = 10_000

/** An address as the limits count it: an IPv6 device owns a whole /64, so counting whole addresses would not bound it. */
export function deviceAddress(address: string): string {
  const unmapped = unmap(address)
  if (!isIPv6(unmapped))
    return unmapped
  const groups = unmapped.split('::')
  const head = groups[0] ? groups[0].split(':') : []
  const tail = groups[1] ? groups[1].split(':') : []
  const full = groups.length === 2 ? [...head, ...Array.from({ length: 8 - head.length - tail.length }, () => '0'), ...tail] : head
  return `${full.slice(0, 4).map(group => Number.parseInt(group, 16).toString(16)).join(':')}::/64`
}

function unmap(address: string): string {
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '')
}

/** The addresses of the machine the server runs on: loopback, and its own LAN addresses. */
export function machineAddresses(): Set<string> {
  return new Set(Object.values(networkInterfaces()).flatMap(entries => entries ?? []).map(entry => entry.address))
}

export interface AddressLimits {
  /** Admits a phone's socket, or says why not; `releasePhone` must be called when that socket goes. */
  admitPhone: (address: string, voterId: string) => 'ok' | 'too_many_voters'
  releasePhone: (address: string, voterId: string) => void
  /** Phones connected now, each counted once whatever the number of its sockets. */
  connectedPhones: () => number
  /** Devices seen since the server started: addresses, and each phone opened on the presenter's machine. */
  addressesSeen: () => number
  /** Phones refused for their address's limit, and not admitted since. */
  refusedPhones: () => number
  votersPerAddress: () => number
  /** Raised or lowered during the talk; phones admitted stay. */
  setVotersPerAddress: (max: number) => void
}

/**
 * The voter ids an address holds: each one's open sockets, and those with none, oldest first. Releasing then reads only
 * the ids whose time is up, not every id of the address: a room behind one address (a hosted talk, a venue's NAT, the
 * benchmark) reconnecting at once would otherwise cost the square of its phones.
 */
interface AddressVoters {
  sockets: Map<string, number>
  goneSince: Map<string, number>
}

/** Voter ids gone since before `releasedBefore` free their place; their ballots stay. */
function releaseGone(voters: AddressVoters, releasedBefore: number): void {
  for (const [voterId, since] of voters.goneSince) {
    if (since > releasedBefore)
      break
    voters.goneSince.delete(voterId)
    voters.sockets.delete(voterId)
  }
}

/** One socket of a voter id fewer; with none left, the id joins the end of those gone (none of them went later). */
function dropSocket(voters: AddressVoters, voterId: string, at: number): void {
  const held = voters.sockets.get(voterId)
  if (held === undefined)
    return
  voters.sockets.set(voterId, held - 1)
  if (held === 1)
    voters.goneSince.set(voterId, at)
}

export function createAddressLimits(options: AddressLimitOptions): AddressLimits {
  const { voterReleaseMs, ownAddresses = new Set<string>(), now = Date.now } = options
  let maxVoters = options.maxVotersPerAddress
  const votersByAddress = new Map<string, AddressVoters>()
  const socketsByVoter = new Map<string, number>()
  const seen = new Set<string>()
  const refused = new Set<string>()

  const limitOf = (rawAddress: string): number =>
    maxVoters === 0 ? Infinity : ownAddresses.has(unmap(rawAddress)) ? Math.max(maxVoters, ownMachineVoters) : maxVoters
  const votersOf = (address: string): AddressVoters => {
    let voters = votersByAddress.get(address)
    if (!voters)
      votersByAddress.set(address, voters = { sockets: new Map(), goneSince: new Map() })
    return voters
  }

  return {
    admitPhone: (rawAddress, voterId) => {
      const address = deviceAddress(rawAddress)
      const voters = votersOf(address)
      releaseGone(voters, now() - voterReleaseMs)
      // Slots are the address's own: a voter id learnt elsewhere opens slots counted against the other address.
      const sockets = voters.sockets.get(voterId)
      if (sockets === undefined && voters.sockets.size >= limitOf(rawAddress)) {
        if (refused.size < refusalsKept)
          refused.add(voterId)
        return 'too_many_voters'
      }
      if (maxVoters > 0 && sockets !== undefined && sockets >= socketsPerVoter)
        return 'too_many_voters'
      voters.sockets.set(voterId, (sockets ?? 0) + 1)
      voters.goneSince.delete(voterId)
      // The presenter's own phones are devices of their own: a rehearsal's ballots are not suspect.
      seen.add(ownAddresses.has(unmap(rawAddress)) ? `${voterId}@own` : address)
      refused.delete(voterId)
      socketsByVoter.set(voterId, (socketsByVoter.get(voterId) ?? 0) + 1)
      return 'ok'
    },
    releasePhone: (rawAddress, voterId) => {
      const voters = votersByAddress.get(deviceAddress(rawAddress))
      if (voters)
        dropSocket(voters, voterId, now())
      const sockets = (socketsByVoter.get(voterId) ?? 1) - 1
      if (sockets <= 0)
        socketsByVoter.delete(voterId)
      else
        socketsByVoter.set(voterId, sockets)
    },
    connectedPhones: () => socketsByVoter.size,
    addressesSeen: () => seen.size,
    refusedPhones: () => refused.size,
    votersPerAddress: () => maxVoters,
    setVotersPerAddress: (max) => {
      maxVoters = max
    },
  }
}
