// The address check behind remote images: private, loopback, link-local and
// mapped addresses are refused; public ones pass; the test-only environment
// names hosts without DNS and lets chosen addresses through.
import { expect, it } from 'vitest';
import { addressPolicyFromEnvironment, checkedAddress, isPrivateAddress } from '../../scripts/pipeline/markdown/remote-address.ts';

it.each([
  '127.0.0.1',
  '127.8.9.10',
  '10.1.2.3',
  '172.16.0.1',
  '172.31.255.255',
  '192.168.1.1',
  '169.254.169.254',
  '0.0.0.0',
  '100.64.0.1',
  '224.0.0.1',
  '255.255.255.255',
  '::1',
  '::',
  'fe80::1',
  'fc00::1',
  'fd12:3456::1',
  '::ffff:127.0.0.1',
  '::ffff:7f00:1',
  '::ffff:a9fe:a9fe',
  '64:ff9b::7f00:1',
  'not-an-address',
])('refuses %s', (address) => {
  expect(isPrivateAddress(address)).toBe(true);
});

it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:8.8.8.8'])('accepts %s', (address) => {
  expect(isPrivateAddress(address)).toBe(false);
});

it('refuses a host if any of its addresses is private, and names the address', async () => {
  const policy = {
    allowed: new Set<string>(),
    resolve: async () => [
      { address: '93.184.216.34', family: 4 as const },
      { address: '10.0.0.1', family: 4 as const },
    ],
  };
  expect(await checkedAddress('twofaced.test', policy)).toBe('`twofaced.test` is the private, loopback or link-local address 10.0.0.1');
  expect(await checkedAddress('[::1]', policy)).toBe('`::1` is the private, loopback or link-local address ::1');
});

it('reads the test-only hosts and allowed addresses from the environment, nothing else', async () => {
  const policy = addressPolicyFromEnvironment({
    BRIEFING_TEST_HOSTS: 'good.test=127.0.0.1 bad.test=10.0.0.9 junk.test=nowhere',
    BRIEFING_TEST_ALLOW_ADDRESSES: '127.0.0.1',
  });
  expect(await checkedAddress('good.test', policy)).toEqual({ address: '127.0.0.1', family: 4 });
  expect(await checkedAddress('bad.test', policy)).toContain('10.0.0.9');
  const plain = addressPolicyFromEnvironment({});
  expect(await checkedAddress('127.0.0.1', plain)).toContain('loopback');
});
