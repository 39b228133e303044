import { describe, expect, it } from 'vitest'
import { createAddressLimits, deviceAddress } from '../../server/address-limits'

describe('per-address limits', () => {
  it('counts an IPv6 /64 as one device, however its addresses are written, and each IPv4 address as one', () => {
    const limits = createAddressLimits({ maxVotersPerAddress: 2, voterReleaseMs: 600_000 })
    // One device picks new addresses in its /64 at will (privacy extensions): they all share its budget.
    expect(limits.admitPhone('2001:db8:1:2::a', 'voter-a')).toBe('ok')
    expect(limits.admitPhone('2001:db8:1:2:ffff:ffff:ffff:ffff', 'voter-b')).toBe('ok')
    expect(limits.admitPhone('2001:db8:1:2:1234:5678:9abc:def0', 'voter-c')).toBe('too_many_voters')
    expect(limits.admitPhone('2001:0DB8:0001:0002:0000:0000:0000:00FF', 'voter-d')).toBe('too_many_voters')
    // The next /64 is another device; so are two IPv4 addresses, and a mapped IPv4 address is the plain one.
    expect(limits.admitPhone('2001:db8:1:3::a', 'voter-e')).toBe('ok')
    expect(limits.admitPhone('192.0.2.1', 'voter-f')).toBe('ok')
    expect(limits.admitPhone('::ffff:192.0.2.1', 'voter-g')).toBe('ok')
    expect(limits.admitPhone('192.0.2.1', 'voter-h')).toBe('too_many_voters')
    expect(limits.admitPhone('192.0.2.2', 'voter-h')).toBe('ok')
    expect(limits.addressesSeen()).toBe(4)

    expect(deviceAddress('2001:db8:1:2::a')).toBe('2001:db8:1:2::/64')
    expect(deviceAddress('2001:DB8:0001:0002:0:0:0:1')).toBe('2001:db8:1:2::/64')
    expect(deviceAddress('::1')).toBe('0:0:0:0::/64')
    expect(deviceAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
    expect(deviceAddress('::ffff:127.0.0.2')).toBe('127.0.0.2')
  })

  it('frees the places of voter ids gone long enough, oldest first, and keeps those that came back', () => {
    let clock = 0
    const limits = createAddressLimits({ maxVotersPerAddress: 3, voterReleaseMs: 1000, now: () => clock })
    const address = '192.0.2.7'
    for (const voterId of ['a', 'b', 'c'])
      expect(limits.admitPhone(address, voterId)).toBe('ok')
    clock = 10
    limits.releasePhone(address, 'a')
    clock = 20
    limits.releasePhone(address, 'b')
    clock = 30
    limits.releasePhone(address, 'c')
    // c comes back before its time is up: its place is its own again.
    clock = 500
    expect(limits.admitPhone(address, 'c')).toBe('ok')
    expect(limits.admitPhone(address, 'd')).toBe('too_many_voters')
    // a's time is up, b's not yet: one place.
    clock = 1015
    expect(limits.admitPhone(address, 'd')).toBe('ok')
    expect(limits.admitPhone(address, 'e')).toBe('too_many_voters')
    // Then b's; c, connected again, keeps its place however long it stays.
    clock = 5000
    expect(limits.admitPhone(address, 'e')).toBe('ok')
    expect(limits.admitPhone(address, 'f')).toBe('too_many_voters')
    expect(limits.connectedPhones()).toBe(3)
  })
})
