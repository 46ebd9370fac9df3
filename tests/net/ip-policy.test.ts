import { describe, expect, it } from 'vitest';
import { canonicalAddress, judgeAddress } from '../../src/net/ip-policy.js';

function reason(address: string): string {
  const verdict = judgeAddress(address);
  if (verdict.allowed) throw new Error(`${address} was allowed`);
  return verdict.reason;
}

describe('judgeAddress', () => {
  it.each([
    ['93.184.216.34'],
    ['8.8.8.8'],
    ['1.1.1.1'],
    ['2606:2800:220:1:248:1893:25c8:1946'],
    ['2a00:1450:4001:80b::200e'],
    ['::ffff:8.8.8.8'],
    ['64:ff9b::808:808'], // NAT64 of 8.8.8.8
    ['2002:808:808::1'], // 6to4 of 8.8.8.8
  ])('allows the public address %s', (address) => {
    expect(judgeAddress(address)).toEqual({ allowed: true });
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['10.0.0.5', 'private address 10.0.0.5'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['169.254.169.254', 'cloud metadata'],
    ['169.254.1.1', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.10', 'documentation'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['::ffff:127.0.0.1', 'IPv4-mapped address ::ffff:7f00:1 embedding a loopback address 127.0.0.1'],
    ['::ffff:10.0.0.5', 'embedding a private address 10.0.0.5'],
    ['::ffff:169.254.169.254', 'cloud metadata'],
    ['::ffff:0:127.0.0.1', 'IPv4-translated'],
    ['::127.0.0.1', 'IPv4-compatible'],
    ['::10.0.0.5', 'embedding a private address 10.0.0.5'],
    ['64:ff9b::7f00:1', 'NAT64 address 64:ff9b::7f00:1 embedding a loopback'],
    ['64:ff9b::a00:5', 'embedding a private address 10.0.0.5'],
    ['64:ff9b:1::808:808', 'local-use NAT64'],
    ['2002:a00:5::1', '6to4 address 2002:a00:5::1 embedding a private address 10.0.0.5'],
    ['2002:7f00:1::', '6to4'],
    // Teredo: client 10.0.0.5 stored bit-inverted (f5ff:fffa) behind public server 65.54.227.120.
    ['2001:0:4136:e378:8000:63bf:f5ff:fffa', 'embedding a private address 10.0.0.5'],
    ['2001:0:a00:5::1', 'Teredo'],
    ['100::1', 'discard'],
    ['4000::1', 'non-global'],
  ])('refuses %s (%s)', (address, why) => {
    expect(reason(address)).toContain(why);
  });

  it('refuses anything that is not an IP address', () => {
    expect(reason('example.com')).toContain('not an IP address');
  });

  it('allows a Teredo address whose server and client are public', () => {
    // client 8.8.8.8 inverted = f7f7:f7f7
    expect(judgeAddress('2001:0:4136:e378:8000:63bf:f7f7:f7f7')).toEqual({ allowed: true });
  });
});

describe('canonicalAddress', () => {
  it('compares IPv6 spellings and strips brackets', () => {
    expect(canonicalAddress('[::FFFF:7f00:1]')).toBe(canonicalAddress('::ffff:127.0.0.1'));
    expect(canonicalAddress('news.test')).toBeUndefined();
  });
});
