// Which network addresses a remote image may come from. A release is text
// anyone may write; `allow_remote_images` must not let it make the build
// machine fetch from itself or its private network (cloud metadata at
// 169.254.169.254, an admin page on 10.x). Every host, including each
// redirect's, is resolved here, every address it resolves to is checked, and
// the connection goes to the address that was checked, so a DNS answer that
// changes between check and connect cannot slip through.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Subnets that are not the public internet (IANA special-purpose registries). */
const privateSubnets: readonly (readonly [string, number, 'ipv4' | 'ipv6'])[] = [
  ['0.0.0.0', 8, 'ipv4'], // "this network"
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'], // link-local, cloud metadata
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved and broadcast
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'], // NAT64: an IPv4 address in disguise
  ['100::', 64, 'ipv6'],
  ['fc00::', 7, 'ipv6'], // unique local
  ['fe80::', 10, 'ipv6'], // link-local
  ['ff00::', 8, 'ipv6'], // multicast
];

const blocked = new BlockList();
for (const [address, prefix, family] of privateSubnets) blocked.addSubnet(address, prefix, family);

/** `::ffff:7f00:1` and `::ffff:127.0.0.1` are 127.0.0.1: judge the IPv4 inside. */
function unmapped(address: string): string {
  const lower = address.toLowerCase();
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1]) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex?.[1] || !hex[2]) return address;
  const high = Number.parseInt(hex[1], 16);
  const low = Number.parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** True when `address` (IPv4 or IPv6 text) is private, loopback, link-local or otherwise not public. */
export function isPrivateAddress(address: string): boolean {
  const plain = unmapped(address);
  const family = isIP(plain);
  if (family === 0) return true;
  return blocked.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * How host names become addresses, and which non-public addresses are allowed
 * anyway. Only tests change these, through the environment (see
 * `addressPolicyFromEnvironment`); nothing in `content/` can.
 */
export interface AddressPolicy {
  readonly resolve: (host: string) => Promise<readonly ResolvedAddress[]>;
  readonly allowed: ReadonlySet<string>;
}

async function systemResolve(host: string): Promise<readonly ResolvedAddress[]> {
  const answers = await lookup(host, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}

/**
 * Test-only escape, documented in docs/troubleshooting.md:
 * `BRIEFING_TEST_HOSTS="good.test=127.0.0.1 evil.test=10.0.0.1"` answers those
 * names without DNS, and `BRIEFING_TEST_ALLOW_ADDRESSES="127.0.0.1"` lets a
 * test's own server on loopback through. The site config cannot set either.
 */
export function addressPolicyFromEnvironment(env: NodeJS.ProcessEnv = process.env): AddressPolicy {
  const hosts = new Map<string, string>();
  for (const pair of (env.BRIEFING_TEST_HOSTS ?? '').split(/\s+/).filter(Boolean)) {
    const [name, address] = pair.split('=');
    if (name && address && isIP(address)) hosts.set(name.toLowerCase(), address);
  }
  const allowed = new Set((env.BRIEFING_TEST_ALLOW_ADDRESSES ?? '').split(/\s+/).filter(Boolean));
  return {
    allowed,
    resolve: async (host) => {
      const fixed = hosts.get(host.toLowerCase());
      if (fixed) return [{ address: fixed, family: isIP(fixed) === 6 ? 6 : 4 }];
      return systemResolve(host);
    },
  };
}

/**
 * The address to connect to for `host`, or the reason there is none. A host
 * with any private address is refused, even if it also has public ones: which
 * one the connection would use is not ours to predict.
 */
export async function checkedAddress(host: string, policy: AddressPolicy): Promise<ResolvedAddress | string> {
  const bare = host.replace(/^\[|\]$/g, '');
  let addresses: readonly ResolvedAddress[];
  if (isIP(bare) !== 0) addresses = [{ address: bare, family: isIP(bare) === 6 ? 6 : 4 }];
  else {
    try {
      addresses = await policy.resolve(bare);
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : 'no address';
      return `\`${bare}\` has no address (${code})`;
    }
  }
  const first = addresses[0];
  if (!first) return `\`${bare}\` has no address`;
  const bad = addresses.find((a) => isPrivateAddress(a.address) && !policy.allowed.has(a.address));
  if (bad) return `\`${bare}\` is the private, loopback or link-local address ${bad.address}`;
  return first;
}
