/**
 * The worker side of batch fan-out: `readout worker` also takes entries from `<READOUT_QUEUE_NAME>-batch`
 * and exports each into its batch's result cache in the shared data folder (exportEntryToCache, as inline
 * and thread runners do). A bad entry is an outcome, not a failure (it is never retried); an entry of a
 * batch deleted meanwhile is dropped without writing. SIGTERM: stop taking entries, finish those running
 * within the grace time, leave the rest to other workers (stalled jobs are picked up again).
 */
import { access } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Worker } from 'bullmq';
import { type EntryOutcome, exportEntryToCache } from '../batch/entry.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Fetcher } from '../net/fetcher.js';
import { dataPath } from './batch-files.js';
import { batchQueueName, decodeInput, RemoteEntry } from './batch-queue.js';
import { WORKER_NAME } from './processor.js';
import { redisConnection } from './redis.js';
import { closeWorkerGracefully } from './worker-close.js';

export interface BatchWorkerDeps {
  config: Config & { redisUrl: string };
  logger: Logger;
  fetcher: Fetcher;
  /** Entries exported at once (their I/O overlaps; CPU work shares this process). */
  concurrency?: number;
}

export interface RunningBatchWorker {
  close(graceMs?: number): Promise<void>;
}

export async function startBatchWorker(deps: BatchWorkerDeps): Promise<RunningBatchWorker> {
  const { config, logger, fetcher } = deps;
  const queue = batchQueueName(config);
  const worker = new Worker<RemoteEntry, EntryOutcome>(
    queue,
    async (job) => {
      const entry = RemoteEntry.parse(job.data);
      const log = logger.child({ batch: entry.batch, key: entry.key, attempt: job.attemptsMade + 1 });
      const cacheDir = dataPath(config.dataDir, entry.cacheDir);
      const deleted = await access(dirname(cacheDir)).then(
        () => false,
        () => true,
      );
      if (deleted) {
        log.info('batch entry dropped: its batch was deleted');
        return {
          ok: false,
          error: { kind: 'internal', code: 'batch/cancelled', message: 'The batch was deleted.' },
        };
      }
      const outcome = await exportEntryToCache(
        {
          key: entry.key,
          input: decodeInput(entry),
          formats: entry.formats,
          ...(entry.options ? { options: entry.options } : {}),
          cacheDir,
        },
        { config, fetcher },
      );
      log.info(
        { worker: WORKER_NAME, ok: outcome.ok, ...(outcome.ok ? {} : { code: outcome.error.code }) },
        'batch entry done',
      );
      return outcome;
    },
    {
      connection: redisConnection(config.redisUrl),
      concurrency: Math.max(1, deps.concurrency ?? 2),
      lockDuration: config.jobLockMs,
      stalledInterval: Math.max(500, Math.floor(config.jobLockMs / 2)),
      maxStalledCount: 2,
      name: WORKER_NAME,
    },
  );
  worker.on('error', (error) => logger.warn({ err: error }, 'batch worker connection error'));
  await worker.waitUntilReady();
  logger.info({ queue, worker: WORKER_NAME }, 'readout batch worker ready');

  let closing: Promise<void> | undefined;
  return {
    close(graceMs = config.shutdownGraceMs) {
      closing ??= (async () => {
        await closeWorkerGracefully(worker, graceMs, logger, 'batch entries');
      })();
      return closing;
    },
  };
}
