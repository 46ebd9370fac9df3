import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusFiles, writeZip } from '../batch/batch-support.js';
import { type BatchTestService, batchSettled, readEvents, unzip } from '../server/batches-support.js';
import { openRedisBatchSetup, type RedisBatchSetup } from './redis-batch-support.js';
import { startWorkerProcess, type WorkerProcess } from './redis-support.js';

/** Cache keys of the entries a worker finished, from its log lines. */
function entriesDone(worker: WorkerProcess): string[] {
  return worker
    .output()
    .split('\n')
    .filter((l) => l.includes('"batch entry done"'))
    .map((l) => (JSON.parse(l) as { key: string }).key);
}

/** A local page that answers after `delayMs`, counting the requests it got. */
async function slowPage(body: string, delayMs: number) {
  let hits = 0;
  const server = createServer((_req, res) => {
    hits += 1;
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(body);
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/article.txt`,
    hits: () => hits,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

describe('batches fanned out over BullMQ', () => {
  let setup: RedisBatchSetup | undefined;
  let t: BatchTestService;
  let dataDir: string;
  let env: Record<string, string>;
  let workers: WorkerProcess[] = [];

  beforeAll(async () => {
    setup = await openRedisBatchSetup({ queuePrefix: 'readout-batch-test', concurrency: '*=1,pdf=1' });
    ({ t, dataDir, env, workers } = setup);
  }, 60_000);

  afterAll(async () => {
    await setup?.close();
  });

  it('two workers complete a batch, every entry exactly once, gathered into one result', async () => {
    workers.push(...(await Promise.all([startWorkerProcess(env), startWorkerProcess(env)])));
    expect(t.batches.mode).toBe('redis');
    const files = corpusFiles();
    const zip = readFileSync(await writeZip(join(dataDir, 'corpus.zip'), files));
    const created = await request(t.app)
      .post('/v1/batches?to=html,ssml')
      .set('Content-Type', 'application/zip')
      .send(zip);
    expect(created.status, created.text).toBe(202);
    const id = created.body.id as string;
    const done = await batchSettled(t.app, id, {}, 120_000);
    expect(done.body).toMatchObject({ status: 'complete', progress: { finished: files.size, failed: 0 } });

    const manifest = (await request(t.app).get(`/v1/batches/${id}/manifest.json`)).body;
    expect(manifest.totals).toMatchObject({ entries: files.size, done: files.size, failed: 0 });
    const keys = manifest.entries.map((e: { cacheKey: string }) => e.cacheKey).sort();
    const [first, second] = workers.map(entriesDone);
    expect([...first!, ...second!].sort()).toEqual(keys); // each entry once, by one worker or the other
    expect(first!.length).toBeGreaterThan(0);
    expect(second!.length).toBeGreaterThan(0);

    const events = await readEvents(t.app, id);
    expect(events.events.filter((e) => e.event === 'entry')).toHaveLength(files.size);
    const result = await request(t.app)
      .get(`/v1/batches/${id}/result.zip`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    const out = await unzip(result.body as Buffer);
    for (const entry of manifest.entries as { files: { name: string; bytes: number }[] }[]) {
      for (const file of entry.files) expect(out.get(file.name)?.length, file.name).toBe(file.bytes);
    }
  }, 180_000);

  it('an entry of a worker killed mid-run is finished by another worker', async () => {
    for (const w of workers.splice(0)) {
      w.child.kill('SIGTERM');
      await w.exited;
    }
    const page = await slowPage(`A slow article\n\n${'A sentence of the slow article. '.repeat(20)}`, 2500);
    try {
      const victim = await startWorkerProcess(env);
      workers.push(victim);
      const lines = [
        JSON.stringify({ name: 'slow', url: page.url }),
        JSON.stringify({ name: 'quick', text: 'Quick\n\nA quick paragraph of plain text.' }),
      ];
      const created = await request(t.app)
        .post('/v1/batches?to=ssml')
        .set('Content-Type', 'application/x-ndjson')
        .send(lines.join('\n'));
      expect(created.status, created.text).toBe(202);
      const deadline = Date.now() + 30_000;
      while (page.hits() === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(page.hits()).toBe(1);
      victim.child.kill('SIGKILL');
      await victim.exited;

      const rescuer = await startWorkerProcess(env);
      workers.push(rescuer);
      const done = await batchSettled(t.app, created.body.id, {}, 60_000);
      expect(done.body).toMatchObject({ status: 'complete', progress: { finished: 2, failed: 0 } });
      const manifest = (await request(t.app).get(`/v1/batches/${created.body.id}/manifest.json`)).body;
      const slow = manifest.entries.find((e: { input: string }) => e.input === 'slow');
      expect(slow.status).toBe('done');
      expect(entriesDone(victim)).not.toContain(slow.cacheKey);
      expect(entriesDone(rescuer)).toContain(slow.cacheKey);
      expect(page.hits()).toBe(2);
    } finally {
      page.close();
    }
  }, 120_000);
});
