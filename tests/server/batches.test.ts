/**
 * The batches API in the embedded mode, with real files, real archives and the real exporters (no network):
 * upload → 202 → events to the end → result.zip and manifest.json agree; a bad JSONL line fails its entry
 * only; hostile archives and bad parameters are refused with problem+json and leave nothing behind;
 * tenants are isolated; the result zip streams while the batch runs; Last-Event-ID replays; DELETE cancels.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCHES_FOLDER } from '../../src/jobs/batch-files.js';
import { createLogger } from '../../src/log.js';
import { batchesRouter } from '../../src/server/batches.js';
import { corpusFiles, rawZip, tarBytes, writeZip } from '../batch/batch-support.js';
import {
  type BatchTestService,
  batchSettled,
  gatedRunner,
  listen,
  openBatchService,
  parseSse,
  readEvents,
  unzip,
} from './batches-support.js';
import { expectProblem } from './support.js';

const KEY_A = 'key-a-0123456789abcdef';
const KEY_B = 'key-b-0123456789abcdef';
const A = { Authorization: `Bearer ${KEY_A}` };
const B = { Authorization: `Bearer ${KEY_B}` };

/** A few small corpus pages as zip bytes. */
async function corpusZip(count: number, dir: string): Promise<{ bytes: Buffer; names: string[] }> {
  const files = new Map([...corpusFiles()].filter(([name]) => name.startsWith('pages/')).slice(0, count));
  const path = await writeZip(join(dir, `corpus-${count}.zip`), files);
  const { readFileSync } = await import('node:fs');
  return { bytes: readFileSync(path), names: [...files.keys()] };
}

/** What the data folder holds for batches (the incoming folder must be empty between requests). */
function storedBatches(dataDir: string): string[] {
  const root = join(dataDir, BATCHES_FOLDER);
  if (!existsSync(root)) return [];
  const incoming = existsSync(join(root, '.incoming')) ? readdirSync(join(root, '.incoming')) : [];
  return [...readdirSync(root).filter((n) => n !== '.incoming'), ...incoming.map((n) => `.incoming/${n}`)];
}

describe('POST /v1/batches and what follows', () => {
  let t: BatchTestService;
  let zip: { bytes: Buffer; names: string[] };

  beforeAll(async () => {
    t = await openBatchService({ apiKeys: [KEY_A, KEY_B], concurrency: { '*': 2, pdf: 1 } });
    zip = await corpusZip(3, t.config.dataDir);
  });
  afterAll(async () => {
    await t.close();
  });

  it('runs an uploaded zip: 202 with links, events to the end, a result zip matching the manifest', async () => {
    const created = await request(t.app)
      .post('/v1/batches')
      .set(A)
      .field('to', 'html,ssml')
      .field('anthology', 'true')
      .field('anthologyTitle', 'Three pages')
      .attach('file', zip.bytes, 'pages.zip');
    expect(created.status, created.text).toBe(202);
    const { id } = created.body;
    expect(created.headers.location).toBe(`/v1/batches/${id}`);
    expect(created.body.links).toEqual({
      self: `/v1/batches/${id}`,
      events: `/v1/batches/${id}/events`,
      result: `/v1/batches/${id}/result.zip`,
      manifest: `/v1/batches/${id}/manifest.json`,
    });

    const stream = await readEvents(t.app, id, A);
    expect(stream.status).toBe(200);
    expect(stream.type).toMatch(/^text\/event-stream/);
    const types = stream.events.map((e) => e.event);
    expect(types[0]).toBe('start');
    expect(types.filter((x) => x === 'entry')).toHaveLength(3);
    expect(types.at(-1)).toBe('finish');
    expect(types).toContain('anthology');
    const ids = stream.events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    expect(stream.events.at(-1)!.data).toMatchObject({ status: 'complete', totals: { entries: 3, done: 3 } });

    const status = await request(t.app).get(`/v1/batches/${id}`).set(A);
    expect(status.body).toMatchObject({
      status: 'complete',
      formats: ['html', 'ssml'],
      anthology: 'anthology.epub',
      source: { kind: 'zip', name: 'pages.zip', entries: 3 },
      progress: { total: 3, finished: 3, done: 3, cached: 0, failed: 0 },
    });
    expect(status.body.progress.ratePerMinute).toBeGreaterThan(0);

    const manifest = await request(t.app).get(`/v1/batches/${id}/manifest.json`).set(A);
    expect(manifest.status).toBe(200);
    expect(manifest.body.entries.map((e: { input: string }) => e.input).sort()).toEqual(
      [...zip.names].sort(),
    );
    expect(manifest.body.source.path).toBe('pages.zip');

    const result = await request(t.app)
      .get(`/v1/batches/${id}/result.zip`)
      .set(A)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(result.status).toBe(200);
    expect(result.headers['content-type']).toBe('application/zip');
    const files = await unzip(result.body as Buffer);
    expect(JSON.parse(files.get('manifest.json')!.toString('utf8'))).toEqual(manifest.body);
    type Entry = { files: { name: string; format: string; bytes: number }[]; report: string };
    for (const entry of manifest.body.entries as Entry[]) {
      expect(new Set(entry.files.map((f) => f.format))).toEqual(new Set(['html', 'ssml']));
      for (const file of entry.files) expect(files.get(file.name)?.length).toBe(file.bytes);
      expect(files.has(entry.report)).toBe(true);
    }
    expect(files.get('anthology.epub')?.subarray(0, 2).toString()).toBe('PK');
  });

  it('a JSONL body with one bad line completes with that entry failed', async () => {
    const lines = [
      JSON.stringify({ name: 'one', html: corpusFiles().get([...corpusFiles().keys()][1]!) }),
      '{ this is not json',
      JSON.stringify({
        name: 'two',
        text: 'A title\n\nA first paragraph of plain text, long enough to read.',
      }),
    ].join('\n');
    const created = await request(t.app)
      .post('/v1/batches?to=ssml')
      .set(A)
      .set('Content-Type', 'application/x-ndjson')
      .send(lines);
    expect(created.status, created.text).toBe(202);
    const done = await batchSettled(t.app, created.body.id, A);
    expect(done.body).toMatchObject({ status: 'complete', progress: { finished: 3, done: 2, failed: 1 } });
    const manifest = await request(t.app).get(`/v1/batches/${created.body.id}/manifest.json`).set(A);
    const failed = manifest.body.entries.filter((e: { status: string }) => e.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].input).toBe('batch.jsonl:2');
    expect(failed[0].error.code).toBe('input/batch-jsonl');
  });

  it('refuses hostile archives and bad parameters with problem+json, keeping nothing', async () => {
    const before = storedBatches(t.config.dataDir);
    const html = Buffer.from('<html><body><h1>T</h1><p>Some text.</p></body></html>');
    const slip = rawZip([{ name: '../../evil.html', data: html }]);
    const link = rawZip([{ name: 'link.html', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }]);
    const bomb = rawZip([{ name: 'bomb.html', data: Buffer.alloc(4 * 1024 * 1024, 0x20), deflate: true }]);
    const tarLink = await tarBytes([{ name: 'a.html', type: 'symlink', linkname: '/etc/passwd' }], true);

    const upload = (bytes: Buffer, name: string) =>
      request(t.app).post('/v1/batches').set(A).field('to', 'html').attach('file', bytes, name);
    expectProblem(await upload(slip, 'slip.zip'), 422, /slip\.zip.*"\.\.\/\.\.\/evil\.html".*path traversal/);
    expectProblem(await upload(link, 'link.zip'), 422, /"link\.html" is a symbolic link/);
    expectProblem(await upload(bomb, 'bomb.zip'), 422, /zip bomb/);
    const tarRes = await request(t.app)
      .post('/v1/batches?to=html')
      .set(A)
      .set('Content-Type', 'application/gzip')
      .send(tarLink);
    expectProblem(tarRes, 422, /symbolic link/);
    expect(tarRes.body.detail).not.toContain(t.config.dataDir);

    expectProblem(await upload(zip.bytes, 'ok.zip').field('to', 'nope'), 400, /nope/);
    const unknownFormat = await request(t.app)
      .post('/v1/batches')
      .set(A)
      .field('to', 'docx')
      .attach('file', zip.bytes, 'a.zip');
    expectProblem(unknownFormat, 400, /docx/);
    const badOptions = await request(t.app)
      .post('/v1/batches')
      .set(A)
      .field('to', 'ssml')
      .field('options', JSON.stringify({ ssml: { engines: ['no-such-engine'] } }))
      .attach('file', zip.bytes, 'a.zip');
    expect(badOptions.status, badOptions.text).toBeGreaterThanOrEqual(400);
    expect(badOptions.status).toBeLessThan(500);
    expect(badOptions.headers['content-type']).toMatch(/problem\+json/);
    const optionsForOther = await request(t.app)
      .post('/v1/batches')
      .set(A)
      .field('to', 'ssml')
      .field('options', JSON.stringify({ epub: {} }))
      .attach('file', zip.bytes, 'a.zip');
    expectProblem(optionsForOther, 400, /not requested: epub/);
    const badAnthology = await request(t.app)
      .post('/v1/batches')
      .set(A)
      .field('to', 'ssml')
      .field('anthology', '../book.epub')
      .attach('file', zip.bytes, 'a.zip');
    expectProblem(badAnthology, 400, /anthology/);
    const badType = await request(t.app)
      .post('/v1/batches?to=html')
      .set(A)
      .set('Content-Type', 'image/png')
      .send(html);
    expectProblem(badType, 415, /image\/png/);
    const noFormats = await request(t.app)
      .post('/v1/batches')
      .set(A)
      .set('Content-Type', 'application/zip')
      .send(zip.bytes);
    expectProblem(noFormats, 400, /to=/);
    const notAList = await request(t.app)
      .post('/v1/batches?to=html')
      .set(A)
      .set('Content-Type', 'application/zip')
      .send(Buffer.from('not a zip at all'));
    expectProblem(notAList, 422, /cannot be read/);

    expect(storedBatches(t.config.dataDir)).toEqual(before);
  });

  it('isolates tenants: B gets 404 for A’s batch everywhere and does not list it', async () => {
    const created = await request(t.app)
      .post('/v1/batches?to=html')
      .set(A)
      .set('Content-Type', 'text/uri-list')
      .send('# nothing reachable: the fetcher refuses\nhttp://127.0.0.1:9/a\n');
    expect(created.status, created.text).toBe(202);
    const id = created.body.id as string;
    for (const path of ['', '/events', '/result.zip', '/manifest.json']) {
      expectProblem(await request(t.app).get(`/v1/batches/${id}${path}`).set(B), 404, new RegExp(id));
    }
    expectProblem(await request(t.app).delete(`/v1/batches/${id}`).set(B), 404, new RegExp(id));
    const listB = await request(t.app).get('/v1/batches').set(B);
    expect(listB.body.batches.map((b: { id: string }) => b.id)).not.toContain(id);
    const listA = await request(t.app).get('/v1/batches').set(A);
    expect(listA.body.batches.map((b: { id: string }) => b.id)).toContain(id);
    const done = await batchSettled(t.app, id, A);
    expect(done.body).toMatchObject({ status: 'complete', progress: { failed: 1 } });
    expect((await request(t.app).get(`/v1/batches/${id}`)).status).toBe(401);
  });

  it('writes PDF for a small batch, and documents the API in OpenAPI', async () => {
    const created = await request(t.app)
      .post('/v1/batches?to=pdf&name=small.jsonl')
      .set(A)
      .set('Content-Type', 'application/jsonl')
      .send(JSON.stringify({ name: 'small', markdown: '# Small\n\nOne short paragraph to print.' }));
    expect(created.status, created.text).toBe(202);
    const done = await batchSettled(t.app, created.body.id, A);
    expect(done.body).toMatchObject({
      status: 'complete',
      source: { name: 'small.jsonl' },
      progress: { done: 1 },
    });
    const manifest = await request(t.app).get(`/v1/batches/${created.body.id}/manifest.json`).set(A);
    const pdf = manifest.body.entries[0].files.find((f: { format: string }) => f.format === 'pdf');
    expect(pdf.mediaType).toBe('application/pdf');
    expect(pdf.bytes).toBeGreaterThan(1000);

    const doc = (await request(t.app).get('/openapi.json')).body;
    for (const path of [
      '/v1/batches',
      '/v1/batches/{id}',
      '/v1/batches/{id}/events',
      '/v1/batches/{id}/result.zip',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['BatchStatus', 'BatchCreated']),
    );
    expect(doc.components.schemas.BatchState.enum).toEqual([
      'queued',
      'running',
      'complete',
      'interrupted',
      'failed',
    ]);
  });

  it('replays events after Last-Event-ID', async () => {
    const list = await request(t.app).get('/v1/batches').set(A);
    const complete = list.body.batches.find((b: { status: string }) => b.status === 'complete');
    const all = await readEvents(t.app, complete.id, A);
    const later = await readEvents(t.app, complete.id, { ...A, 'Last-Event-ID': String(all.events[1]!.id) });
    expect(later.events).toEqual(all.events.slice(2));
  });

  it('expires finished batches with their files after READOUT_JOB_TTL_SECONDS', async () => {
    const before = (await request(t.app).get('/v1/batches').set(A)).body.batches as { id: string }[];
    expect(before.length).toBeGreaterThan(0);
    const removed = t.batches.sweep(Date.now() + t.config.jobTtlSeconds * 1000 + 1000);
    expect(removed).toBe(before.length);
    expect((await request(t.app).get('/v1/batches').set(A)).body.batches).toEqual([]);
    for (const { id } of before)
      expect((await request(t.app).get(`/v1/batches/${id}`).set(A)).status).toBe(404);
    const until = Date.now() + 10_000;
    while (storedBatches(t.config.dataDir).length && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    expect(storedBatches(t.config.dataDir)).toEqual([]);
  });
});

describe('the batch upload limit (READOUT_MAX_BATCH_BYTES)', () => {
  it('refuses a larger upload with 413, as a raw body and as multipart, keeping nothing', async () => {
    const t = await openBatchService({ maxBatchBytes: 64 * 1024 });
    try {
      const big = Buffer.alloc(100 * 1024, 0x61);
      const raw = await request(t.app)
        .post('/v1/batches?to=html')
        .set('Content-Type', 'text/uri-list')
        .send(big);
      expectProblem(raw, 413, /larger than the limit of 65536 bytes/);
      const form = await request(t.app)
        .post('/v1/batches')
        .field('to', 'html')
        .attach('file', big, 'urls.txt');
      expectProblem(form, 413, /larger than the limit of 65536 bytes/);
      expect(storedBatches(t.config.dataDir)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe('a running batch', () => {
  it('sends its events live, with heartbeats, and ends the stream when the batch ends', async () => {
    let gate: ReturnType<typeof gatedRunner> | undefined;
    const t = await openBatchService({ concurrency: { '*': 1, pdf: 1 } }, (job) => gate!.run(job));
    gate = gatedRunner(t.config, () => true);
    // The router alone, with a short heartbeat (the app's is 15 s).
    const app = express();
    app.use(
      batchesRouter({
        batches: t.batches,
        logger: createLogger(t.config),
        heartbeatMs: 50,
        maxBatchBytes: t.config.maxBatchBytes,
      }),
    );
    const server = await listen(app);
    try {
      const created = await request(t.app)
        .post('/v1/batches?to=html')
        .set('Content-Type', 'application/x-ndjson')
        .send(JSON.stringify({ text: 'Live\n\nA paragraph that arrives later.' }));
      const res = await fetch(`${server.url}/v1/batches/${created.body.id}/events`);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = res.body!.getReader();
      let text = '';
      while (!(text.includes('event: start') && text.includes(': heartbeat'))) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`ended early: ${text}`);
        text += Buffer.from(value).toString('utf8');
      }
      expect(text).not.toContain('event: entry'); // held
      gate.release();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString('utf8');
      }
      const events = parseSse(text);
      expect(events.map((e) => e.event)).toEqual(['start', 'entry', 'finish']);
      expect(events.map((e) => e.id)).toEqual([1, 2, 3]);
    } finally {
      gate.release();
      await server.close();
      await t.close();
    }
  });

  it('streams result.zip while it runs, ending complete when the batch ends', async () => {
    let gate: ReturnType<typeof gatedRunner> | undefined;
    const t = await openBatchService({ concurrency: { '*': 1, pdf: 1 } }, (job) => gate!.run(job));
    gate = gatedRunner(t.config, (job) => job.input.name === 'last.txt');
    const server = await listen(t.app);
    try {
      const files = new Map<string, string>([
        ['first.txt', 'The first\n\nA paragraph of the first article, long enough.'],
        ['second.txt', 'The second\n\nA paragraph of the second article, long enough.'],
        ['last.txt', 'The last\n\nA paragraph of the last article, long enough.'],
      ]);
      const bytes = (await import('node:fs')).readFileSync(
        await writeZip(join(t.config.dataDir, 'in.zip'), files),
      );
      const created = await request(t.app)
        .post('/v1/batches?to=html,ssml')
        .set('Content-Type', 'application/zip')
        .send(bytes);
      expect(created.status, created.text).toBe(202);
      const id = created.body.id as string;

      const res = await fetch(`${server.url}/v1/batches/${id}/result.zip`);
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      const chunks: Buffer[] = [];
      // Read until both finished entries are in the stream, while the last one is held.
      while (!Buffer.concat(chunks).includes('second/')) {
        const { value, done } = await reader.read();
        if (done) throw new Error('the zip ended early');
        chunks.push(Buffer.from(value));
      }
      let during = await request(t.app).get(`/v1/batches/${id}`);
      while (during.body.progress.finished < 2) {
        await new Promise((r) => setTimeout(r, 20));
        during = await request(t.app).get(`/v1/batches/${id}`);
      }
      expect(during.body.status).toBe('running');
      expect(during.body.progress).toMatchObject({ total: 3, finished: 2, done: 2, cached: 0, failed: 0 });
      expect(during.body.progress.ratePerMinute).toBeGreaterThan(0);
      expect(during.body.progress.etaSeconds).toBeGreaterThanOrEqual(0);
      expect(Buffer.concat(chunks).includes('last/')).toBe(false); // held: not in the zip yet

      gate.release();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        chunks.push(Buffer.from(value));
      }
      const zip = await unzip(Buffer.concat(chunks));
      const manifest = JSON.parse(zip.get('manifest.json')!.toString('utf8'));
      expect(manifest.status).toBe('complete');
      expect(manifest.totals).toMatchObject({ entries: 3, done: 3, failed: 0 });
      expect(manifest.entries.map((e: { folder: string }) => e.folder)).toEqual(['first', 'second', 'last']);
      for (const entry of manifest.entries as { files: { name: string; bytes: number }[] }[]) {
        expect(entry.files.length).toBeGreaterThan(1);
        for (const file of entry.files) expect(zip.get(file.name)?.length).toBe(file.bytes);
      }
    } finally {
      gate.release();
      await server.close();
      await t.close();
    }
  });

  it('DELETE cancels a running batch and removes its files', async () => {
    let gate: ReturnType<typeof gatedRunner> | undefined;
    const t = await openBatchService({ concurrency: { '*': 1, pdf: 1 } }, (job) => gate!.run(job));
    gate = gatedRunner(t.config, () => true);
    try {
      const created = await request(t.app)
        .post('/v1/batches?to=html')
        .set('Content-Type', 'application/x-ndjson')
        .send(
          `${JSON.stringify({ text: 'A\n\nOne paragraph.' })}\n${JSON.stringify({ text: 'B\n\nTwo.' })}\n`,
        );
      const id = created.body.id as string;
      const deadline = Date.now() + 10_000;
      while ((await request(t.app).get(`/v1/batches/${id}`)).body.status !== 'running') {
        if (Date.now() > deadline) throw new Error('not running');
        await new Promise((r) => setTimeout(r, 20));
      }
      const events = readEvents(t.app, id);
      expect((await request(t.app).delete(`/v1/batches/${id}`)).status).toBe(204);
      expect((await request(t.app).get(`/v1/batches/${id}`)).status).toBe(404);
      gate.release();
      const stream = await events; // ends: the batch is gone
      expect(stream.events.some((e) => e.event === 'finish')).toBe(false);
      const folder = join(t.config.dataDir, BATCHES_FOLDER, id);
      const until = Date.now() + 10_000;
      while (existsSync(folder) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(folder)).toBe(false);
    } finally {
      gate.release();
      await t.close();
    }
  });
});
