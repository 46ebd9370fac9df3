/**
 * Batch fan-out over BullMQ (with REDIS_URL): a RunEntry whose entries become jobs of the queue
 * `<READOUT_QUEUE_NAME>-batch`, run by `readout worker` processes (batch-worker.ts) that call
 * exportEntryToCache into the batch's cache in the shared data folder. The service's runBatch waits for
 * each job and gathers the results into one output, as with inline entries. A job's id is the batch and
 * the entry's cache key, so an entry queued twice (a resumed batch) runs once; a worker that dies leaves
 * a stalled job that BullMQ hands to another worker after READOUT_JOB_LOCK_MS. While it waits, the service
 * also checks each entry every few seconds: a result already in the cache ends the wait (its completion
 * event was lost, e.g. Redis restarted), and a job Redis no longer knows (Redis restarted without its data)
 * is queued again, so a Redis restart never leaves a batch waiting forever.
 */
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Job, Queue, QueueEvents } from 'bullmq';
import { z } from 'zod';
import { ResultCache } from '../batch/cache.js';
import type { EntryError, EntryJob, EntryOutcome, RunEntry } from '../batch/entry.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { ArticleInput } from '../read/index.js';
import { dataRelative } from './batch-files.js';
import { redisConnection } from './redis.js';

export const batchQueueName = (config: Pick<Config, 'queueName'>) => `${config.queueName}-batch`;

/** One entry as BullMQ job data: JSON, the input's bytes in base64, the cache folder relative to the data folder. */
export const RemoteEntry = z.object({
  batch: z.uuid(),
  key: z.string().regex(/^[0-9a-f]{64}$/),
  input: z.object({
    data: z.string(),
    binary: z.boolean(),
    format: z.string().optional(),
    name: z.string().optional(),
    baseUrl: z.string().optional(),
    charset: z.string().optional(),
  }),
  formats: z.array(z.string()).min(1),
  options: z.record(z.string(), z.unknown()).optional(),
  cacheDir: z.string(),
});
export type RemoteEntry = z.infer<typeof RemoteEntry>;

export function encodeEntry(batch: string, job: EntryJob, dataDir: string): RemoteEntry {
  const { data, ...rest } = job.input;
  const binary = typeof data !== 'string';
  return {
    batch,
    key: job.key,
    input: {
      data: binary ? Buffer.from(data).toString('base64') : data,
      binary,
      ...(rest.format ? { format: rest.format } : {}),
      ...(rest.name ? { name: rest.name } : {}),
      ...(rest.baseUrl ? { baseUrl: rest.baseUrl } : {}),
      ...(rest.charset ? { charset: rest.charset } : {}),
    },
    formats: [...job.formats],
    ...(job.options ? { options: job.options as Record<string, unknown> } : {}),
    cacheDir: dataRelative(dataDir, job.cacheDir),
  };
}

export function decodeInput(entry: RemoteEntry): ArticleInput {
  const { data, binary, format, ...rest } = entry.input;
  return {
    data: binary ? new Uint8Array(Buffer.from(data, 'base64')) : data,
    ...(format ? { format: format as ArticleInput['format'] } : {}),
    ...rest,
  };
}

const jobIdOf = (batch: string, key: string) => `${batch}-${key}`;

const failure = (code: string, message: string): EntryOutcome => ({
  ok: false,
  error: { kind: 'internal', code, message } satisfies EntryError,
});

export interface BatchQueueDeps {
  config: Config & { redisUrl: string };
  logger: Logger;
  /** How often a waiting entry is checked against the cache and Redis (default: READOUT_JOB_LOCK_MS, at least 1 s). */
  checkMs?: number;
}

/** The service's side of the fan-out: one queue and its events, shared by every running batch. */
export class BatchQueue {
  readonly #queue: Queue<RemoteEntry, EntryOutcome>;
  readonly #events: QueueEvents;
  readonly #config: BatchQueueDeps['config'];
  readonly #logger: Logger;
  readonly #checkMs: number;

  constructor(deps: BatchQueueDeps) {
    this.#config = deps.config;
    this.#logger = deps.logger;
    this.#checkMs = deps.checkMs ?? Math.max(1000, deps.config.jobLockMs);
    const connection = redisConnection(deps.config.redisUrl);
    const name = batchQueueName(deps.config);
    const ttlSeconds = deps.config.jobTtlSeconds;
    this.#queue = new Queue<RemoteEntry, EntryOutcome>(name, {
      connection,
      defaultJobOptions: {
        attempts: deps.config.jobAttempts,
        backoff: { type: 'exponential', delay: deps.config.jobBackoffMs },
        // The service needs a finished job only until it has read the outcome (the cache has the rest).
        removeOnComplete: { age: Math.min(ttlSeconds, 3600) },
        removeOnFail: { age: ttlSeconds },
      },
    });
    this.#events = new QueueEvents(name, { connection });
    this.#events.setMaxListeners(0); // one waiter per entry in flight
    this.#queue.setMaxListeners(0); // waitUntilFinished listens for the queue closing, once per entry
    this.#queue.on('error', (error) => deps.logger.warn({ err: error }, 'batch queue error'));
    this.#events.on('error', (error) => deps.logger.warn({ err: error }, 'batch queue events error'));
  }

  async start(): Promise<void> {
    await this.#queue.waitUntilReady();
    await this.#events.waitUntilReady();
  }

  /** A RunEntry for one batch; `signal` (the batch deleted) stops waiting and drops its waiting jobs. */
  runner(batch: string, signal: AbortSignal): RunEntry {
    setMaxListeners(0, signal); // one listener per entry in flight
    return async (job) => {
      if (signal.aborted) return failure('batch/cancelled', 'The batch was cancelled.');
      const data = encodeEntry(batch, job, this.#config.dataDir);
      const jobId = jobIdOf(batch, job.key);
      let queued: Job<RemoteEntry, EntryOutcome>;
      try {
        queued = await this.#enqueue(data, jobId);
      } catch (error) {
        return failure('internal/queue', `The entry could not be queued: ${(error as Error).message}`);
      }
      const stop = new AbortController();
      let onAbort: () => void = () => {};
      const aborted = new Promise<EntryOutcome>((resolve) => {
        onAbort = () => {
          void queued.remove().catch(() => undefined); // an active job cannot be removed: it finishes
          resolve(failure('batch/cancelled', 'The batch was cancelled.'));
        };
      });
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        const finished = queued.waitUntilFinished(this.#events).then(
          (outcome: EntryOutcome) =>
            outcome && typeof outcome === 'object' && 'ok' in outcome
              ? outcome
              : failure('internal/bad-result', 'A worker returned no usable result.'),
          (error: unknown) => {
            this.#logger.warn({ batch, key: job.key, err: error }, 'batch entry failed in the queue');
            return failure(
              'internal/worker-failed',
              `The entry failed in a worker: ${(error as Error).message}`,
            );
          },
        );
        return await Promise.race([finished, aborted, this.#watch(batch, job, data, jobId, stop.signal)]);
      } finally {
        stop.abort();
        signal.removeEventListener('abort', onAbort);
      }
    };
  }

  /** Adds the job (a job id already there is kept; a failed one is retried). */
  async #enqueue(data: RemoteEntry, jobId: string): Promise<Job<RemoteEntry, EntryOutcome>> {
    const queued = await this.#queue.add('entry', data, { jobId });
    if ((await queued.getState()) === 'failed') await queued.retry('failed');
    return queued;
  }

  /**
   * Resolves when the entry's result is in the cache (its completion event may have been lost), and queues
   * the job again when Redis no longer has it; never resolves otherwise. Redis being down only skips a check.
   */
  async #watch(
    batch: string,
    job: EntryJob,
    data: RemoteEntry,
    jobId: string,
    stop: AbortSignal,
  ): Promise<EntryOutcome> {
    const cache = new ResultCache(job.cacheDir);
    for (;;) {
      // timers/promises removes its abort listener when the time is up (one added per check piled up).
      const stopped = await sleep(this.#checkMs, false, { signal: stop }).catch(() => true);
      if (stopped || stop.aborted) return new Promise<never>(() => {});
      const record = await cache.get(job.key);
      if (record) return { ok: true, record };
      try {
        if (!(await this.#queue.getJob(jobId))) {
          this.#logger.warn({ batch, key: job.key }, 'batch entry lost by Redis: queued again');
          await this.#enqueue(data, jobId);
        }
      } catch {
        // Redis unreachable right now: check again later.
      }
    }
  }

  async notReady(): Promise<string | undefined> {
    try {
      await this.#queue.getJobCounts('active');
      return undefined;
    } catch (error) {
      return `Redis is not reachable: ${(error as Error).message}`;
    }
  }

  async close(): Promise<void> {
    await this.#events.close();
    await this.#queue.close();
  }
}
