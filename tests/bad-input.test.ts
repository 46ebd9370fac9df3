/**
 * Bad input, end to end: each case is refused with an error naming the problem — InputError/LimitError
 * from the core, exit 2 from the CLI, a 4xx problem+json from HTTP — and never crashes the process.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { InputError, LimitError } from '../src/errors.js';
import { readArticle } from '../src/read/index.js';
import { testApp } from './helpers/app.js';
import { runCli } from './helpers/cli.js';
import { testCtx } from './helpers/ctx.js';

const LIMIT = 4096;
const png = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

interface Case {
  name: string;
  body: Buffer;
  contentType: string;
  message: RegExp;
  status: number;
  error: typeof InputError | typeof LimitError;
}

const cases: Case[] = [
  {
    name: 'empty input',
    body: Buffer.from(''),
    contentType: 'text/plain',
    message: /empty/,
    status: 400,
    error: InputError,
  },
  {
    name: 'whitespace only',
    body: Buffer.from('  \n\t\n  '),
    contentType: 'text/plain',
    message: /empty/,
    status: 422,
    error: InputError,
  },
  {
    name: 'NUL bytes',
    body: Buffer.from('Title\n\nText\u0000with a NUL'),
    contentType: 'text/plain',
    message: /NUL/,
    status: 422,
    error: InputError,
  },
  {
    name: 'a PNG',
    body: png,
    contentType: 'text/plain',
    message: /PNG image/,
    status: 422,
    error: InputError,
  },
  {
    name: 'invalid UTF-8',
    body: Buffer.from([0x54, 0x69, 0x74, 0x6c, 0x65, 0x0a, 0xff, 0xfe, 0xfd, 0x41]),
    contentType: 'text/plain',
    message: /not valid UTF-8/,
    status: 422,
    error: InputError,
  },
  {
    name: 'over the size limit',
    body: Buffer.from(`Title\n\n${'word '.repeat(LIMIT)}`),
    contentType: 'text/plain',
    message: /limit is 4096 bytes/,
    status: 413,
    error: LimitError,
  },
  {
    name: 'HTML with no article text',
    body: Buffer.from(
      '<!doctype html><html><head><title>Home</title></head><body><nav><a href="/">Home</a> <a href="/about">About</a></nav><footer>© 2024</footer></body></html>',
    ),
    contentType: 'text/html',
    message: /article text/i,
    status: 422,
    error: InputError,
  },
];

describe('bad input', () => {
  const app = testApp({ maxInputBytes: LIMIT });

  for (const c of cases) {
    describe(c.name, () => {
      it('core: typed error naming the problem', async () => {
        const attempt = readArticle(
          { data: c.body, name: 'input' },
          testCtx({ config: { maxInputBytes: LIMIT } }),
        );
        await expect(attempt).rejects.toBeInstanceOf(c.error);
        await expect(attempt).rejects.toThrow(c.message);
      });

      it('HTTP: 4xx problem+json', async () => {
        const res = await request(app)
          .post('/v1/convert/html')
          .set('Content-Type', c.contentType)
          .send(c.body);
        expect(res.status).toBe(c.status);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.detail).toMatch(c.body.length === 0 ? /empty/ : c.message);
      });

      it('CLI: exit 2 with one line on stderr', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'readout-bad-'));
        const file = join(dir, c.contentType === 'text/html' ? 'input.html' : 'input.txt');
        writeFileSync(file, c.body);
        const prev = process.env.READOUT_MAX_INPUT_BYTES;
        process.env.READOUT_MAX_INPUT_BYTES = String(LIMIT);
        try {
          const r = await runCli(['read', file]);
          expect(r.code).toBe(2);
          expect(r.stderr.trim().split('\n')).toHaveLength(1);
          expect(r.stderr).toMatch(c.message);
        } finally {
          if (prev === undefined) delete process.env.READOUT_MAX_INPUT_BYTES;
          else process.env.READOUT_MAX_INPUT_BYTES = prev;
        }
      });
    });
  }

  it('JSON that does not match the schema lists the wrong paths (core, HTTP, CLI)', async () => {
    const doc = { schemaVersion: 1, title: '', blocks: [{ type: 'heading', level: 9, children: [] }] };
    const attempt = readArticle({ data: JSON.stringify(doc), format: 'json' }, testCtx());
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    const err = await attempt.catch((e: InputError) => e);
    const paths = (err as InputError).details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'blocks[0].level']));

    const res = await request(app).post('/v1/convert/html').send({ article: doc });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['title', 'blocks[0].level']),
    );

    const dir = mkdtempSync(join(tmpdir(), 'readout-bad-'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify(doc));
    const r = await runCli(['read', join(dir, 'a.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/blocks\[0\]\.level/);
  });

  it('a private or metadata URL is refused without connecting (core, HTTP, CLI)', async () => {
    for (const url of ['http://10.0.0.5/story', 'http://169.254.169.254/latest/meta-data/']) {
      const { fetcherFromConfig } = await import('../src/net/safe-fetch.js');
      const ctx = testCtx();
      const guarded = testCtx({ fetcher: fetcherFromConfig(ctx.config) });
      await expect(readArticle({ data: url, format: 'url' }, guarded)).rejects.toThrow(
        /private|link-local|refused/i,
      );
      const res = await request(testApp({}, fetcherFromConfig(ctx.config)))
        .post('/v1/convert/html')
        .send({ url });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('input/url-refused');
      const r = await runCli(['read', url]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/refused|private|link-local/i);
    }
  });

  it('an unreachable URL is an InputError (loopback port with nothing listening, allowed for the test)', async () => {
    const { fetcherFromConfig } = await import('../src/net/safe-fetch.js');
    const config = testCtx({ config: { fetchAllowHosts: ['127.0.0.1'], fetchTimeoutMs: 3000 } }).config;
    const ctx = testCtx({ config, fetcher: fetcherFromConfig(config) });
    await expect(readArticle({ data: 'http://127.0.0.1:9/', format: 'url' }, ctx)).rejects.toBeInstanceOf(
      InputError,
    );
  });
});
