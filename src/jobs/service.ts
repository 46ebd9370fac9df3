/**
 * The export service behind the jobs API: creates jobs (input into the file store, a record in SQLite,
 * a place in the queue), answers for them only to their owner, deletes them, expires old ones, and
 * shuts down cleanly. The queue is the embedded one, or BullMQ when REDIS_URL is set.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { InputError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Fetcher } from '../net/fetcher.js';
import { decodeInput } from '../read/decode.js';
import type { ArticleInput } from '../read/index.js';
import { type OutputFormat, parseOutputFormats, parseWriterOptions } from '../write/index.js';
import { EmbeddedQueue } from './embedded-queue.js';
import { closeEngines, enginesNotReady, prepareEngines } from './engines.js';
import { FileStore, isJobId } from './files.js';
import { createProcessor, type JobProcessor } from './processor.js';
import type { JobQueue, Outcome } from './queue.js';
import { RedisQueue } from './redis-queue.js';
import { FormatSlots } from './slots.js';
import { JobStore } from './store.js';
import type { JobInput, JobRecord } from './types.js';

export interface NewJob {
  owner: string;
  input: ArticleInput;
  formats: readonly string[];
  options?: Record<string, unknown>;
}

export interface ServiceDeps {
  fetcher: Fetcher;
  logger: Logger;
  /** Replaces the job processor (tests). */
  processor?: JobProcessor;
}

export interface FinishedEvent {
  formats: string[];
  outcome: Outcome;
  durationMs: number;
}

function jobInput(input: ArticleInput): JobInput {
  return {
    format: input.format ?? 'auto',
    text: typeof input.data === 'string',
    ...(input.name ? { name: input.name } : {}),
    ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
    ...(input.charset ? { charset: input.charset } : {}),
  };
}

/** Writer options by format, each checked by its writer's schema now rather than in the job. */
function checkedOptions(
  formats: OutputFormat[],
  options: Record<string, unknown> = {},
): Record<string, Record<string, unknown>> {
  const unknown = Object.keys(options).filter((k) => !formats.includes(k as OutputFormat));
  if (unknown.length) {
    throw new InputError(
      'request/options',
      `Options are keyed by requested format (${formats.join(', ')}); not requested: ${unknown.join(', ')}.`,
      unknown.map((k) => ({ path: `options.${k}`, message: 'not a requested format' })),
    );
  }
  const out: Record<string, Record<string, unknown>> = {};
  for (const f of formats) {
    parseWriterOptions(f, options[f]);
    if (options[f] !== undefined) out[f] = options[f] as Record<string, unknown>;
  }
  return out;
}

export class ExportService {
  readonly config: Config;
  readonly store: JobStore;
  readonly files: FileStore;
  readonly slots: FormatSlots;
  readonly queue: JobQueue;
  readonly events = new EventEmitter<{ finished: [FinishedEvent] }>();
  readonly #logger: Logger;
  #sweeper: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;

  private constructor(config: Config, deps: ServiceDeps) {
    this.config = config;
    this.#logger = deps.logger;
    this.files = new FileStore(config.dataDir);
    this.store = new JobStore(join(this.files.root, 'readout.sqlite'));
    this.slots = new FormatSlots(config.concurrency);
    const events = {
      finished: (record: Pick<JobRecord, 'formats'>, outcome: Outcome, durationMs: number) =>
        this.events.emit('finished', { formats: record.formats, outcome, durationMs }),
    };
    const logger = deps.logger.child({ component: 'jobs' });
    const { redisUrl } = config;
    this.queue = redisUrl
      ? new RedisQueue({
          config: { ...config, redisUrl },
          store: this.store,
          files: this.files,
          logger,
          events,
        })
      : new EmbeddedQueue({
          config,
          store: this.store,
          files: this.files,
          slots: this.slots,
          process: deps.processor ?? createProcessor({ config, fetcher: deps.fetcher, files: this.files }),
          logger,
          events,
        });
  }

  /** Opens the store, resumes unfinished jobs and starts expiring old ones. */
  static async open(config: Config, deps: ServiceDeps): Promise<ExportService> {
    const service = new ExportService(config, deps);
    prepareEngines(config);
    try {
      await service.queue.start();
    } catch (error) {
      service.store.close();
      throw error;
    }
    service.sweep();
    const every = Math.min(60_000, Math.max(1000, (config.jobTtlSeconds * 1000) / 10));
    service.#sweeper = setInterval(() => service.sweep(), every);
    service.#sweeper.unref();
    return service;
  }

  get mode(): 'embedded' | 'redis' {
    return this.queue.mode;
  }

  /** Checks formats, options and the input's bytes, stores the input and queues the job. */
  async create(job: NewJob): Promise<JobRecord> {
    if (this.#closing) throw new InputError('request/shutting-down', 'The service is shutting down.');
    const formats = parseOutputFormats(job.formats);
    const options = checkedOptions(formats, job.options);
    if (typeof job.input.data !== 'string') {
      // Refuse binary, oversized or undecodable input now (413/422) rather than in the job.
      decodeInput(job.input.data, {
        maxBytes: this.config.maxInputBytes,
        label: job.input.name ? `"${job.input.name}"` : 'The input',
        charset: job.input.charset,
      });
    }
    const record: JobRecord = {
      id: randomUUID(),
      owner: job.owner,
      state: 'queued',
      formats,
      options,
      input: jobInput(job.input),
      createdAt: Date.now(),
      attempts: 0,
    };
    await this.files.writeInput(record.id, job.input.data);
    try {
      this.store.insert(record, this.config.queueMax);
    } catch (error) {
      await this.files.remove(record.id);
      throw error;
    }
    try {
      await this.queue.enqueue(record);
    } catch (error) {
      this.store.delete(record.id);
      await this.files.remove(record.id);
      throw error;
    }
    return this.store.get(record.id) ?? record;
  }

  /** The job, if it exists, belongs to `owner` and has not expired. */
  async get(id: string, owner: string): Promise<JobRecord | undefined> {
    if (!isJobId(id)) return undefined;
    let record = this.store.get(id);
    if (!record || record.owner !== owner) return undefined;
    if (record.expiresAt !== undefined && record.expiresAt <= Date.now()) return undefined;
    if (record.state === 'queued' || record.state === 'running') {
      await this.queue.refresh(record);
      record = this.store.get(id) ?? record;
    }
    return record;
  }

  /** Deletes a job of `owner` with its files (a running job is stopped). */
  async delete(id: string, owner: string): Promise<boolean> {
    const record = await this.get(id, owner);
    if (!record) return false;
    this.store.delete(id);
    await this.queue.cancel(id);
    await this.files.remove(id);
    return true;
  }

  /** Deletes finished jobs past their expiry time, with their files. */
  sweep(now = Date.now()): number {
    const ids = this.store.expired(now);
    for (const id of ids) {
      this.store.delete(id);
      void this.files
        .remove(id)
        .catch((error: unknown) =>
          this.#logger.warn({ err: error, job: id }, 'could not delete expired job files'),
        );
    }
    if (ids.length) this.#logger.info({ jobs: ids.length }, 'expired export jobs deleted');
    return ids.length;
  }

  /** undefined when the service can take and run jobs, else why not. */
  async notReady(): Promise<string | undefined> {
    if (this.#closing) return 'shutting down';
    return (await this.queue.notReady()) ?? (await enginesNotReady(this.config));
  }

  /** Stops taking jobs, lets running ones finish within `graceMs` (the rest are re-queued), closes engines. */
  close(graceMs = this.config.shutdownGraceMs): Promise<void> {
    this.#closing ??= (async () => {
      clearInterval(this.#sweeper);
      await this.queue.close(graceMs);
      this.store.close();
      await closeEngines();
    })();
    return this.#closing;
  }
}
