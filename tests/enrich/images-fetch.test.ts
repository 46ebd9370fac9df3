/**
 * Fetching images goes through the SSRF guard: loopback servers (127.0.0.1 and [::1]) are refused, also
 * behind a redirect; private and metadata addresses are refused by the guard's decision, with a connect step
 * that fails the test if it is ever reached. Nothing here connects to a non-loopback address.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { processImages } from '../../src/enrich/images/index.js';
import type { LookupFn } from '../../src/net/host-guard.js';
import {
  type ConnectFn,
  createSafeFetcher,
  fetcherFromConfig,
  type SafeFetcher,
} from '../../src/net/safe-fetch.js';
import { testCtx } from '../helpers/ctx.js';
import { forbiddenConnect, loopbackOnlyConnect, redirectToLocal } from '../net/local-server.js';
import { articleWith, dataUri, figure, figuresOf, jpeg } from './images-fixtures.js';

interface ImageServer {
  origin: string;
  requests: string[];
  close(): Promise<void>;
}

async function startImageServer(host: '127.0.0.1' | '::1', photo: Buffer): Promise<ImageServer> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname === '/photo.jpg') {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end(photo);
    } else if (url.pathname === '/to') {
      res.writeHead(302, { location: url.searchParams.get('location') ?? '/' });
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: host === '::1' ? `http://[::1]:${port}` : `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const names: Record<string, string[]> = {
  'public.test': ['93.184.216.34'],
  'loopback.test': ['127.0.0.1'],
  'intranet.test': ['10.0.0.1'],
  'metadata.test': ['169.254.169.254'],
};
const fakeLookup: LookupFn = async (hostname) => {
  const addresses = names[hostname];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

let v4: ImageServer;
let v6: ImageServer | undefined;
const fetchers: SafeFetcher[] = [];

beforeAll(async () => {
  const photo = await jpeg(64, 48);
  v4 = await startImageServer('127.0.0.1', photo);
  // Some CI containers have no IPv6 loopback; the [::1] cases are skipped there.
  v6 = await startImageServer('::1', photo).catch(() => undefined);
});
afterAll(async () => {
  await v4.close();
  await v6?.close();
});
afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((f) => f.close()));
});

function guarded(connect: ConnectFn, allowHosts: string[] = []): SafeFetcher {
  const f = createSafeFetcher({
    timeoutMs: 5000,
    maxBytes: 1_000_000,
    maxRedirects: 5,
    allowHosts,
    lookup: fakeLookup,
    connect,
  });
  fetchers.push(f);
  return f;
}

async function runWith(fetcher: SafeFetcher, src: string) {
  const ctx = testCtx({ fetcher });
  const out = await processImages(
    articleWith([figure(src, { alt: 'Boats in the harbour', altSource: 'author' })]),
    ctx,
  );
  const f = figuresOf(out)[0]!;
  return { ctx, figure: f, stored: ctx.images!.has(f.id) };
}

describe('loopback servers are refused', () => {
  it('the configured fetcher refuses 127.0.0.1; the figure keeps its alt and the report says why', async () => {
    const fetcher = fetcherFromConfig(loadConfig({}));
    fetchers.push(fetcher);
    const { ctx, figure: f, stored } = await runWith(fetcher, `${v4.origin}/photo.jpg`);
    expect(stored).toBe(false);
    expect(f).toMatchObject({ alt: 'Boats in the harbour', altSource: 'author' });
    expect(ctx.report.warnings).toEqual([
      expect.objectContaining({
        origin: 'images:fetch-failed',
        message: expect.stringContaining('loopback'),
      }),
    ]);
    expect(v4.requests).toEqual([]);
  });

  it('the configured fetcher refuses [::1]', async (context) => {
    if (!v6) context.skip();
    const fetcher = fetcherFromConfig(loadConfig({}));
    fetchers.push(fetcher);
    const { ctx, stored } = await runWith(fetcher, `${v6!.origin}/photo.jpg`);
    expect(stored).toBe(false);
    expect(ctx.report.warnings[0]?.message).toContain('loopback');
    expect(v6!.requests).toEqual([]);
  });

  it.each([
    ['127.0.0.1', () => `${v4.origin}/photo.jpg`],
    ['[::1]', () => `${v6?.origin ?? 'http://[::1]:9'}/photo.jpg`],
    ['a name resolving to loopback', () => `http://loopback.test:${new URL(v4.origin).port}/photo.jpg`],
  ])('refuses a redirect from a public host to %s', async (_what, target) => {
    const before = v4.requests.length;
    const spy = redirectToLocal(Number(new URL(v4.origin).port));
    const location = encodeURIComponent(target());
    const { ctx, stored } = await runWith(guarded(spy.connect), `http://public.test/to?location=${location}`);
    expect(stored).toBe(false);
    expect(ctx.report.warnings[0]).toMatchObject({ origin: 'images:fetch-failed' });
    expect(ctx.report.warnings[0]!.message).toMatch(/loopback/);
    // The public host answered the redirect; its target was never asked for.
    expect(v4.requests.slice(before)).toEqual([`/to?location=${location}`]);
    expect(spy.attempts.map((a) => a.hostname)).toEqual(['93.184.216.34']);
    expect(v6?.requests ?? []).toEqual([]);
  });

  it('fetches from loopback only when the allow-list trusts it (so the refusals above are the guard’s)', async () => {
    const { figure: f, stored } = await runWith(
      guarded(loopbackOnlyConnect().connect, ['127.0.0.1']),
      `${v4.origin}/photo.jpg`,
    );
    expect(stored).toBe(true);
    expect(f).toMatchObject({ width: 64, height: 48 });
  });
});

describe('private and metadata addresses are refused before connecting', () => {
  it.each([
    'http://10.0.0.1/photo.jpg',
    'http://169.254.169.254/latest/meta-data/photo.jpg',
    'http://intranet.test/photo.jpg',
    'http://metadata.test/photo.jpg',
  ])('%s', async (src) => {
    const spy = forbiddenConnect();
    const { ctx, stored } = await runWith(guarded(spy.connect), src);
    expect(stored).toBe(false);
    expect(ctx.report.warnings[0]).toMatchObject({ origin: 'images:fetch-failed' });
    expect(ctx.report.warnings[0]!.message).toMatch(/private|link-local|metadata/);
    expect(spy.attempts).toEqual([]);
  });
});

describe('SVG cannot reach the network while it is rasterised', () => {
  it('an external <image> and stylesheet in an SVG are not fetched', async () => {
    const before = v4.requests.length;
    const svg = Buffer.from(
      `<?xml-stylesheet href="${v4.origin}/style.css"?>` +
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="80" height="40">' +
        `<image href="${v4.origin}/photo.jpg" xlink:href="${v4.origin}/photo.jpg" width="80" height="40"/>` +
        '<rect width="10" height="10" fill="#000"/></svg>',
    );
    const ctx = testCtx();
    const out = await processImages(articleWith([figure(dataUri(svg, 'image/svg+xml'))]), ctx);
    expect(ctx.images!.variant(figuresOf(out)[0]!.id, 'print')?.mediaType).toBe('image/png');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(v4.requests.slice(before)).toEqual([]);
  });
});
