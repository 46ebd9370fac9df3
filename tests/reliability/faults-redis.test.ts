import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedisBatchSetup, type RedisBatchSetup } from '../jobs/redis-batch-support.js';
import { startWorkerProcess, type WorkerProcess } from '../jobs/redis-support.js';
import { type BatchTestService, unzip } from '../server/batches-support.js';

const LONG = process.env.READOUT_LONG === '1';
const ENTRIES = LONG ? 120 : 24;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A loopback server answering every article path after `delayMs` with a distinct short article. */
async function slowArticles(delayMs: number) {
  const server = createServer((req, res) => {
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(
        `Article ${req.url}\n\nThe first paragraph of the article at ${req.url}, with a few words more.`,
      );
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (i: number) => `http://127.0.0.1:${port}/story-${i}.txt`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

async function status(t: BatchTestService, id: string) {
  const res = await request(t.app).get(`/v1/batches/${id}`);
  expect(res.status).toBe(200);
  return res.body as { status: string; progress: { finished: number; done: number; failed: number } };
}

describe(`BullMQ batch of ${ENTRIES} entries: Redis restarted without its data and a worker killed`, () => {
  let setup: RedisBatchSetup | undefined;
  let t: BatchTestService;
  let env: Record<string, string>;
  let workers: WorkerProcess[] = [];

  beforeAll(async () => {
    setup = await openRedisBatchSetup({ queuePrefix: 'readout-faults', concurrency: '*=2,pdf=1' });
    ({ t, env, workers } = setup);
  }, 60_000);

  afterAll(async () => {
    await setup?.close();
  });

  it('completes with every entry exactly once in the output', async () => {
    const pages = await slowArticles(400);
    try {
      workers.push(...(await Promise.all([startWorkerProcess(env), startWorkerProcess(env)])));
      const lines = Array.from({ length: ENTRIES }, (_, i) =>
        JSON.stringify({ name: `story-${i + 1}`, url: pages.url(i + 1) }),
      );
      const created = await request(t.app)
        .post('/v1/batches?to=html,ssml')
        .set('Content-Type', 'application/x-ndjson')
        .send(lines.join('\n'));
      expect(created.status, created.text).toBe(202);
      const id = created.body.id as string;

      // Faults once a quarter of the batch is done: Redis dies and comes back empty, a worker dies.
      const deadline = Date.now() + 60_000;
      while ((await status(t, id)).progress.finished < ENTRIES / 4 && Date.now() < deadline) await sleep(50);
      const before = await status(t, id);
      expect(before.status).toBe('running');
      setup!.stopRedis();
      workers[0]!.child.kill('SIGKILL');
      await workers[0]!.exited;
      await sleep(1000);
      await setup!.startRedisAgain();

      const end = Date.now() + (LONG ? 300_000 : 120_000);
      let last = await status(t, id);
      while (last.status === 'running' || last.status === 'queued') {
        if (Date.now() > end) throw new Error(`batch still ${last.status}: ${JSON.stringify(last.progress)}`);
        await sleep(200);
        last = await status(t, id);
      }
      console.log(
        `[faults-redis] ${ENTRIES} entries; faults after ${before.progress.finished} finished; final ${JSON.stringify(last.progress)}`,
      );
      if (last.progress.failed) {
        // Seen once under a full parallel test run and not reproduced since: say which entry and why.
        const failed = (await request(t.app).get(`/v1/batches/${id}/manifest.json`)).body.entries.filter(
          (e: { status: string }) => e.status === 'failed',
        );
        console.log(`[faults-redis] failed entries: ${JSON.stringify(failed)}`);
      }
      expect(last).toMatchObject({ status: 'complete', progress: { finished: ENTRIES, failed: 0 } });

      const manifest = (await request(t.app).get(`/v1/batches/${id}/manifest.json`)).body as {
        entries: { input: string; status: string; files: { name: string; bytes: number }[] }[];
      };
      const inputs = manifest.entries.map((e) => e.input);
      expect(new Set(inputs).size).toBe(ENTRIES);
      expect(inputs.sort()).toEqual(lines.map((_, i) => `story-${i + 1}`).sort());
      expect(manifest.entries.every((e) => e.status === 'done')).toBe(true);

      const zip = await request(t.app)
        .get(`/v1/batches/${id}/result.zip`)
        .buffer(true)
        .parse((r, cb) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      const out = await unzip(zip.body as Buffer);
      const names = manifest.entries.flatMap((e) => e.files.map((f) => f.name));
      expect(new Set(names).size).toBe(names.length);
      for (const entry of manifest.entries) {
        for (const file of entry.files) expect(out.get(file.name)?.length, file.name).toBe(file.bytes);
      }
    } finally {
      pages.close();
    }
  }, 300_000);
});
