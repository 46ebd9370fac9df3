/**
 * Trusted hosts that skip the address check (READOUT_FETCH_ALLOW_HOSTS): an exact host name,
 * `*.example.com` (any subdomain of example.com, not example.com itself), or an IP address
 * (allowed as a literal host and as an address a name resolves to).
 */
import { canonicalAddress } from './ip-policy.js';

export interface HostAllowList {
  /** True when the host (a name or an IP literal, as in a URL) is trusted. */
  allowsHost(host: string): boolean;
  /** True when a resolved address is trusted. */
  allowsAddress(address: string): boolean;
}

/** Lowercase, without a trailing dot (`Example.COM.` → `example.com`). */
function normaliseName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

export function createHostAllowList(entries: readonly string[]): HostAllowList {
  const names = new Set<string>();
  const suffixes: string[] = [];
  const addresses = new Set<string>();
  for (const raw of entries) {
    const entry = normaliseName(raw);
    if (!entry) continue;
    const address = canonicalAddress(entry);
    if (address) addresses.add(address);
    else if (entry.startsWith('*.')) suffixes.push(entry.slice(1));
    else names.add(entry);
  }
  const allowsAddress = (address: string): boolean => {
    const canonical = canonicalAddress(address);
    return canonical !== undefined && addresses.has(canonical);
  };
  return {
    allowsHost(host) {
      if (allowsAddress(host)) return true;
      const name = normaliseName(host);
      return (
        names.has(name) || suffixes.some((suffix) => name.endsWith(suffix) && name.length > suffix.length)
      );
    },
    allowsAddress,
  };
}
