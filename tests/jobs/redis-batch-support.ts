/**
 * A batch service in BullMQ mode for tests: a real Redis on a free port, the service on a fresh data folder
 * and queue, and the environment `readout worker` processes need to join it. Close it in afterAll.
 */
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { type BatchTestService, openBatchService, tmpDataDir } from '../server/batches-support.js';
import {
  checkRedisPrerequisites,
  freePort,
  type Redis,
  startRedis,
  type WorkerProcess,
} from './redis-support.js';

export interface RedisBatchSetup {
  t: BatchTestService;
  dataDir: string;
  /** The environment of a `readout worker` of this service (startWorkerProcess(env)). */
  env: Record<string, string>;
  /** Workers the test starts; close() kills those still running. */
  workers: WorkerProcess[];
  /** Kills Redis (its data is lost: it keeps none). */
  stopRedis(): void;
  /** Starts Redis again on the same port, empty. */
  startRedisAgain(): Promise<void>;
  close(): Promise<void>;
}

export async function openRedisBatchSetup(options: {
  /** Prefix of the queue name (a random suffix keeps runs apart). */
  queuePrefix: string;
  /** READOUT_CONCURRENCY of the workers. */
  concurrency: string;
}): Promise<RedisBatchSetup> {
  checkRedisPrerequisites();
  const port = await freePort();
  let redis: Redis | undefined = await startRedis(port);
  const dataDir = tmpDataDir();
  const queueName = `${options.queuePrefix}-${randomUUID()}`;
  const env = {
    REDIS_URL: redis.url,
    READOUT_QUEUE_NAME: queueName,
    READOUT_DATA_DIR: dataDir,
    READOUT_JOB_LOCK_MS: '2000',
    READOUT_CONCURRENCY: options.concurrency,
    READOUT_FETCH_ALLOW_HOSTS: '127.0.0.1',
  };
  const t = await openBatchService({ redisUrl: redis.url, queueName, dataDir, jobLockMs: 2000 });
  const workers: WorkerProcess[] = [];
  return {
    t,
    dataDir,
    env,
    workers,
    stopRedis() {
      redis?.stop();
      redis = undefined;
    },
    async startRedisAgain() {
      redis = await startRedis(port);
    },
    async close() {
      for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
      await t.close();
      redis?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
