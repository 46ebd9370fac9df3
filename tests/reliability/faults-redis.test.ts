/**
 * Faults in scale-out mode: during a batch fanned out over BullMQ to two `readout worker` processes, Redis
 * is killed and started again on the same port WITHOUT its data (the worst case: no persistence), and one
 * worker is killed (SIGKILL). The service notices entries Redis forgot and queues them again, a worker
 * takes over the killed worker's entry, and the batch completes with every entry exactly once in the
 * output (manifest and result.zip). Entries fetch a slow loopback page so the batch is still running when
 * the faults hit. Short form: 24 entries; long form (READOUT_LONG=1): 120.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkRedisPrerequisites,
  freePort,
  type Redis,
  startRedis,
  startWorkerProcess,
  type WorkerProcess,
} from '../jobs/redis-support.js';
import { type BatchTestService, openBatchService, tmpDataDir, unzip } from '../server/batches-support.js';

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
  let redis: Redis | undefined;
  let port: number;
  let t: BatchTestService;
  let dataDir: string;
  let env: Record<string, string>;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    checkRedisPrerequisites();
    port = await freePort();
    redis = await startRedis(port);
    dataDir = tmpDataDir();
    const queueName = `readout-faults-${randomUUID()}`;
    env = {
      REDIS_URL: redis.url,
      READOUT_QUEUE_NAME: queueName,
      READOUT_DATA_DIR: dataDir,
      READOUT_JOB_LOCK_MS: '2000',
      READOUT_CONCURRENCY: '*=2,pdf=1',
      READOUT_FETCH_ALLOW_HOSTS: '127.0.0.1',
    };
    t = await openBatchService({ redisUrl: redis.url, queueName, dataDir, jobLockMs: 2000 });
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await t?.close();
    redis?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
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
      redis!.stop();
      workers[0]!.child.kill('SIGKILL');
      await workers[0]!.exited;
      await sleep(1000);
      redis = await startRedis(port);

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
