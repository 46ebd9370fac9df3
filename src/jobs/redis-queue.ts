/**
 * The scale-out queue (with REDIS_URL): the service records the job in SQLite, stores the input in the
 * shared data folder and adds a BullMQ job; `readout worker` processes run it (worker.ts) with retries
 * and back-off, and BullMQ recovers jobs of workers that died (stalled jobs). The service follows jobs
 * through QueueEvents, and reads a job's state from Redis when asked about one it has not heard of.
 */
import { type Job, Queue, QueueEvents } from 'bullmq';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { FileStore } from './files.js';
import type { QueueEvents as JobEvents, JobQueue } from './queue.js';
import { decodeJobError, redisConnection } from './redis.js';
import type { JobStore } from './store.js';
import { type ExportJob, type JobRecord, JobResult, jobOf } from './types.js';

export interface RedisQueueDeps {
  config: Config & { redisUrl: string };
  store: JobStore;
  files: FileStore;
  logger: Logger;
  events: JobEvents;
}

export class RedisQueue implements JobQueue {
  readonly mode = 'redis' as const;
  readonly #deps: RedisQueueDeps;
  readonly #queue: Queue<ExportJob, JobResult>;
  readonly #events: QueueEvents;
  #closed = false;

  constructor(deps: RedisQueueDeps) {
    this.#deps = deps;
    const { config } = deps;
    const connection = redisConnection(config.redisUrl);
    const ttlSeconds = config.jobTtlSeconds;
    this.#queue = new Queue<ExportJob, JobResult>(config.queueName, {
      connection,
      defaultJobOptions: {
        attempts: config.jobAttempts,
        backoff: { type: 'exponential', delay: config.jobBackoffMs },
        removeOnComplete: { age: ttlSeconds },
        removeOnFail: { age: ttlSeconds },
      },
    });
    this.#events = new QueueEvents(config.queueName, { connection });
    this.#queue.on('error', (error) => deps.logger.warn({ err: error }, 'redis queue error'));
    this.#events.on('error', (error) => deps.logger.warn({ err: error }, 'redis queue events error'));
  }

  async start(): Promise<void> {
    await this.#queue.waitUntilReady();
    await this.#events.waitUntilReady();
    this.#events.on('active', ({ jobId }) => this.#follow(jobId));
    this.#events.on('completed', ({ jobId }) => this.#follow(jobId));
    this.#events.on('failed', ({ jobId }) => this.#follow(jobId));
    // Jobs that ended while the service was down.
    for (const record of this.#deps.store.unfinished()) await this.refresh(record);
  }

  async enqueue(record: JobRecord): Promise<void> {
    await this.#queue.add('export', jobOf(record), { jobId: record.id });
  }

  async cancel(id: string): Promise<void> {
    const job = await this.#queue.getJob(id);
    if (!job) return;
    try {
      await job.remove();
    } catch {
      // Active (locked by a worker): it finishes there; #follow drops its files when it reports back.
    }
  }

  async refresh(record: JobRecord): Promise<void> {
    const job = await this.#queue.getJob(record.id);
    await this.#apply(record.id, job);
  }

  async depth(): Promise<number> {
    const counts = await this.#queue.getJobCounts('waiting', 'delayed', 'prioritized');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  async notReady(): Promise<string | undefined> {
    if (this.#closed) return 'the job queue is closed';
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('Redis did not answer within 2 s'), 2000);
    });
    const answer = this.#queue.getJobCounts('active').then(
      () => undefined,
      (error: unknown) => `Redis is not reachable: ${(error as Error).message}`,
    );
    try {
      return await Promise.race([answer, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(_graceMs: number): Promise<void> {
    // Running jobs belong to the workers; nothing here to finish or re-queue.
    this.#closed = true;
    await this.#events.close();
    await this.#queue.close();
  }

  #follow(id: string): void {
    if (this.#closed) return;
    void this.#queue
      .getJob(id)
      .then((job) => this.#apply(id, job))
      .catch((error: unknown) => this.#deps.logger.warn({ err: error, job: id }, 'could not follow job'));
  }

  /** Copies a BullMQ job's state into the store. */
  async #apply(id: string, job: Job<ExportJob, JobResult> | undefined): Promise<void> {
    const { store, files, config, logger, events } = this.#deps;
    const record = store.get(id);
    if (!record) {
      // Deleted while a worker ran it: drop what the worker wrote.
      if (job && (job.finishedOn || job.failedReason)) await files.remove(id).catch(() => undefined);
      return;
    }
    if (record.state === 'done' || record.state === 'failed') return;
    const ttlMs = config.jobTtlSeconds * 1000;
    const state = job ? await job.getState() : 'unknown';
    const now = Date.now();
    if (state === 'active') {
      store.markRunning(id, job?.processedOn ?? now, job?.attemptsMade ? job.attemptsMade + 1 : 1);
    } else if (state === 'completed' && job) {
      const parsed = JobResult.safeParse(job.returnvalue);
      if (parsed.success) {
        if (store.markDone(id, parsed.data, job.finishedOn ?? now, ttlMs)) {
          events.finished(record, 'done', parsed.data.durationMs);
        }
      } else {
        store.markFailed(
          id,
          { code: 'internal/bad-result', message: 'A worker returned no usable result.' },
          now,
          ttlMs,
        );
        logger.error({ job: id }, 'worker result does not match the JobResult schema');
      }
    } else if (state === 'failed' && job) {
      if (
        store.markFailed(id, decodeJobError(job.failedReason), job.finishedOn ?? now, ttlMs, job.attemptsMade)
      ) {
        events.finished(record, 'failed', (job.finishedOn ?? now) - (job.processedOn ?? now));
      }
    } else if (state === 'unknown') {
      store.markFailed(
        id,
        { code: 'internal/job-lost', message: 'The job is no longer in the queue.' },
        now,
        ttlMs,
      );
    }
  }
}
