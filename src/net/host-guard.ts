/**
 * The address check done at connection time: resolve a host (all its addresses), refuse it when any
 * address is not public, and hand back the addresses that were checked so the connection is made to
 * exactly those (no second DNS lookup an attacker could answer differently).
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { InputError } from '../errors.js';
import type { HostAllowList } from './allow-hosts.js';
import { isIpLiteral, judgeAddress, stripBrackets } from './ip-policy.js';

export interface LookupAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses (injectable so tests never use real DNS). */
export type LookupFn = (hostname: string) => Promise<LookupAddress[]>;

export const systemLookup: LookupFn = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface HostGuardOptions {
  lookup: LookupFn;
  allowList: HostAllowList;
}

/** Returns the addresses a connection to `host` may use, in order, or throws `input/url-refused`/`-unreachable`. */
export type HostGuard = (host: string) => Promise<string[]>;

function refused(host: string, why: string): InputError {
  return new InputError('input/url-refused', `Refused to fetch from ${host}: ${why}.`);
}

function errorCode(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string')
    return error.code;
  return error instanceof Error ? error.message : String(error);
}

export function createHostGuard({ lookup, allowList }: HostGuardOptions): HostGuard {
  return async (rawHost) => {
    const host = stripBrackets(rawHost);
    if (isIpLiteral(host)) {
      if (allowList.allowsHost(host)) return [host];
      const verdict = judgeAddress(host);
      if (!verdict.allowed) throw refused(host, `it is ${verdict.reason}`);
      return [host];
    }
    let found: LookupAddress[];
    try {
      found = await lookup(host);
    } catch (error) {
      throw new InputError(
        'input/url-unreachable',
        `Could not resolve the host ${host} (${errorCode(error)}).`,
        [],
        {
          cause: error,
        },
      );
    }
    const addresses = found.map((a) => a.address);
    if (addresses.length === 0) {
      throw new InputError('input/url-unreachable', `The host ${host} has no addresses.`);
    }
    if (allowList.allowsHost(host)) return addresses;
    for (const address of addresses) {
      if (allowList.allowsAddress(address)) continue;
      const verdict = judgeAddress(address);
      if (!verdict.allowed) throw refused(host, `it resolves to ${verdict.reason}`);
    }
    return addresses;
  };
}
