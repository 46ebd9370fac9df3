/**
 * `readout worker`: runs export jobs from the BullMQ queue (REDIS_URL) through the same processor as the
 * embedded queue, writing into the shared READOUT_DATA_DIR. Any number of workers on any number of
 * machines may share one queue. Bad input fails at once (UnrecoverableError); render failures are retried
 * with back-off; a worker that dies leaves a stalled job that another worker picks up after
 * READOUT_JOB_LOCK_MS. SIGTERM: stop taking jobs, finish running ones within READOUT_SHUTDOWN_GRACE_MS,
 * leave the rest to be picked up again, close the PDF browser pool.
 */
import { UnrecoverableError, Worker } from 'bullmq';
import { type Config, ConfigError } from '../config.js';
import { isCallerError } from '../errors.js';
import type { Logger } from '../log.js';
import { fetcherFromConfig } from '../net/safe-fetch.js';
import { OUTPUT_FORMATS } from '../write/index.js';
import { closeEngines, prepareEngines } from './engines.js';
import { FileStore } from './files.js';
import { createProcessor, jobErrorOf, WORKER_NAME } from './processor.js';
import { encodeJobError, redisConnection } from './redis.js';
import { FormatSlots } from './slots.js';
import { ExportJob, type JobResult } from './types.js';
import { closeWorkerGracefully } from './worker-close.js';

export interface RunningWorker {
  name: string;
  /** Stops taking jobs; running ones get `graceMs` to finish, then they are left for other workers. */
  close(graceMs?: number): Promise<void>;
}

export async function startWorker(config: Config, logger: Logger): Promise<RunningWorker> {
  if (!config.redisUrl) {
    throw new ConfigError(['REDIS_URL is not set: `readout worker` takes its jobs from a Redis queue.']);
  }
  const fetcher = fetcherFromConfig(config);
  const files = new FileStore(config.dataDir);
  const slots = new FormatSlots(config.concurrency);
  const process = createProcessor({ config, fetcher, files });
  prepareEngines(config);
  // Enough jobs in hand to fill every format's slots; each waits for its own formats' slots.
  const concurrency = OUTPUT_FORMATS.reduce((n, f) => n + slots.limit(f), 0);
  const worker = new Worker<ExportJob, JobResult>(
    config.queueName,
    async (job, _token, signal) => {
      const data = ExportJob.parse(job.data);
      const log = logger.child({ job: data.id, attempt: job.attemptsMade + 1 });
      const release = await slots.acquireAll(data.formats);
      log.info({ formats: data.formats }, 'export job started');
      try {
        const result = await process(data, signal ?? new AbortController().signal);
        log.info({ ms: result.durationMs }, 'export job done');
        return result;
      } catch (error) {
        const failure = encodeJobError(jobErrorOf(error));
        if (isCallerError(error)) {
          log.info({ code: jobErrorOf(error).code }, 'export job refused');
          throw new UnrecoverableError(failure);
        }
        log.error({ err: error }, 'export job failed');
        throw new Error(failure);
      } finally {
        release();
      }
    },
    {
      connection: redisConnection(config.redisUrl),
      concurrency,
      lockDuration: config.jobLockMs,
      stalledInterval: Math.max(500, Math.floor(config.jobLockMs / 2)),
      maxStalledCount: 2,
      name: WORKER_NAME,
    },
  );
  worker.on('error', (error) => logger.warn({ err: error }, 'worker connection error'));
  await worker.waitUntilReady();
  logger.info({ queue: config.queueName, concurrency, worker: WORKER_NAME }, 'readout worker ready');

  let closing: Promise<void> | undefined;
  return {
    name: WORKER_NAME,
    close(graceMs = config.shutdownGraceMs) {
      closing ??= (async () => {
        await closeWorkerGracefully(worker, graceMs, logger, 'jobs');
        await Promise.allSettled([fetcher.close(), closeEngines()]);
      })();
      return closing;
    },
  };
}
