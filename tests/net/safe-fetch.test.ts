import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { InputError, LimitError, type ReadoutError } from '../../src/errors.js';
import type { LookupFn } from '../../src/net/host-guard.js';
import {
  type ConnectFn,
  createSafeFetcher,
  fetcherFromConfig,
  type SafeFetcher,
  type SafeFetcherOptions,
} from '../../src/net/safe-fetch.js';
import {
  closedPort,
  forbiddenConnect,
  type LocalServer,
  loopbackOnlyConnect,
  redirectToLocal,
  startLocalServer,
} from './local-server.js';

/** A resolver for made-up names; anything else fails like NXDOMAIN. */
function fakeLookup(table: Record<string, string[]>, calls: string[] = []): LookupFn {
  return async (hostname) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

const names = {
  'news.test': ['127.0.0.1'],
  'intranet.test': ['10.0.0.5'],
  'metadata.test': ['169.254.169.254'],
  'localhost.test': ['127.0.0.1', '::1'],
  'mixed.test': ['93.184.216.34', '10.0.0.5'],
  'public.test': ['93.184.216.34'],
  'two.test': ['93.184.216.34', '93.184.216.35'],
};

let server: LocalServer;
const fetchers: SafeFetcher[] = [];

beforeAll(async () => {
  server = await startLocalServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((f) => f.close()));
});

function fetcher(options: Partial<SafeFetcherOptions> & { connect: ConnectFn }): SafeFetcher {
  const f = createSafeFetcher({
    timeoutMs: 5000,
    maxBytes: 100_000,
    maxRedirects: 5,
    allowHosts: [],
    lookup: fakeLookup(names),
    ...options,
  });
  fetchers.push(f);
  return f;
}

async function failure(promise: Promise<unknown>): Promise<ReadoutError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputError || error instanceof LimitError) return error;
    throw error;
  }
  throw new Error('expected the fetch to fail');
}

describe('refusals decided before any connection', () => {
  it.each([
    ['http://169.254.169.254/latest/meta-data', 'cloud metadata'],
    [
      'http://[::ffff:127.0.0.1]/',
      'IPv4-mapped address ::ffff:7f00:1 embedding a loopback address 127.0.0.1',
    ],
    ['http://2130706433/', 'loopback address 127.0.0.1'],
    ['http://0x7f.0.0.1/', 'loopback address 127.0.0.1'],
    ['http://0177.0.0.1/', 'loopback address 127.0.0.1'],
    ['http://127.1/', 'loopback address 127.0.0.1'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    ['http://[::1]:8080/', 'loopback'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://[fd00::1]/', 'unique-local'],
    ['https://10.1.2.3/', 'private address 10.1.2.3'],
    ['http://192.168.0.1/admin', 'private address 192.168.0.1'],
    ['http://100.100.100.200/', 'carrier-grade NAT'],
    [
      'http://[64:ff9b::a9fe:a9fe]/',
      'NAT64 address 64:ff9b::a9fe:a9fe embedding a link-local (cloud metadata)',
    ],
    ['http://intranet.test/', 'intranet.test: it resolves to a private address 10.0.0.5'],
    ['http://metadata.test/latest', 'resolves to a link-local (cloud metadata) address 169.254.169.254'],
    ['http://localhost.test/', 'resolves to a loopback address 127.0.0.1'],
    ['http://mixed.test/', 'resolves to a private address 10.0.0.5'],
  ])('refuses %s without connecting', async (url, why) => {
    const spy = forbiddenConnect();
    const error = await failure(fetcher({ connect: spy.connect }).fetch(url));
    expect(error.code).toBe('input/url-refused');
    expect(error.message).toContain(why);
    expect(spy.attempts).toEqual([]);
  });

  it.each([
    ['file:///etc/passwd', 'input/url-scheme'],
    ['ftp://example.com/x', 'input/url-scheme'],
    ['gopher://example.com:70/_x', 'input/url-scheme'],
    ['not a url', 'input/url-invalid'],
    ['https://user:pw@public.test/', 'input/url-credentials'],
  ])('refuses %s before resolving', async (url, code) => {
    const spy = forbiddenConnect();
    const lookups: string[] = [];
    const f = fetcher({ connect: spy.connect, lookup: fakeLookup(names, lookups) });
    expect((await failure(f.fetch(url))).code).toBe(code);
    expect(lookups).toEqual([]);
    expect(spy.attempts).toEqual([]);
  });

  it('reports a name that does not resolve as unreachable', async () => {
    const spy = forbiddenConnect();
    const error = await failure(fetcher({ connect: spy.connect }).fetch('https://nowhere.test/'));
    expect(error.code).toBe('input/url-unreachable');
    expect(error.message).toContain('nowhere.test');
    expect(error.message).toContain('ENOTFOUND');
  });
});

describe('fetching (local server only)', () => {
  it('fetches a trusted literal IP host and passes the content type through', async () => {
    const f = fetcher({ connect: loopbackOnlyConnect().connect, allowHosts: ['127.0.0.1'] });
    const page = await f.fetch(`${server.origin}/article`);
    expect(page.status).toBe(200);
    expect(page.url).toBe(`${server.origin}/article`);
    expect(page.contentType).toBe('text/html; charset=utf-8');
    expect(new TextDecoder().decode(page.body)).toContain('<h1>Hello</h1>');

    const image = await f.fetch(`${server.origin}/image`);
    expect(image.contentType).toBe('image/png');
    expect([...image.body]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('refuses loopback without an allow-list entry, before connecting', async () => {
    const spy = forbiddenConnect();
    const error = await failure(fetcher({ connect: spy.connect }).fetch(`${server.origin}/article`));
    expect(error.code).toBe('input/url-refused');
    expect(error.message).toContain('loopback address 127.0.0.1');
    expect(spy.attempts).toEqual([]);
  });

  it('connects to the address it checked, keeping the name for Host and TLS', async () => {
    const spy = loopbackOnlyConnect();
    const lookups: string[] = [];
    const f = fetcher({
      connect: spy.connect,
      allowHosts: ['news.test'],
      lookup: fakeLookup(names, lookups),
    });
    const page = await f.fetch(`http://news.test:${server.port}/article`);
    expect(page.url).toBe(`http://news.test:${server.port}/article`);
    expect(spy.attempts).toEqual([{ hostname: '127.0.0.1', host: `news.test:${server.port}` }]);
    expect(lookups).toEqual(['news.test']);
    expect(server.requests.at(-1)?.headers.host).toBe(`news.test:${server.port}`);
  });

  it('allows a host whose addresses are all public, without an allow-list', async () => {
    const spy = redirectToLocal(server.port);
    const page = await fetcher({ connect: spy.connect }).fetch('http://public.test/article');
    expect(page.status).toBe(200);
    expect(spy.attempts.map((a) => a.hostname)).toEqual(['93.184.216.34']);
  });

  it('tries the next checked address when one cannot be reached', async () => {
    const spy = redirectToLocal(server.port, ['93.184.216.34']);
    const page = await fetcher({ connect: spy.connect }).fetch('http://two.test/article');
    expect(page.status).toBe(200);
    expect(spy.attempts.map((a) => a.hostname)).toEqual(['93.184.216.34', '93.184.216.35']);
  });

  it('sends the Accept header asked for and a user agent', async () => {
    const f = fetcher({
      connect: loopbackOnlyConnect().connect,
      allowHosts: ['127.0.0.1'],
      userAgent: 'ua-test',
    });
    const page = await f.fetch(`${server.origin}/echo`, { accept: 'text/html' });
    expect(JSON.parse(new TextDecoder().decode(page.body))).toEqual({
      accept: 'text/html',
      userAgent: 'ua-test',
    });
  });

  it('reports a refused connection as unreachable', async () => {
    const port = await closedPort();
    const f = fetcher({ connect: loopbackOnlyConnect().connect, allowHosts: ['127.0.0.1'] });
    const error = await failure(f.fetch(`http://127.0.0.1:${port}/`));
    expect(error.code).toBe('input/url-unreachable');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it.each([
    ['/missing', '404'],
    ['/broken', '503'],
    ['/redirect-without-location', '302'],
  ])('refuses the non-2xx answer of %s naming the status', async (path, status) => {
    const f = fetcher({ connect: loopbackOnlyConnect().connect, allowHosts: ['127.0.0.1'] });
    const error = await failure(f.fetch(`${server.origin}${path}`));
    expect(error.code).toBe('input/url-status');
    expect(error.message).toContain(status);
  });
});

describe('redirects', () => {
  const trusted = { allowHosts: ['news.test'] };

  it('follows redirects up to the limit and reports the final URL', async () => {
    const f = fetcher({ connect: loopbackOnlyConnect().connect, ...trusted, maxRedirects: 5 });
    const page = await f.fetch(`http://news.test:${server.port}/redirect/4`);
    expect(page.url).toBe(`http://news.test:${server.port}/article`);
    expect(new TextDecoder().decode(page.body)).toContain('Hello');
  });

  it('stops past maxRedirects', async () => {
    const f = fetcher({ connect: loopbackOnlyConnect().connect, ...trusted, maxRedirects: 3 });
    const error = await failure(f.fetch(`http://news.test:${server.port}/redirect/4`));
    expect(error.code).toBe('input/url-redirects');
    expect(error.message).toContain('more than 3');
  });

  it('follows no redirect at all when maxRedirects is 0', async () => {
    const f = fetcher({ connect: loopbackOnlyConnect().connect, ...trusted, maxRedirects: 0 });
    expect((await failure(f.fetch(`http://news.test:${server.port}/redirect/0`))).code).toBe(
      'input/url-redirects',
    );
  });

  it.each([
    ['http://intranet.test/secret', 'input/url-refused', 'private address 10.0.0.5'],
    ['http://169.254.169.254/latest/meta-data', 'input/url-refused', 'cloud metadata'],
    ['http://[::ffff:7f00:1]/', 'input/url-refused', 'loopback'],
    ['file:///etc/passwd', 'input/url-scheme', 'file'],
  ])('re-checks the redirect target %s', async (target, code, why) => {
    const spy = loopbackOnlyConnect();
    const f = fetcher({ connect: spy.connect, ...trusted });
    const error = await failure(
      f.fetch(`http://news.test:${server.port}/to?location=${encodeURIComponent(target)}`),
    );
    expect(error.code).toBe(code);
    expect(error.message).toContain(why);
    expect(spy.attempts.every((a) => a.hostname === '127.0.0.1')).toBe(true);
  });

  it('does not extend trust in one host to a redirect to another (even to the same address)', async () => {
    const spy = loopbackOnlyConnect();
    const f = fetcher({ connect: spy.connect, ...trusted });
    const target = `http://127.0.0.1:${server.port}/article`;
    const error = await failure(
      f.fetch(`http://news.test:${server.port}/to?location=${encodeURIComponent(target)}`),
    );
    expect(error.code).toBe('input/url-refused');
    expect(spy.attempts).toHaveLength(1);
  });
});

describe('limits', () => {
  const local = () => ({ connect: loopbackOnlyConnect().connect, allowHosts: ['127.0.0.1'] });

  it('aborts a streamed body (no Content-Length) past maxBytes', async () => {
    const error = await failure(
      fetcher({ ...local(), maxBytes: 100_000 }).fetch(`${server.origin}/big-stream`),
    );
    expect(error).toBeInstanceOf(LimitError);
    expect(error.code).toBe('limit/url-too-large');
  });

  it('accepts the same streamed body under a larger per-call limit', async () => {
    const page = await fetcher({ ...local(), maxBytes: 100_000 }).fetch(`${server.origin}/big-stream`, {
      maxBytes: 2_000_000,
    });
    expect(page.body.byteLength).toBe(64 * 16 * 1024);
  });

  it('refuses early when Content-Length is over the limit', async () => {
    const error = await failure(
      fetcher({ ...local(), maxBytes: 100_000 }).fetch(`${server.origin}/big-declared`),
    );
    expect(error.code).toBe('limit/url-too-large');
    expect(error.message).toContain(String(1024 * 1024));
  });

  it('counts decoded bytes, so a small compressed body that inflates past the limit is refused', async () => {
    const error = await failure(
      fetcher({ ...local(), maxBytes: 100_000 }).fetch(`${server.origin}/gzip-bomb`),
    );
    expect(error.code).toBe('limit/url-too-large');
  });

  it('times out a server that never answers', async () => {
    const started = Date.now();
    const error = await failure(fetcher({ ...local(), timeoutMs: 200 }).fetch(`${server.origin}/hang`));
    expect(error.code).toBe('input/url-timeout');
    expect(error.message).toContain('200 ms');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('times out a body that stalls (the timeout covers the whole fetch)', async () => {
    const error = await failure(
      fetcher({ ...local() }).fetch(`${server.origin}/stall-body`, { timeoutMs: 200 }),
    );
    expect(error.code).toBe('input/url-timeout');
  });

  it("passes the caller's abort through instead of calling it a timeout", async () => {
    const controller = new AbortController();
    const pending = fetcher({ ...local() }).fetch(`${server.origin}/hang`, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled by caller')), 50);
    await expect(pending).rejects.toThrow('cancelled by caller');
  });
});

describe('fetcherFromConfig', () => {
  it('applies the configured allow-list (and refuses loopback without it)', async () => {
    const allowed = fetcherFromConfig(loadConfig({}, { fetchAllowHosts: ['127.0.0.1'] }));
    const refused = fetcherFromConfig(loadConfig({}));
    fetchers.push(allowed, refused);
    expect((await allowed.fetch(`${server.origin}/article`)).status).toBe(200);
    expect((await failure(refused.fetch(`${server.origin}/article`))).code).toBe('input/url-refused');
  });

  it('applies the configured size and redirect limits', async () => {
    const config = loadConfig(
      {},
      { fetchAllowHosts: ['127.0.0.1'], fetchMaxBytes: 1000, fetchMaxRedirects: 1 },
    );
    const f = fetcherFromConfig(config);
    fetchers.push(f);
    expect((await failure(f.fetch(`${server.origin}/big-stream`))).code).toBe('limit/url-too-large');
    expect((await failure(f.fetch(`${server.origin}/redirect/1`))).code).toBe('input/url-redirects');
    expect((await f.fetch(`${server.origin}/redirect/0`)).status).toBe(200);
  });
});
