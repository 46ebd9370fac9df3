/**
 * Scale-out mode against a real Redis: the service queues jobs in BullMQ, two `readout worker` processes
 * on one queue run them through the same processor into the shared data folder; bad input fails once,
 * a worker killed mid-job (while it fetches a slow page) leaves a stalled job that another worker finishes;
 * SIGTERM stops a worker cleanly.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusText } from '../helpers/corpus.js';
import { openService, settled, type TestService, tmpDataDir } from '../server/support.js';
import {
  checkRedisPrerequisites,
  type Redis,
  slowPage,
  startRedis,
  startWorkerProcess,
  type WorkerProcess,
} from './redis-support.js';

const meduza = corpusText('meduza-lavrov-blinken.txt');

const running = (w: WorkerProcess) => w.child.exitCode === null && w.child.signalCode === null;

describe('BullMQ on Redis with two workers', () => {
  let redis: Redis | undefined;
  let t: TestService;
  let dataDir: string;
  let env: Record<string, string>;
  let page: Awaited<ReturnType<typeof slowPage>> | undefined;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    checkRedisPrerequisites();
    redis = await startRedis();
    dataDir = tmpDataDir();
    page = await slowPage(meduza, 2500);
    const queueName = `readout-test-${randomUUID()}`;
    env = {
      REDIS_URL: redis.url,
      READOUT_QUEUE_NAME: queueName,
      READOUT_DATA_DIR: dataDir,
      READOUT_JOB_LOCK_MS: '2000',
      READOUT_CONCURRENCY: '*=1',
      READOUT_FETCH_ALLOW_HOSTS: '127.0.0.1',
    };
    t = await openService({ redisUrl: redis.url, queueName, dataDir, jobLockMs: 2000 });
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await t?.close();
    redis?.stop();
    page?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('a job of a worker killed mid-run is recovered by another worker', async () => {
    const first = await startWorkerProcess(env);
    workers.push(first);
    expect((await request(t.app).get('/readyz')).body).toMatchObject({ status: 'ready', queue: 'redis' });
    const created = await request(t.app)
      .post('/v1/exports')
      .send({ url: page!.url, formats: ['ssml'] });
    expect(created.status, created.text).toBe(202);
    const deadline = Date.now() + 20_000;
    let status = '';
    while (status !== 'running' && Date.now() < deadline) {
      status = (await request(t.app).get(`/v1/exports/${created.body.id}`)).body.status;
      if (status !== 'running') await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe('running');
    first.child.kill('SIGKILL');
    await first.exited;

    const [second, third] = await Promise.all([startWorkerProcess(env), startWorkerProcess(env)]);
    workers.push(second, third);
    const done = await settled(t.app, created.body.id, {}, 45_000);
    expect(done.body.status, JSON.stringify(done.body.error)).toBe('done');
    expect([second.name, third.name]).toContain((await t.service.store.get(created.body.id))?.result?.worker);
  }, 90_000);

  it('two workers share the queue; files land in the shared folder and download from the service', async () => {
    const live = workers.filter(running).map((w) => w.name);
    const ran = new Set<string>();
    let done = 0;
    // Both workers take jobs from the one queue (batches until each has been seen, at most three).
    for (let batch = 0; batch < 3 && ran.size < live.length; batch++) {
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await request(t.app)
          .post('/v1/exports')
          .send({ text: meduza, formats: i % 2 ? ['html'] : ['ssml', 'html'] });
        expect(res.status).toBe(202);
        ids.push(res.body.id);
      }
      for (const id of ids) {
        const res = await settled(t.app, id, {}, 30_000);
        expect(res.body.status, JSON.stringify(res.body.error)).toBe('done');
        done++;
        ran.add(t.service.store.get(id)!.result!.worker);
        const file = await request(t.app).get(res.body.files[0].href);
        expect(file.status).toBe(200);
        expect(file.headers.etag).toBe(`"${res.body.files[0].sha256}"`);
      }
    }
    expect([...ran].sort()).toEqual(live.sort());
    const metrics = await request(t.app).get('/metrics');
    expect(metrics.text).toContain(`readout_jobs{state="done",format="html"} ${done}`);
  }, 60_000);

  it('bad input fails at once, without retries, with the reason', async () => {
    const res = await request(t.app)
      .post('/v1/exports')
      .send({ html: '<html><body><nav><a href="/">Home</a></nav></body></html>', formats: ['html'] });
    const failed = await settled(t.app, res.body.id, {}, 20_000);
    expect(failed.body).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.body.error.code).toMatch(/^input\//);
  }, 30_000);

  it('SIGTERM stops a worker cleanly', async () => {
    const worker = workers.find(running)!;
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(worker.output()).toMatch(/worker stopped/);
  }, 30_000);
});
