/**
 * Tenants: with API keys, every job and batch belongs to the key that created it. Against the real service
 * (startService, as `npm start` runs it), key B cannot read, list, download, follow or delete key A's export
 * jobs or batches — each attempt is a 404, as for an id that does not exist, so B learns nothing — and
 * A's work is untouched afterwards. Without a key every /v1 call is 401, with an unknown key 403.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type RunningServer, startService } from '../../src/server/main.js';

const A = { Authorization: 'Bearer tenant-a-0123456789abcdef' };
const B = { Authorization: 'Bearer tenant-b-0123456789abcdef' };
const story = (n: number) =>
  `# Harbour story ${n}\n\nA paragraph of the story number ${n}, with some words.\n`;

async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('tenant isolation with API keys', () => {
  let running: RunningServer;
  let dataDir: string;
  let jobId: string;
  let fileName: string;
  let batchId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'readout-tenants-'));
    running = await startService(
      loadConfig(
        {},
        {
          port: 0,
          host: '127.0.0.1',
          logLevel: 'silent',
          dataDir,
          rateLimit: 0,
          apiKeys: [A.Authorization.slice(7), B.Authorization.slice(7)],
        },
      ),
    );
    const app = running.server;
    const job = await request(app)
      .post('/v1/exports')
      .set(A)
      .send({ markdown: story(1), formats: ['html', 'ssml'] });
    expect(job.status, job.text).toBe(202);
    jobId = job.body.id;
    const done = await until(async () => {
      const r = await request(app).get(`/v1/exports/${jobId}`).set(A);
      return r.body.status === 'done' ? r : undefined;
    }, 'the job');
    fileName = done.body.files[0].name;
    const batch = await request(app)
      .post('/v1/batches?to=html')
      .set(A)
      .set('Content-Type', 'application/x-ndjson')
      .send(
        [story(2), story(3)].map((markdown, i) => JSON.stringify({ name: `s${i}`, markdown })).join('\n'),
      );
    expect(batch.status, batch.text).toBe(202);
    batchId = batch.body.id;
    await until(async () => {
      const r = await request(app).get(`/v1/batches/${batchId}`).set(A);
      return r.body.status === 'complete' ? r : undefined;
    }, 'the batch');
  }, 120_000);

  afterAll(async () => {
    await running?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("B gets 404 for every way into A's job and batch, and does not see them listed", async () => {
    const app = running.server;
    const attempts: [string, string][] = [
      ['get', `/v1/exports/${jobId}`],
      ['get', `/v1/exports/${jobId}/files/${fileName}`],
      ['get', `/v1/exports/${jobId}/archive`],
      ['delete', `/v1/exports/${jobId}`],
      ['get', `/v1/batches/${batchId}`],
      ['get', `/v1/batches/${batchId}/events`],
      ['get', `/v1/batches/${batchId}/result.zip`],
      ['get', `/v1/batches/${batchId}/manifest.json`],
      ['delete', `/v1/batches/${batchId}`],
    ];
    for (const [method, path] of attempts) {
      const r = await (method === 'get' ? request(app).get(path) : request(app).delete(path)).set(B);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
      // The same answer as for an id that does not exist: nothing tells B the id is taken.
      expect(JSON.stringify(r.body)).not.toMatch(/tenant|owner|forbidden/i);
    }
    const listB = await request(app).get('/v1/batches').set(B);
    expect(listB.status).toBe(200);
    expect(JSON.stringify(listB.body)).not.toContain(batchId);

    // A still has everything.
    expect((await request(app).get(`/v1/exports/${jobId}/files/${fileName}`).set(A)).status).toBe(200);
    expect((await request(app).get(`/v1/batches/${batchId}/manifest.json`).set(A)).status).toBe(200);
    const listA = await request(app).get('/v1/batches').set(A);
    expect(JSON.stringify(listA.body)).toContain(batchId);
  });

  it('refuses every /v1 call without a key (401) or with an unknown key (403)', async () => {
    const app = running.server;
    for (const path of [`/v1/exports/${jobId}`, `/v1/batches/${batchId}`, '/v1/batches']) {
      expect((await request(app).get(path)).status, path).toBe(401);
      const unknown = await request(app).get(path).set({ Authorization: 'Bearer nope-nope-nope-nope' });
      expect(unknown.status, path).toBe(403);
    }
  });
});
