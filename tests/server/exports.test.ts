/** The jobs API in embedded mode: create (JSON, multipart, raw), follow, download, zip, delete, and every refusal. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/export.js';
import { corpusText } from '../helpers/corpus.js';
import { expectProblem, gatedProcessor, openService, settled, type TestService } from './support.js';

const meduza = corpusText('meduza-lavrov-blinken.txt');
const png = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

function binaryParser(res: request.Response, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describe('jobs API (embedded queue)', () => {
  let t: TestService;
  let jobId: string;
  let job: request.Response;

  beforeAll(async () => {
    t = await openService();
    const created = await request(t.app)
      .post('/v1/exports')
      .send({ text: meduza, formats: ['html', 'ssml'], options: { ssml: { engines: ['w3c', 'polly'] } } });
    expect(created.status, created.text).toBe(202);
    jobId = created.body.id;
    expect(created.headers.location).toBe(`/v1/exports/${jobId}`);
    expect(created.body.links).toEqual({
      self: `/v1/exports/${jobId}`,
      archive: `/v1/exports/${jobId}/archive`,
    });
    expect(['queued', 'running']).toContain(created.body.status);
    job = await settled(t.app, jobId);
  });
  afterAll(() => t.close());

  it('runs the job: files with sizes and sha256, warnings, accessibility report, progress per format', () => {
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(job.body.status).toBe('done');
    expect(job.body.progress).toEqual({ html: 'done', ssml: 'done' });
    expect(job.body.article.title).toMatch(/Clearing the roadblocks/);
    const names = job.body.files.map((f: { name: string }) => f.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'clearing-the-roadblocks.html',
        'clearing-the-roadblocks.ssml',
        'ssml/polly/part-001.ssml',
      ]),
    );
    expect(names.some((n: string) => n.startsWith('ssml/google/'))).toBe(false);
    for (const f of job.body.files) {
      expect(f.size).toBeGreaterThan(0);
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(job.body.accessibility.kind).toBe('readout/accessibility-report');
    expect(Array.isArray(job.body.warnings)).toBe(true);
    expect(job.body.speakers.map((s: { name: string }) => s.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Lavrov/)]),
    );
    expect(Date.parse(job.body.expiresAt)).toBeGreaterThan(Date.now());
  });

  it('downloads a file with its type, disposition, ETag (sha256), Range and 304', async () => {
    const file = job.body.files.find((f: { name: string }) => f.name.endsWith('.ssml'));
    const res = await request(t.app).get(file.href).buffer(true).parse(binaryParser);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/ssml\+xml/);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="?clearing-the-roadblocks\.ssml"?$/,
    );
    expect(res.headers.etag).toBe(`"${file.sha256}"`);
    expect(sha256(res.body)).toBe(file.sha256);
    expect(res.headers['accept-ranges']).toBe('bytes');

    const part = await request(t.app)
      .get(file.href)
      .set('Range', 'bytes=0-37')
      .buffer(true)
      .parse(binaryParser);
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-37/${file.size}`);
    expect(part.body.toString()).toBe('<?xml version="1.0" encoding="UTF-8"?>');

    const cached = await request(t.app).get(file.href).set('If-None-Match', `"${file.sha256}"`);
    expect(cached.status).toBe(304);

    const nested = await request(t.app).get(`/v1/exports/${jobId}/files/ssml/polly/part-001.ssml`);
    expect(nested.status).toBe(200);
    expect(nested.headers['content-disposition']).toMatch(/^attachment; filename="?part-001\.ssml"?$/);
  });

  it('streams every file as one zip with manifest.json and report.json', async () => {
    const res = await request(t.app).get(`/v1/exports/${jobId}/archive`).buffer(true).parse(binaryParser);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="?clearing-the-roadblocks[\w-]*\.zip"?$/,
    );
    const zip = res.body as Buffer;
    expect(zip.subarray(0, 4).toString('hex')).toBe('504b0304');
    const text = zip.toString('latin1');
    for (const f of job.body.files) expect(text).toContain(f.name);
    expect(text).toContain('manifest.json');
    expect(text).toContain('report.json');
  });

  it('404 for an unknown job, a non-UUID id and an unknown file', async () => {
    expectProblem(
      await request(t.app).get('/v1/exports/00000000-0000-4000-8000-000000000000'),
      404,
      /No export job/,
    );
    expectProblem(await request(t.app).get('/v1/exports/../../etc'), 404, /No (export job|route)/);
    expectProblem(await request(t.app).get('/v1/exports/not-a-uuid'), 404, /No export job/);
    expectProblem(
      await request(t.app).get(`/v1/exports/${jobId}/files/secret.txt`),
      404,
      /no file "secret.txt"/,
    );
    expectProblem(
      await request(t.app).get(`/v1/exports/${jobId}/files/..%2F..%2Freadout.sqlite`),
      404,
      /no file/,
    );
  });

  it('DELETE removes the job and its files; then 404', async () => {
    const created = await request(t.app)
      .post('/v1/exports')
      .send({ text: meduza, formats: ['html'] });
    const done = await settled(t.app, created.body.id);
    expect((await request(t.app).delete(`/v1/exports/${created.body.id}`)).status).toBe(204);
    expectProblem(await request(t.app).get(`/v1/exports/${created.body.id}`), 404, /No export job/);
    expectProblem(await request(t.app).get(done.body.files[0].href), 404, /No export job/);
    expectProblem(await request(t.app).delete(`/v1/exports/${created.body.id}`), 404, /No export job/);
  });

  it('accepts a multipart upload like Gotenberg: file + formats + options', async () => {
    const res = await request(t.app)
      .post('/v1/exports')
      .attach('file', Buffer.from(meduza), { filename: 'meduza.txt', contentType: 'text/plain' })
      .field('formats', 'ssml')
      .field('options', JSON.stringify({ ssml: { engines: ['espeak'] } }));
    expect(res.status, res.text).toBe(202);
    const done = await settled(t.app, res.body.id);
    expect(done.body.status).toBe('done');
    const names = done.body.files.map((f: { name: string }) => f.name);
    expect(names).toContain('ssml/espeak/part-001.ssml');
    expect(names.some((n: string) => n.startsWith('ssml/polly/'))).toBe(false);
  });

  it('accepts a raw text/markdown body with ?formats=', async () => {
    const res = await request(t.app)
      .post('/v1/exports?formats=html')
      .set('Content-Type', 'text/markdown')
      .send('---\ntitle: Raw job\nlang: en\n---\n\nA paragraph long enough to be an article body.\n');
    expect(res.status, res.text).toBe(202);
    expect((await settled(t.app, res.body.id)).body.article.title).toBe('Raw job');
  });

  it('400 names the wrong field, format or option', async () => {
    expectProblem(await request(t.app).post('/v1/exports').send({ text: meduza }), 400, /formats/);
    expectProblem(
      await request(t.app)
        .post('/v1/exports')
        .send({ text: meduza, formats: ['docx'] }),
      400,
      /Unknown output format "docx"/,
    );
    expectProblem(
      await request(t.app)
        .post('/v1/exports')
        .send({ text: meduza, formats: ['ssml'], options: { ssml: { engines: ['klingon'] } } }),
      400,
      /ssml\.engines/,
    );
    expectProblem(
      await request(t.app)
        .post('/v1/exports')
        .send({ text: meduza, formats: ['ssml'], options: { html: {} } }),
      400,
      /not requested: html/,
    );
    expectProblem(
      await request(t.app)
        .post('/v1/exports')
        .send({ txt: 'x', formats: ['html'] }),
      400,
      /txt/,
    );
    expectProblem(
      await request(t.app).post('/v1/exports').field('formats', 'html').field('colour', 'red'),
      400,
      /Unknown form field\(s\): colour/,
    );
    expectProblem(
      await request(t.app)
        .post('/v1/exports')
        .attach('upload', Buffer.from(meduza), 'a.txt')
        .field('formats', 'html'),
      400,
      /part named "file"/,
    );
    expectProblem(
      await request(t.app).post('/v1/exports').set('Content-Type', 'text/plain').send(meduza),
      400,
      /\?formats=/,
    );
  });

  it('415 for an unsupported content type', async () => {
    expectProblem(
      await request(t.app).post('/v1/exports?formats=html').set('Content-Type', 'image/png').send(png),
      415,
      /Unsupported Content-Type "image\/png"/,
    );
  });

  it('413 for a body or upload over the limit', async () => {
    const small = await openService({ maxInputBytes: 2000 });
    try {
      expectProblem(
        await request(small.app)
          .post('/v1/exports')
          .attach('file', Buffer.from('x'.repeat(5000)), 'big.txt')
          .field('formats', 'html'),
        413,
        /limit of 2000 bytes/,
      );
      expectProblem(
        await request(small.app)
          .post('/v1/exports?formats=html')
          .set('Content-Type', 'text/plain')
          .send('y'.repeat(90_000)),
        413,
        /limit/,
      );
    } finally {
      await small.close();
    }
  });

  it('422 for input that is not text; a job whose article cannot be read fails with the reason', async () => {
    expectProblem(
      await request(t.app).post('/v1/exports').attach('file', png, 'photo.txt').field('formats', 'html'),
      422,
      /PNG image/,
    );
    const res = await request(t.app)
      .post('/v1/exports')
      .send({ html: '<html><body><nav><a href="/">Home</a></nav></body></html>', formats: ['html'] });
    expect(res.status).toBe(202);
    const failed = await settled(t.app, res.body.id);
    expect(failed.body.status).toBe('failed');
    expect(failed.body.progress).toEqual({ html: 'failed' });
    expect(failed.body.attempts).toBe(1); // bad input is not retried
    expect(failed.body.error.code).toMatch(/^input\//);
    expect(failed.body.error.message).toMatch(/article text/i);
    expectProblem(await request(t.app).get(`/v1/exports/${res.body.id}/archive`), 409, /it failed/);
  });
});

describe('queue limits and readiness', () => {
  it('429 with Retry-After when the queue is full; 409 for files of an unfinished job', async () => {
    const gate = gatedProcessor();
    const t = await openService({ queueMax: 2 }, gate.processor);
    try {
      const a = await request(t.app)
        .post('/v1/exports')
        .send({ text: meduza, formats: ['html'] });
      const b = await request(t.app)
        .post('/v1/exports')
        .send({ text: meduza, formats: ['html'] });
      expect([a.status, b.status]).toEqual([202, 202]);
      const c = await request(t.app)
        .post('/v1/exports')
        .send({ text: meduza, formats: ['html'] });
      expectProblem(c, 429, /queue is full/);
      expect(Number(c.headers['retry-after'])).toBeGreaterThan(0);
      const running = await request(t.app).get(`/v1/exports/${a.body.id}`);
      expect(running.body.status).toBe('running');
      expect(running.body.progress).toEqual({ html: 'running' });
      expectProblem(
        await request(t.app).get(`/v1/exports/${a.body.id}/files/x.html`),
        409,
        /no files yet \(status: running\)/,
      );
      // Deleting a queued job frees its place.
      expect((await request(t.app).delete(`/v1/exports/${b.body.id}`)).status).toBe(204);
      expect(
        (
          await request(t.app)
            .post('/v1/exports')
            .send({ text: meduza, formats: ['html'] })
        ).status,
      ).toBe(202);
    } finally {
      await t.close();
    }
  });

  it('/readyz: 200 when running, 503 with Retry-After once shutting down', async () => {
    const t = await openService();
    const ok = await request(t.app).get('/readyz');
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'ready', queue: 'embedded' });
    await t.service.close(0);
    const down = await request(t.app).get('/readyz');
    expectProblem(down, 503, /shutting down/);
    expect(down.headers['retry-after']).toBeDefined();
    expectProblem(
      await request(t.app)
        .post('/v1/exports')
        .send({ text: meduza, formats: ['html'] }),
      400,
      /shutting down/,
    );
    await t.close();
  });

  it('POST /v1/convert is bounded by the same slots: 429 past the backlog, 503 past the timeout', async () => {
    const t = await openService({ concurrency: { '*': 1 }, convertBacklog: 0, requestTimeoutMs: 1000 });
    try {
      const hold = await t.service.slots.acquire('html');
      const busy = await request(t.app).post('/v1/convert/html').send({ text: meduza });
      expectProblem(busy, 429, /html converter is busy/);
      expect(busy.headers['retry-after']).toBeDefined();
      hold();
      expect((await request(t.app).post('/v1/convert/html').send({ text: meduza })).status).toBe(200);
    } finally {
      await t.close();
    }
    const slow = await openService({ concurrency: { '*': 1 }, convertBacklog: 1, requestTimeoutMs: 1000 });
    try {
      const hold = await slow.service.slots.acquire('ssml');
      const late = await request(slow.app).post('/v1/convert/ssml').send({ text: meduza });
      expectProblem(late, 503, /longer than 1000 ms/);
      hold();
      // The abandoned request gave its slot back: the next one runs.
      expect((await request(slow.app).post('/v1/convert/ssml').send({ text: meduza })).status).toBe(200);
    } finally {
      await slow.close();
    }
  });

  it('the jobs API answers 503 when the app has no job service', async () => {
    const { testApp } = await import('../helpers/app.js');
    const app = testApp();
    expectProblem(
      await request(app)
        .post('/v1/exports')
        .send({ text: 'x', formats: ['html'] }),
      503,
      /no export jobs/,
    );
    expectProblem(await request(app).get('/readyz'), 503, /Not ready/);
  });
});
