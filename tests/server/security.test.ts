/** API keys and job isolation, the rate limit, helmet headers, request ids, and logs without article text. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { ExportService } from '../../src/jobs/service.js';
import { createApp } from '../../src/server/app.js';
import { loadApiKeys } from '../../src/server/auth.js';
import { corpusText } from '../helpers/corpus.js';
import { noNetwork } from '../helpers/ctx.js';
import { expectProblem, openService, settled, type TestService, tmpDataDir } from './support.js';

const meduza = corpusText('meduza-lavrov-blinken.txt');
const KEY_A = 'key-a-0123456789abcdef';
const KEY_B = 'key-b-0123456789abcdef';
const asA = { Authorization: `Bearer ${KEY_A}` };
const asB = { Authorization: `Bearer ${KEY_B}` };

describe('API keys', () => {
  let t: TestService;
  let id: string;
  let fileHref: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'readout-keys-'));
    const file = join(dir, 'keys');
    writeFileSync(file, `# newsroom keys\n${KEY_B}\n\n`);
    t = await openService({ apiKeys: [KEY_A], apiKeysFile: file, rateLimit: 0 });
    const created = await request(t.app)
      .post('/v1/exports')
      .set(asA)
      .send({ text: meduza, formats: ['html'] });
    expect(created.status).toBe(202);
    id = created.body.id;
    fileHref = (await settled(t.app, id, asA)).body.files[0].href;
  });
  afterAll(() => t.close());

  it('401 without a key (with WWW-Authenticate), 403 with a wrong one, on every /v1 route', async () => {
    for (const path of ['/v1/schema', `/v1/exports/${id}`, fileHref]) {
      const missing = await request(t.app).get(path);
      expectProblem(missing, 401, /Authorization: Bearer/);
      expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
      expectProblem(
        await request(t.app).get(path).set('Authorization', 'Bearer not-a-key-at-all-xx'),
        403,
        /not valid/,
      );
    }
    expectProblem(await request(t.app).post('/v1/convert/html').send({ text: meduza }), 401, /API key/);
    expectProblem(
      await request(t.app).post('/v1/analyze').set('Authorization', 'Basic abc').send({ text: 'x' }),
      401,
      /Bearer/,
    );
  });

  it('open routes need no key', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs', '/']) {
      expect((await request(t.app).get(path)).status, path).toBe(200);
    }
  });

  it('with READOUT_METRICS_TOKEN, /metrics needs that token (an API key is not it); the other open routes stay open', async () => {
    const token = 'scrape-0123456789abcdef';
    const { testApp } = await import('../helpers/app.js');
    const app = testApp({ apiKeys: [KEY_A], metricsToken: token });
    const missing = await request(app).get('/metrics');
    expectProblem(missing, 401, /metrics token/);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    expectProblem(await request(app).get('/metrics').set(asA), 403, /metrics token/);
    const scraped = await request(app).get('/metrics').set('Authorization', `Bearer ${token}`);
    expect(scraped.status).toBe(200);
    expect(scraped.text).toMatch(/readout_process_cpu_seconds_total/);
    for (const path of ['/healthz', '/openapi.json', '/docs', '/']) {
      expect((await request(app).get(path)).status, path).toBe(200);
    }
    expect(() => loadConfig({ READOUT_METRICS_TOKEN: 'short' })).toThrow(ConfigError);
  });

  it('a job is visible only to the key that created it: another key gets 404', async () => {
    expect((await request(t.app).get(`/v1/exports/${id}`).set(asA)).status).toBe(200);
    expectProblem(await request(t.app).get(`/v1/exports/${id}`).set(asB), 404, /No export job/);
    expectProblem(await request(t.app).get(fileHref).set(asB), 404, /No export job/);
    expectProblem(await request(t.app).get(`/v1/exports/${id}/archive`).set(asB), 404, /No export job/);
    expectProblem(await request(t.app).delete(`/v1/exports/${id}`).set(asB), 404, /No export job/);
    // B's attempt deleted nothing.
    expect((await request(t.app).get(fileHref).set(asA)).status).toBe(200);
    // Keys from the file work like the others.
    const b = await request(t.app)
      .post('/v1/exports')
      .set(asB)
      .send({ text: meduza, formats: ['html'] });
    expect(b.status).toBe(202);
    expectProblem(await request(t.app).get(`/v1/exports/${b.body.id}`).set(asA), 404, /No export job/);
  });

  it('refuses short keys and an unreadable keys file at start, naming the setting', () => {
    expect(() => loadConfig({ READOUT_API_KEYS: 'short' })).toThrow(/READOUT_API_KEYS=.*at least 16/);
    expect(() => loadApiKeys({ apiKeys: [], apiKeysFile: '/nonexistent/keys' })).toThrow(ConfigError);
    expect(() => loadApiKeys({ apiKeys: [], apiKeysFile: '/nonexistent/keys' })).toThrow(
      /READOUT_API_KEYS_FILE/,
    );
  });
});

describe('rate limit, headers and logs', () => {
  it('429 with Retry-After past the per-key rate limit; other keys are counted apart', async () => {
    const t = await openService({ apiKeys: [KEY_A, KEY_B], rateLimit: 3 });
    try {
      for (let i = 0; i < 3; i++) expect((await request(t.app).get('/v1/schema').set(asA)).status).toBe(200);
      const limited = await request(t.app).get('/v1/schema').set(asA);
      expectProblem(limited, 429, /3 per minute/);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.headers.ratelimit).toMatch(/r=0/);
      expect((await request(t.app).get('/v1/schema').set(asB)).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('sends helmet headers with a strict CSP (self scripts only) and a request id', async () => {
    const t = await openService();
    try {
      const res = await request(t.app).get('/');
      expect(res.status).toBe(200);
      const csp = res.headers['content-security-policy'];
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toMatch(/default-src 'self'/);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.text).toContain('<script type="module" src="/app.js"></script>');
      expect(res.text).not.toMatch(/<script>|<script type="module">|\son[a-z]+="/);
      const given = await request(t.app).get('/healthz').set('X-Request-Id', 'abc-123');
      expect(given.headers['x-request-id']).toBe('abc-123');
    } finally {
      await t.close();
    }
  });

  it('never logs article text, bodies or keys', async () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    const logger = pino({ level: 'debug' }, sink);
    const config = loadConfig({}, { logLevel: 'debug', dataDir: tmpDataDir(), apiKeys: [KEY_A] });
    const service = await ExportService.open(config, { fetcher: noNetwork, logger });
    const app = createApp({ config, fetcher: noNetwork, logger, service });
    try {
      const secret = 'Zanzibar quokka phrasebook';
      const text = `A title about nothing\n\n${secret} opens the first paragraph, which runs on for a while.\n`;
      const created = await request(app)
        .post('/v1/exports')
        .set(asA)
        .send({ text, formats: ['html', 'ssml'] });
      await settled(app, created.body.id, asA);
      await request(app).post('/v1/convert/html').set(asA).send({ text });
      await request(app).post('/v1/analyze').set(asA).send({ text });
      await request(app)
        .post('/v1/exports')
        .set(asA)
        .send({ html: `<nav>${secret}</nav>`, formats: ['html'] });
      await request(app)
        .post('/v1/convert/html')
        .set(asA)
        .set('Content-Type', 'text/plain')
        .send(`${secret}\u0000`);
      expect(out).toContain(created.body.id);
      expect(out).toMatch(/"req":{"id":"[0-9a-f-]{36}"/);
      expect(out).not.toContain('Zanzibar');
      expect(out).not.toContain('quokka');
      expect(out).not.toContain(KEY_A);
    } finally {
      await service.close(0);
      rmSync(config.dataDir, { recursive: true, force: true });
    }
  });
});
