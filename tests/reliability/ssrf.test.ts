/**
 * The SSRF matrix: every probe of issue 11 is refused, with a clear error, on each way a URL gets fetched —
 * an article URL read in process (readArticle), an article URL posted to the HTTP API (POST /v1/convert),
 * and an image address in an article (the images transform) — using the production fetcher
 * (createSafeFetcher) with only its DNS and connection steps replaced:
 *
 * - DNS is a fixed table (no query leaves the machine);
 * - the connection step connects only to the one loopback test server the test trusts (`allowed.test`,
 *   a name on READOUT_FETCH_ALLOW_HOSTS resolving to 127.0.0.1); any other connection attempt is recorded
 *   and fails, and the test then fails: no packet ever leaves the machine;
 * - loopback probes aim at the port of a second local "victim" server, which must see no request.
 *
 * Positive controls show the same fetcher does fetch from the trusted server, so refusals are the guard's.
 */
import request from 'supertest';
import { buildConnector } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createCtx } from '../../src/context.js';
import { enrich } from '../../src/enrich/pipeline.js';
import { InputError } from '../../src/errors.js';
import {
  type ConnectFn,
  createSafeFetcher,
  type LookupFn,
  type SafeFetcher,
} from '../../src/net/safe-fetch.js';
import { readArticle } from '../../src/read/index.js';
import { testApp } from '../helpers/app.js';
import { type LocalServer, startLocalServer } from '../net/local-server.js';
import { recordFigures } from './suite-form.js';

const TRUSTED = 'allowed.test';

/** Made-up names only; anything else fails like NXDOMAIN (the system resolver is never asked). */
const DNS: Record<string, string[]> = {
  [TRUSTED]: ['127.0.0.1'],
  localhost: ['127.0.0.1', '::1'],
  'intranet.example': ['192.168.1.10'],
};

let trusted: LocalServer;
let victim: LocalServer;
let fetcher: SafeFetcher;
/** Connection attempts anywhere but the trusted server: each one fails the test. */
const strayConnects: string[] = [];
const lookups: string[] = [];
const refusedBy = new Map<string, number>();

const lookup: LookupFn = async (hostname) => {
  lookups.push(hostname);
  const addresses = DNS[hostname];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

const realConnect = buildConnector({});
const connect: ConnectFn = (options, callback) => {
  if (options.hostname === '127.0.0.1' && Number(options.port) === trusted.port) {
    realConnect(options, callback);
    return;
  }
  strayConnects.push(`${options.hostname}:${options.port}`);
  callback(new Error(`SSRF test: a connection to ${options.hostname}:${options.port} was attempted`), null);
};

interface Probe {
  name: string;
  /** The URL (a function, because ports are known only once the servers run). */
  url: () => string;
  /** What the error must say about the address. */
  reason: RegExp;
}

const at = (host: string) => () => `http://${host}:${victim.port}/article`;

/** Exactly the probe list of issue 11. */
const PROBES: Probe[] = [
  { name: '127.0.0.1', url: at('127.0.0.1'), reason: /127\.0\.0\.1: it is a loopback address/ },
  { name: 'localhost', url: at('localhost'), reason: /localhost: it resolves to a loopback address/ },
  { name: '0.0.0.0', url: at('0.0.0.0'), reason: /0\.0\.0\.0: it is an unspecified address/ },
  { name: '[::1]', url: at('[::1]'), reason: /::1: it is a loopback address/ },
  { name: '10.0.0.1', url: () => 'http://10.0.0.1/', reason: /10\.0\.0\.1: it is a private address/ },
  { name: '172.16.0.1', url: () => 'http://172.16.0.1/', reason: /172\.16\.0\.1: it is a private address/ },
  {
    name: '192.168.1.1',
    url: () => 'http://192.168.1.1/',
    reason: /192\.168\.1\.1: it is a private address/,
  },
  {
    name: '169.254.169.254 (cloud metadata)',
    url: () => 'http://169.254.169.254/latest/meta-data/',
    reason: /169\.254\.169\.254: it is a link-local \(cloud metadata\) address/,
  },
  {
    name: '[::ffff:127.0.0.1] (IPv4-mapped)',
    url: at('[::ffff:127.0.0.1]'),
    reason: /IPv4-mapped address .* embedding a loopback address 127\.0\.0\.1/,
  },
  {
    name: '2130706433 (decimal IPv4)',
    url: at('2130706433'),
    reason: /127\.0\.0\.1: it is a loopback address/,
  },
  { name: '0x7f000001 (hex IPv4)', url: at('0x7f000001'), reason: /127\.0\.0\.1: it is a loopback address/ },
  {
    name: 'a redirect from the trusted server to a private address',
    url: () => `http://${TRUSTED}:${trusted.port}/to?location=${encodeURIComponent('http://10.0.0.1/admin')}`,
    reason: /10\.0\.0\.1: it is a private address/,
  },
  {
    name: 'a host name resolving to a private address',
    url: () => 'http://intranet.example/news',
    reason: /intranet\.example: it resolves to a private address 192\.168\.1\.10/,
  },
];

function count(channel: string): void {
  refusedBy.set(channel, (refusedBy.get(channel) ?? 0) + 1);
}

beforeAll(async () => {
  trusted = await startLocalServer();
  victim = await startLocalServer();
  fetcher = createSafeFetcher({
    timeoutMs: 5000,
    maxBytes: 1024 * 1024,
    maxRedirects: 5,
    allowHosts: [TRUSTED],
    lookup,
    connect,
  });
});

afterAll(async () => {
  await fetcher.close();
  await Promise.all([trusted.close(), victim.close()]);
  recordFigures('ssrf', {
    probes: PROBES.length,
    channels: ['url-input (readArticle)', 'POST /v1/convert {url}', 'image fetch (images transform)'],
    refused: Object.fromEntries(refusedBy),
    refusedTotal: [...refusedBy.values()].reduce((a, b) => a + b, 0),
    strayConnects: strayConnects.length,
    victimRequests: victim.requests.length,
  });
});

const ctx = () => createCtx({ config: loadConfig({}, { logLevel: 'silent' }), fetcher });

/** An article whose only picture is at `src`. */
function articleWithImage(src: string): string {
  return JSON.stringify({
    schemaVersion: 1,
    id: 'rainfall-in-may',
    lang: 'en',
    title: 'Rainfall in May',
    authors: [],
    translators: [],
    speakers: [],
    blocks: [
      { id: '', type: 'paragraph', children: [{ type: 'text', text: 'It rained a lot in May.' }] },
      {
        id: '',
        type: 'figure',
        src,
        alt: 'A bar chart of rainfall by day',
        altSource: 'author',
        decorative: false,
      },
    ],
  });
}

describe('positive controls: the same fetcher reaches the trusted loopback server', () => {
  it('reads an article URL from it', async () => {
    const { article } = await readArticle(
      { data: `http://${TRUSTED}:${trusted.port}/article`, format: 'url' },
      ctx(),
    );
    expect(article.title).toBe('Hello');
  });

  it('fetches an image from it (and reports the 4 bytes as not a picture, not as refused)', async () => {
    const c = ctx();
    const before = trusted.requests.length;
    const { article } = await readArticle(
      { data: articleWithImage(`http://${TRUSTED}:${trusted.port}/image`), format: 'json' },
      c,
    );
    await enrich(article, c);
    expect(trusted.requests.length).toBe(before + 1);
    expect(c.report.messages.map((m) => m.message).join('\n')).not.toMatch(/Refused to fetch/);
  });
});

describe.each(PROBES)('SSRF probe: $name', (probe) => {
  it('is refused as an article URL (readArticle)', async () => {
    const error = await readArticle({ data: probe.url(), format: 'url' }, ctx()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('input/url-refused');
    expect((error as InputError).message).toMatch(/^Refused to fetch from /);
    expect((error as InputError).message).toMatch(probe.reason);
    count('url-input');
  });

  it('is refused as a URL posted to the HTTP API, with a 422 problem', async () => {
    const res = await request(testApp({}, fetcher)).post('/v1/convert/html').send({ url: probe.url() });
    expect(res.status, res.text).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('input/url-refused');
    expect(res.body.detail).toMatch(probe.reason);
    count('http-post');
  });

  it('is refused as an image address: the figure keeps its text and the report says why', async () => {
    const c = ctx();
    const { article } = await readArticle({ data: articleWithImage(probe.url()), format: 'json' }, c);
    const enriched = await enrich(article, c);
    const figure = enriched.blocks.find((b) => b.type === 'figure');
    expect(figure).toBeDefined();
    const warning = c.report.messages.find(
      (m) => m.origin === 'images:fetch-failed' && m.blockId === figure?.id,
    );
    expect(warning?.message).toMatch(/Refused to fetch from /);
    expect(warning?.message).toMatch(probe.reason);
    expect(c.images?.get(figure?.id ?? '')).toBeUndefined();
    count('image-fetch');
  });

  it('never opened a connection anywhere but the trusted server, and the victim saw nothing', () => {
    expect(strayConnects).toEqual([]);
    expect(victim.requests).toEqual([]);
    // Only made-up names were resolved, by the test's own table.
    expect(lookups.filter((name) => !(name in DNS))).toEqual([]);
  });
});
