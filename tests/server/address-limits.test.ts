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
})
