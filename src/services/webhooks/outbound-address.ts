import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** Why an address is not a place the server may send requests to on an organisation's behalf. */
export type BlockedAddressCategory = 'unspecified' | 'loopback' | 'private' | 'link-local' | 'shared' | 'multicast' | 'reserved' | 'metadata';

/** Ranges refused for outgoing requests, most specific first (the first match names the category). */
const RANGES: readonly (readonly [category: BlockedAddressCategory, network: string, prefix: number, family: 'ipv4' | 'ipv6'])[] = [
  // Cloud metadata services (AWS, GCP, Azure, OpenStack; Oracle; AWS over IPv6). Inside link-local / ULA, named apart for the message.
  ['metadata', '169.254.169.254', 32, 'ipv4'],
  ['metadata', '169.254.170.2', 32, 'ipv4'],
  ['metadata', '192.0.0.192', 32, 'ipv4'],
  ['metadata', 'fd00:ec2::254', 128, 'ipv6'],
  ['metadata', '100.100.100.200', 32, 'ipv4'],
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['shared', '100.64.0.0', 10, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['reserved', '198.18.0.0', 15, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['private', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['private', 'fec0::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
];

const LISTS: readonly (readonly [BlockedAddressCategory, BlockList])[] = RANGES.map(([category, network, prefix, family]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return [category, list] as const;
});

/** The 16 bytes of an IPv6 address (with `::` and a dotted IPv4 tail expanded). */
function ipv6Bytes(address: string): number[] {
  let text = address.split('%')[0] ?? address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (v4) {
    const [a = 0, b = 0, c = 0, d = 0] = v4.split('.').map(Number);
    text = `${text.slice(0, -v4.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const all = [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

/**
 * IPv4 addresses carried inside IPv6 ones that a network may route to the IPv4 address:
 * IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002:aabb:ccdd::/48).
 */
function embeddedIpv4(address: string): string | undefined {
  const b = ipv6Bytes(address);
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const dotted = (at: number) => b.slice(at, at + 4).join('.');
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return dotted(12);
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zeros(4, 12)) return dotted(12);
  if (b[0] === 0x20 && b[1] === 0x02) return dotted(2);
  return undefined;
}

/**
 * The category that makes `address` (an IPv4 or IPv6 literal) unfit as an outgoing-request target,
 * or undefined for a public address. Not an IP literal: `reserved` (refuse what cannot be judged).
 */
export function blockedAddressCategory(address: string): BlockedAddressCategory | undefined {
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (!family) return 'reserved';
  for (const [category, list] of LISTS) if (list.check(address, family)) return category;
  if (family === 'ipv6') {
    const inner = embeddedIpv4(address);
    if (inner) return blockedAddressCategory(inner);
  }
  return undefined;
}
