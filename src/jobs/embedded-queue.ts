/**
 * The embedded queue (the default, no extra service): jobs run in this process with per-format
 * concurrency; SQLite is the queue. Failed renders are retried with exponential back-off; bad input is
 * not. After a restart, `start()` puts jobs that were running back in the queue and runs them again.
 */
import type { Config } from '../config.js';
import { isCallerError } from '../errors.js';
import type { Logger } from '../log.js';
import type { FileStore } from './files.js';
import { type JobProcessor, jobErrorOf } from './processor.js';
import type { JobQueue, QueueEvents } from './queue.js';
import type { FormatSlots, Release } from './slots.js';
import type { JobStore } from './store.js';
import { type JobRecord, jobOf } from './types.js';

interface Running {
  controller: AbortController;
  done: Promise<void>;
  /** Why it was stopped from outside: its outcome is then ignored. */
  stopped?: 'cancel' | 'shutdown';
}

export interface EmbeddedQueueDeps {
  config: Pick<Config, 'jobAttempts' | 'jobBackoffMs' | 'jobTtlSeconds'>;
  store: JobStore;
  files: FileStore;
  slots: FormatSlots;
  process: JobProcessor;
  logger: Logger;
  events: QueueEvents;
}

export class EmbeddedQueue implements JobQueue {
  readonly mode = 'embedded' as const;
  readonly #deps: EmbeddedQueueDeps;
  readonly #running = new Map<string, Running>();
  #accepting = false;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(deps: EmbeddedQueueDeps) {
    this.#deps = deps;
  }

  async start(): Promise<void> {
    const resumed = this.#deps.store.requeueRunning();
    const waiting = this.#deps.store.unfinished().length;
    if (waiting) this.#deps.logger.info({ resumed, waiting }, 'resuming export jobs');
    this.#accepting = true;
    this.#unsubscribe = this.#deps.slots.onFreed(() => this.#pump());
    this.#pump();
  }

  async enqueue(_record: JobRecord): Promise<void> {
    this.#pump();
  }

  async cancel(id: string): Promise<void> {
    const running = this.#running.get(id);
    if (!running) return;
    running.stopped = 'cancel';
    running.controller.abort(new Error('cancelled'));
  }

  async refresh(_record: JobRecord): Promise<void> {
    // The store is the queue: nothing to bring up to date.
  }

  async depth(): Promise<number> {
    return this.#deps.store.activeCount() - this.#running.size;
  }

  async notReady(): Promise<string | undefined> {
    if (!this.#accepting) return 'the job queue is not running';
    try {
      this.#deps.store.ping();
    } catch (error) {
      return `the job store is unusable: ${(error as Error).message}`;
    }
    return undefined;
  }

  async close(graceMs: number): Promise<void> {
    this.#accepting = false;
    clearTimeout(this.#timer);
    this.#unsubscribe?.();
    const all = Promise.allSettled([...this.#running.values()].map((r) => r.done));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    for (const [id, running] of this.#running) {
      running.stopped = 'shutdown';
      running.controller.abort(new Error('shutting down'));
      this.#deps.store.requeue(id, 0, false);
      this.#deps.logger.info({ job: id }, 'export job returned to the queue for the next start');
    }
    this.#running.clear();
  }

  /** Starts every runnable job whose formats all have a free slot, oldest first. */
  #pump(): void {
    if (!this.#accepting) return;
    const now = Date.now();
    for (const record of this.#deps.store.runnable(now)) {
      if (this.#running.has(record.id)) continue;
      const release = this.#deps.slots.tryTakeAll(record.formats);
      if (release) this.#run(record, release);
    }
    const next = this.#deps.store.nextRunAfter(now);
    clearTimeout(this.#timer);
    if (next !== undefined) this.#timer = setTimeout(() => this.#pump(), Math.max(10, next - now));
  }

  #run(record: JobRecord, release: Release): void {
    const { store, config, logger, events } = this.#deps;
    const controller = new AbortController();
    const running: Running = { controller, done: Promise.resolve() };
    this.#running.set(record.id, running);
    store.markRunning(record.id, Date.now());
    const attempt = record.attempts + 1;
    const started = performance.now();
    logger.info({ job: record.id, formats: record.formats, attempt }, 'export job started');
    const ttlMs = config.jobTtlSeconds * 1000;
    running.done = (async () => {
      try {
        const result = await this.#deps.process(jobOf(record), controller.signal);
        if (running.stopped) return;
        store.markDone(record.id, result, Date.now(), ttlMs);
        logger.info({ job: record.id, ms: result.durationMs }, 'export job done');
        events.finished(record, 'done', performance.now() - started);
      } catch (error) {
        if (running.stopped) return;
        const failure = jobErrorOf(error);
        if (!isCallerError(error) && attempt < config.jobAttempts) {
          const delay = config.jobBackoffMs * 2 ** (attempt - 1);
          store.requeue(record.id, Date.now() + delay, true);
          logger.warn({ job: record.id, attempt, delay, err: error }, 'export job failed; retrying');
        } else {
          store.markFailed(record.id, failure, Date.now(), ttlMs);
          if (isCallerError(error)) logger.info({ job: record.id, code: failure.code }, 'export job refused');
          else logger.error({ job: record.id, attempt, err: error }, 'export job failed');
          events.finished(record, 'failed', performance.now() - started);
        }
      } finally {
        if (running.stopped === 'cancel') await this.#deps.files.remove(record.id).catch(() => undefined);
        if (this.#running.get(record.id) === running) this.#running.delete(record.id);
        release();
      }
    })();
  }
}
