/**
 * The service's side of the BullMQ fan-out on its own, with a real Redis and no worker: entries that wait
 * a long time (many checks against the cache and Redis) must not pile up listeners, and a cancelled batch
 * releases every waiting entry.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryJob } from '../../src/batch/entry.js';
import { loadConfig } from '../../src/config.js';
import { BatchQueue } from '../../src/jobs/batch-queue.js';
import { createLogger } from '../../src/log.js';
import { checkRedisPrerequisites, type Redis, startRedis } from './redis-support.js';

describe('BatchQueue (service side, no worker)', () => {
  let redis: Redis;
  let dataDir: string;

  beforeAll(async () => {
    checkRedisPrerequisites();
    redis = await startRedis();
    dataDir = mkdtempSync(join(tmpdir(), 'readout-batch-queue-'));
  }, 30_000);

  afterAll(() => {
    redis?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps its listeners flat while many entries wait through many checks, and a cancel releases them all', async () => {
    const config = loadConfig(
      {},
      { logLevel: 'silent', dataDir, redisUrl: redis.url, queueName: `readout-bq-${randomUUID()}` },
    );
    const queue = new BatchQueue({
      config: { ...config, redisUrl: redis.url },
      logger: createLogger(config),
      checkMs: 10,
    });
    const warnings: Error[] = [];
    const onWarning = (w: Error) => {
      if (w.name === 'MaxListenersExceededWarning') warnings.push(w);
    };
    process.on('warning', onWarning);
    try {
      await queue.start();
      const cancel = new AbortController();
      const run = queue.runner('b1', cancel.signal);
      // More entries in flight than Node's default of 10 listeners, each checked ~40 times.
      const jobs: EntryJob[] = Array.from({ length: 16 }, (_, i) => ({
        key: `key-${i}`,
        input: { data: `Title ${i}\n\nA paragraph of entry ${i}.`, format: 'text' },
        formats: ['ssml'],
        cacheDir: join(dataDir, 'cache'),
      }));
      const outcomes = Promise.all(jobs.map(run));
      await new Promise((r) => setTimeout(r, 400));
      cancel.abort();
      const settled = await outcomes;
      expect(settled.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(jobs.map(() => 'batch/cancelled'));
      await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
      expect(warnings.map((w) => w.message)).toEqual([]);
    } finally {
      process.off('warning', onWarning);
      await queue.close();
    }
  }, 30_000);
});
