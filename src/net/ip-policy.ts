/**
 * Which IP addresses a fetch may connect to: public unicast only.
 *
 * `ipaddr.js` classifies the address (`range()`); on top of it this module adds what the library
 * does not decide for us: IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4,
 * Teredo) are judged by the IPv4 address they embed, and IPv6 must lie in global unicast 2000::/3.
 * Everything not positively public is refused (deny by default).
 */
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

const ALLOWED: AddressVerdict = { allowed: true };

const IPV4_REASONS: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT (shared) address',
  private: 'a private address',
  reserved: 'a reserved or documentation address',
};

const IPV6_REASONS: Record<string, string> = {
  unspecified: 'an unspecified address',
  linkLocal: 'a link-local address',
  multicast: 'a multicast address',
  loopback: 'a loopback address',
  uniqueLocal: 'a unique-local (private) address',
  deprecatedSiteLocal: 'a site-local (private) address',
  discard: 'a discard-only address',
  reserved: 'a reserved or documentation address',
  benchmarking: 'a benchmarking address',
};

const cidr = (text: string): [ipaddr.IPv6, number] => ipaddr.IPv6.parseCIDR(text);
const NAT64_WELL_KNOWN = cidr('64:ff9b::/96');
const NAT64_LOCAL = cidr('64:ff9b:1::/48');
const SIX_TO_FOUR = cidr('2002::/16');
const TEREDO = cidr('2001::/32');
const IPV4_MAPPED = cidr('::ffff:0:0/96');
const IPV4_TRANSLATED = cidr('::ffff:0:0:0/96');
const IPV4_COMPATIBLE = cidr('::/96');
const GLOBAL_UNICAST = cidr('2000::/3');
const METADATA = ipaddr.IPv4.parse('169.254.169.254');

/** The IPv4 address held in two 16-bit IPv6 parts. */
function ipv4From(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

function judgeIPv4(addr: ipaddr.IPv4): AddressVerdict {
  const range = addr.range();
  if (range === 'unicast') return ALLOWED;
  const text = addr.toString();
  if (addr.match(METADATA, 32)) {
    return { allowed: false, reason: `a link-local (cloud metadata) address ${text}` };
  }
  return { allowed: false, reason: `${IPV4_REASONS[range] ?? 'a special-purpose address'} ${text}` };
}

/** Judges an address embedded in IPv6 by the IPv4 rules, naming the carrier in the reason. */
function judgeEmbedded(carrier: string, embedded: ipaddr.IPv4): AddressVerdict {
  const inner = judgeIPv4(embedded);
  if (inner.allowed) return inner;
  return { allowed: false, reason: `${carrier} embedding ${inner.reason}` };
}

function judgeIPv6(addr: ipaddr.IPv6): AddressVerdict {
  const p = addr.parts as [number, number, number, number, number, number, number, number];
  const text = addr.toString();
  if (addr.match(IPV4_MAPPED)) return judgeEmbedded(`an IPv4-mapped address ${text}`, ipv4From(p[6], p[7]));
  if (addr.match(IPV4_TRANSLATED)) {
    return judgeEmbedded(`an IPv4-translated address ${text}`, ipv4From(p[6], p[7]));
  }
  if (addr.match(NAT64_WELL_KNOWN)) return judgeEmbedded(`a NAT64 address ${text}`, ipv4From(p[6], p[7]));
  if (addr.match(NAT64_LOCAL)) return { allowed: false, reason: `a local-use NAT64 address ${text}` };
  if (addr.match(SIX_TO_FOUR)) return judgeEmbedded(`a 6to4 address ${text}`, ipv4From(p[1], p[2]));
  if (addr.match(TEREDO)) {
    // RFC 4380: server IPv4 in bits 32-63, client IPv4 (bit-inverted) in bits 96-127.
    const server = judgeEmbedded(`a Teredo address ${text} (server)`, ipv4From(p[2], p[3]));
    if (!server.allowed) return server;
    return judgeEmbedded(`a Teredo address ${text} (client)`, ipv4From(~p[6] & 0xffff, ~p[7] & 0xffff));
  }
  const range = addr.range();
  if (range !== 'unicast') {
    return { allowed: false, reason: `${IPV6_REASONS[range] ?? 'a special-purpose address'} ${text}` };
  }
  // ::a.b.c.d (deprecated IPv4-compatible form); :: and ::1 were classified above.
  if (addr.match(IPV4_COMPATIBLE)) {
    return judgeEmbedded(`an IPv4-compatible address ${text}`, ipv4From(p[6], p[7]));
  }
  if (!addr.match(GLOBAL_UNICAST)) {
    return { allowed: false, reason: `an unassigned (non-global) IPv6 address ${text}` };
  }
  return ALLOWED;
}

/**
 * Parses IPv6 text (an optional zone is dropped). The text is first canonicalised by the WHATWG URL
 * parser because ipaddr.js reads the deprecated `::a.b.c.d` form as `::ffff:a.b.c.d`.
 */
function parseIPv6(text: string): ipaddr.IPv6 {
  const withoutZone = text.replace(/%.*$/, '');
  return ipaddr.IPv6.parse(new URL(`http://[${withoutZone}]/`).hostname.slice(1, -1));
}

/** True when `text` is an IP address literal (IPv6 with or without brackets). */
export function isIpLiteral(text: string): boolean {
  return isIP(stripBrackets(text)) !== 0;
}

export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * Decides whether an IP address (canonical text, as from DNS or a parsed URL) may be connected to.
 * Anything that is not an IP address is refused.
 */
export function judgeAddress(address: string): AddressVerdict {
  const text = stripBrackets(address);
  const kind = isIP(text);
  if (kind === 4) return judgeIPv4(ipaddr.IPv4.parse(text));
  if (kind === 6) return judgeIPv6(parseIPv6(text));
  return { allowed: false, reason: `not an IP address (${address})` };
}

/** A canonical form for comparing addresses (`::FFFF:7f00:1` and `::ffff:127.0.0.1` are the same). */
export function canonicalAddress(address: string): string | undefined {
  const text = stripBrackets(address);
  const kind = isIP(text);
  if (kind === 0) return undefined;
  return kind === 4 ? ipaddr.IPv4.parse(text).toString() : parseIPv6(text).toNormalizedString();
}
