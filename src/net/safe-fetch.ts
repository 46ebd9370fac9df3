/**
 * The SSRF-guarded fetcher: http(s) only, every connection checked and pinned to a public address,
 * redirects followed by hand (each hop checked again), one timeout for the whole fetch, and a byte cap
 * on the (decoded) body.
 *
 * The check lives in undici's connect step, so it runs for every new connection, literal-IP hosts
 * included (Node skips a custom `lookup` for those), and the socket is opened to the very address
 * that was checked.
 */
import type { ReadableStream } from 'node:stream/web';
import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import type { Config } from '../config.js';
import { InputError, LimitError, ReadoutError } from '../errors.js';
import { createHostAllowList } from './allow-hosts.js';
import type { FetchedResource, Fetcher, FetchOptions } from './fetcher.js';
import { createHostGuard, type HostGuard, type LookupFn, systemLookup } from './host-guard.js';
import { parseFetchUrl } from './url-policy.js';

export type { LookupAddress, LookupFn } from './host-guard.js';

/** undici's connect step: opens a socket to `options.hostname` (here always a checked IP address). */
export type ConnectFn = buildConnector.connector;

export interface SafeFetcherOptions {
  /** Whole fetch, redirects and body included. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Hosts (name, `*.domain`, IP) trusted to be fetched even on private or loopback addresses. */
  allowHosts: readonly string[];
  /** DNS resolution (default: the system resolver, all addresses). */
  lookup?: LookupFn;
  /** Opens the socket to an already checked address (default: undici's connector). */
  connect?: ConnectFn;
  userAgent?: string;
}

export interface SafeFetcher extends Fetcher {
  /** Closes pooled connections. */
  close(): Promise<void>;
}

export const DEFAULT_USER_AGENT = 'readout/0.1 (article export)';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Wraps a connector so that it connects only to addresses the guard approved, trying each in turn. */
function guardedConnector(guard: HostGuard, inner: ConnectFn): ConnectFn {
  return (options, callback) => {
    const attempt = (addresses: string[], index: number, lastError: Error | undefined): void => {
      const address = addresses[index];
      if (address === undefined) {
        callback(lastError ?? new Error(`no address to connect to for ${options.hostname}`), null);
        return;
      }
      // `host` keeps the original name, so TLS still sends and verifies it (SNI, certificate).
      inner({ ...options, hostname: address }, (...result) => {
        if (result[0] === null) callback(...result);
        else attempt(addresses, index + 1, result[0]);
      });
    };
    guard(options.hostname).then(
      (addresses) => attempt(addresses, 0, undefined),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  };
}

/** The first ReadoutError in an error's cause chain (undici wraps connector errors in `fetch failed`). */
function readoutCause(error: unknown): ReadoutError | undefined {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 8; depth++) {
    if (current instanceof ReadoutError) return current;
    current = current.cause;
  }
  return undefined;
}

function networkReason(error: unknown): string {
  let current: unknown = error;
  let reason = error instanceof Error ? error.message : String(error);
  for (let depth = 0; current instanceof Error && depth < 8; depth++) {
    const code = 'code' in current && typeof current.code === 'string' ? current.code : undefined;
    reason = code ? `${code}: ${current.message}` : current.message;
    current = current.cause;
  }
  return reason;
}

async function readLimited(body: ReadableStream | null, maxBytes: number, url: string): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = (await reader.read()) as ReadableStreamReadResult<Uint8Array>;
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new LimitError(
        'limit/url-too-large',
        `The response from ${url} is larger than ${maxBytes} bytes.`,
      );
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

function statusError(url: string, status: number, statusText: string): InputError {
  const text = statusText ? ` ${statusText}` : '';
  return new InputError('input/url-status', `Fetching ${url} failed: the server answered ${status}${text}.`);
}

export function createSafeFetcher(options: SafeFetcherOptions): SafeFetcher {
  const guard = createHostGuard({
    lookup: options.lookup ?? systemLookup,
    allowList: createHostAllowList(options.allowHosts),
  });
  const agent = new Agent({ connect: guardedConnector(guard, options.connect ?? buildConnector({})) });
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;

  async function fetchOnce(
    start: URL,
    fetchOptions: FetchOptions,
    signal: AbortSignal,
    maxBytes: number,
  ): Promise<FetchedResource> {
    let current = start;
    for (let redirects = 0; ; redirects++) {
      const response = await undiciFetch(current.href, {
        redirect: 'manual',
        dispatcher: agent,
        signal,
        headers: { 'user-agent': userAgent, accept: fetchOptions.accept ?? '*/*' },
      });
      if (REDIRECTS.has(response.status)) {
        await response.body?.cancel().catch(() => undefined);
        const location = response.headers.get('location');
        if (!location) throw statusError(current.href, response.status, response.statusText);
        if (redirects >= options.maxRedirects) {
          throw new InputError(
            'input/url-redirects',
            `Too many redirects fetching ${start.href} (more than ${options.maxRedirects}).`,
          );
        }
        current = parseFetchUrl(location, current);
        continue;
      }
      if (response.status < 200 || response.status > 299) {
        await response.body?.cancel().catch(() => undefined);
        throw statusError(current.href, response.status, response.statusText);
      }
      const declared = Number(response.headers.get('content-length') ?? Number.NaN);
      if (Number.isFinite(declared) && declared > maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw new LimitError(
          'limit/url-too-large',
          `The response from ${current.href} is ${declared} bytes, more than the limit of ${maxBytes}.`,
        );
      }
      const body = await readLimited(response.body, maxBytes, current.href);
      return {
        url: current.href,
        status: response.status,
        contentType: response.headers.get('content-type') ?? undefined,
        body,
      };
    }
  }

  return {
    async fetch(url, fetchOptions = {}) {
      const start = parseFetchUrl(url);
      const timeoutMs = fetchOptions.timeoutMs ?? options.timeoutMs;
      const maxBytes = fetchOptions.maxBytes ?? options.maxBytes;
      const timeout = AbortSignal.timeout(timeoutMs);
      const signal = fetchOptions.signal ? AbortSignal.any([timeout, fetchOptions.signal]) : timeout;
      try {
        return await fetchOnce(start, fetchOptions, signal, maxBytes);
      } catch (error) {
        const typed = readoutCause(error);
        if (typed) throw typed;
        if (fetchOptions.signal?.aborted) throw fetchOptions.signal.reason;
        if (timeout.aborted) {
          throw new InputError(
            'input/url-timeout',
            `Fetching ${start.href} took longer than ${timeoutMs} ms.`,
            [],
            {
              cause: error,
            },
          );
        }
        throw new InputError(
          'input/url-unreachable',
          `Could not fetch ${start.href} (${networkReason(error)}).`,
          [],
          { cause: error },
        );
      }
    },
    close: () => agent.close(),
  };
}

/** The fetcher configured by READOUT_FETCH_* settings. */
export function fetcherFromConfig(config: Config): SafeFetcher {
  return createSafeFetcher({
    timeoutMs: config.fetchTimeoutMs,
    maxBytes: config.fetchMaxBytes,
    maxRedirects: config.fetchMaxRedirects,
    allowHosts: config.fetchAllowHosts,
  });
}
