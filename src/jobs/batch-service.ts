/**
 * The batch service behind `/v1/batches`: accepts a batch (its request checked and its input pre-scanned
 * before anything is kept), records it in SQLite, runs it in the background through runBatch with the
 * result cache in the batch's folder, logs every event (for Server-Sent Events) and every output file (for
 * the streamed result zip), answers only to the batch's owner, deletes batches (cancelling a running one),
 * expires finished ones, and on start resumes every batch an earlier process left unfinished — entries
 * finished before come from the cache. With REDIS_URL the entries fan out to `readout worker` processes.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter, setMaxListeners } from 'node:events';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RunEntry } from '../batch/entry.js';
import type { BatchEvent, BatchManifest, BatchProgress } from '../batch/manifest.js';
import { checkBatchRequest, runBatch } from '../batch/run.js';
import type { BatchSink } from '../batch/sink.js';
import type { BatchSource, SourceKind } from '../batch/source-types.js';
import { openBatchSource } from '../batch/sources.js';
import type { Config } from '../config.js';
import { InputError, LimitError, ReadoutError } from '../errors.js';
import { safeRelativePath } from '../export.js';
import type { Logger } from '../log.js';
import type { Fetcher } from '../net/fetcher.js';
import { BatchFolder, countLines, followLines, LineLog } from './batch-files.js';
import { BatchQueue } from './batch-queue.js';
import { type BatchRecord, type BatchSpec, BatchStore } from './batch-store.js';
import { isJobId } from './files.js';
import { jobErrorOf } from './processor.js';

/** What a client asks for (query parameters or form fields, already split). */
export interface BatchParams {
  formats: readonly string[];
  options?: Record<string, unknown>;
  /** `true` for `anthology.epub`, or the anthology's file name inside the result. */
  anthology?: string | true;
  anthologyTitle?: string;
}

export interface NewBatch {
  owner: string;
  /** The uploaded input, already on disk (moved into the batch's folder; removed when refused). */
  file: string;
  /** The upload's file name (used for messages, JSONL entry names and the stored input). */
  name: string;
  /** The kind of input when the request said (Content-Type); else detected from name and bytes. */
  kind?: SourceKind;
  params: BatchParams;
}

/** One line of `events.jsonl`: an event of run `run`, numbered from 1 across runs. */
export interface LoggedEvent {
  id: number;
  run: number;
  event: ServiceEvent;
}

/** The events a client sees: runBatch's, with `finish` reduced to its summary, and `failed`. */
export type ServiceEvent =
  | Exclude<BatchEvent, { type: 'finish' }>
  | {
      type: 'finish';
      status: BatchManifest['status'];
      totals: BatchManifest['totals'];
      anthology?: BatchManifest['anthology'];
    }
  | { type: 'failed'; error: { code: string; message: string } };

/** One line of `files-<run>.jsonl`: a file of the result (path in the zip, source relative to the batch folder), or its end. */
export type LoggedFile = { path: string; source: string } | { end: 'complete' | 'interrupted' | 'failed' };

export interface BatchServiceDeps {
  fetcher: Fetcher;
  logger: Logger;
  /** Replaces the entry runner (tests); default inline, or BullMQ with REDIS_URL. */
  runEntry?: RunEntry;
}

/** Batches running at once in this service (the others wait, queued). */
const MAX_RUNNING = 2;
/** Batches queued or running at once (more are refused with 429). */
const MAX_ACTIVE = 50;
const TERMINAL = new Set(['complete', 'failed']);

interface Running {
  /** Stops taking entries (shutdown or delete). */
  stop: AbortController;
  /** Stops waiting for remote entries (delete). */
  cancel: AbortController;
  done: Promise<void>;
}

/** The request's formats, options and anthology, checked as runBatch will check them, before anything is kept. */
export function checkParams(params: BatchParams): Pick<BatchSpec, 'formats' | 'options' | 'anthology'> {
  if (params.anthology === undefined && params.anthologyTitle !== undefined) {
    throw new InputError('request/anthology', 'anthologyTitle was given without anthology.', [
      { path: 'anthologyTitle', message: 'needs anthology' },
    ]);
  }
  const anthologyOptions = params.anthologyTitle ? { title: params.anthologyTitle } : {};
  const checked = checkBatchRequest({
    formats: params.formats,
    ...(params.options ? { options: params.options } : {}),
    ...(params.anthology !== undefined
      ? {
          anthology: {
            path: params.anthology === true ? 'anthology.epub' : params.anthology,
            options: anthologyOptions,
          },
        }
      : {}),
  });
  const given = params.options ?? {};
  const options: Record<string, Record<string, unknown>> = {};
  for (const f of checked.formats) {
    if (given[f] !== undefined) options[f] = given[f] as Record<string, unknown>;
  }
  return {
    formats: checked.formats,
    options,
    ...(checked.anthology ? { anthology: { path: checked.anthology.path, options: anthologyOptions } } : {}),
  };
}

/** A safe file name for the stored input (letters, digits, `.`, `_`, `-`), keeping its extension. */
export function safeInputName(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '');
  return clean && clean.length <= 200 ? clean : fallback;
}

/** Errors name the upload, not the folder it was stored in. */
function relabel(error: unknown, path: string, name: string): unknown {
  if (error instanceof ReadoutError && error.message.includes(path)) {
    error.message = error.message.split(path).join(name);
  }
  return error;
}

/** A sink that writes nothing into a zip: it logs each file (the cache keeps the bytes) for the result stream. */
function loggingSink(folder: BatchFolder, log: LineLog): BatchSink {
  let status: 'complete' | 'interrupted' | 'failed' = 'complete';
  const rel = (path: string) => path.slice(folder.dir.length + 1);
  return {
    target: 'result.zip',
    async addFile(path, source) {
      await log.append({ path: safeRelativePath(path), source: rel(source) });
    },
    async addBytes(path, data) {
      const target = join(folder.outDir, safeRelativePath(path));
      await mkdir(join(target, '..'), { recursive: true });
      await writeFile(`${target}.tmp`, data);
      await rename(`${target}.tmp`, target);
      if (path === 'manifest.json') {
        status = (JSON.parse(Buffer.from(data).toString('utf8')) as BatchManifest).status;
      }
      await log.append({ path: safeRelativePath(path), source: rel(target) });
    },
    async finish() {
      await log.append({ end: status });
    },
    async abort() {
      await log.append({ end: 'failed' });
    },
  };
}

function compact(event: BatchEvent): ServiceEvent {
  if (event.type !== 'finish') return event;
  const { status, totals, anthology } = event.manifest;
  return { type: 'finish', status, totals, ...(anthology ? { anthology } : {}) };
}

export class BatchService {
  readonly config: Config;
  readonly store: BatchStore;
  readonly dataDir: string;
  readonly #deps: BatchServiceDeps;
  readonly #logger: Logger;
  readonly #queue: BatchQueue | undefined;
  readonly #running = new Map<string, Running>();
  readonly #pending: string[] = [];
  /** `appended:<id>` after each line added to a batch's logs; `changed:<id>` after its state changes. */
  readonly #signals = new EventEmitter();
  /** Aborted on close: every follower (SSE, result stream) stops. */
  readonly #closed = new AbortController();
  readonly #removals = new Set<Promise<void>>();
  #sweeper: NodeJS.Timeout | undefined;
  #closing: Promise<void> | undefined;

  private constructor(config: Config, deps: BatchServiceDeps) {
    this.config = config;
    this.#deps = deps;
    this.#logger = deps.logger.child({ component: 'batches' });
    this.dataDir = resolve(config.dataDir);
    this.store = new BatchStore(join(this.dataDir, 'readout.sqlite'));
    this.#signals.setMaxListeners(0);
    const { redisUrl } = config;
    this.#queue =
      redisUrl && !deps.runEntry
        ? new BatchQueue({ config: { ...config, redisUrl }, logger: this.#logger })
        : undefined;
  }

  /** Opens the store, resumes unfinished batches and starts expiring old ones. */
  static async open(config: Config, deps: BatchServiceDeps): Promise<BatchService> {
    const service = new BatchService(config, deps);
    try {
      await service.#queue?.start();
    } catch (error) {
      service.store.close();
      throw error;
    }
    // Uploads cut off by an earlier process's end; no request is in flight yet.
    await rm(service.incomingDir, { recursive: true, force: true });
    await mkdir(service.incomingDir, { recursive: true });
    for (const record of service.store.unfinished()) {
      service.#logger.info({ batch: record.id, state: record.state }, 'resuming batch');
      service.#pending.push(record.id);
    }
    service.#pump();
    service.sweep();
    const every = Math.min(60_000, Math.max(1000, (config.jobTtlSeconds * 1000) / 10));
    service.#sweeper = setInterval(() => service.sweep(), every);
    service.#sweeper.unref();
    return service;
  }

  get mode(): 'embedded' | 'redis' {
    return this.#queue ? 'redis' : 'embedded';
  }

  /** Where uploads are written before the batch is accepted (same file system, so accepting is a rename). */
  get incomingDir(): string {
    return join(this.dataDir, 'batches', '.incoming');
  }

  folder(id: string): BatchFolder {
    return new BatchFolder(this.dataDir, id);
  }

  /** Checks the request and pre-scans the input (refusing hostile archives), then records and queues the batch. */
  async create(batch: NewBatch): Promise<BatchRecord> {
    if (this.#closing) throw new InputError('request/shutting-down', 'The service is shutting down.');
    const checked = checkParams(batch.params);
    if (this.store.activeCount() >= MAX_ACTIVE) {
      throw new LimitError(
        'limit/queue-full',
        `Too many batches waiting or running (limit ${MAX_ACTIVE}); try again later.`,
      );
    }
    const id = randomUUID();
    const folder = this.folder(id);
    const name = batch.name;
    const input = join(folder.inputDir, name);
    let source: BatchSource;
    try {
      await mkdir(folder.inputDir, { recursive: true });
      await rename(batch.file, input);
      source = await openBatchSource(input, {
        ...(batch.kind ? { kind: batch.kind } : {}),
        maxInputBytes: this.config.maxInputBytes,
      });
      if (source.total === 0) {
        throw new InputError('input/batch-empty', `"${name}" holds no articles.`);
      }
    } catch (error) {
      await folder.remove();
      throw relabel(error, input, name);
    }
    const spec: BatchSpec = {
      ...checked,
      source: { kind: source.kind, name, entries: source.total, skipped: source.skipped },
    };
    const record = { id, owner: batch.owner, spec, createdAt: Date.now() };
    this.store.insert(record);
    this.#pending.push(id);
    this.#pump();
    return this.store.get(id) ?? { ...record, state: 'queued', runs: 0 };
  }

  /** The batch, if it exists and belongs to `owner`. */
  get(id: string, owner: string): BatchRecord | undefined {
    if (!isJobId(id)) return undefined;
    const record = this.store.get(id);
    return record && record.owner === owner ? record : undefined;
  }

  list(owner: string, limit = 100, before?: number): BatchRecord[] {
    return this.store.list(owner, limit, before);
  }

  /** Deletes a batch of `owner` with its files; a running batch is cancelled first. */
  async delete(id: string, owner: string): Promise<boolean> {
    const record = this.get(id, owner);
    if (!record) return false;
    this.store.delete(id);
    const pending = this.#pending.indexOf(id);
    if (pending !== -1) this.#pending.splice(pending, 1);
    this.#signals.emit(`changed:${id}`);
    const running = this.#running.get(id);
    const removal = (async () => {
      if (running) {
        running.cancel.abort();
        running.stop.abort();
        await running.done;
      }
      await this.folder(id).remove();
    })().catch((error: unknown) =>
      this.#logger.warn({ err: error, batch: id }, 'could not delete batch files'),
    );
    this.#removals.add(removal);
    void removal.finally(() => this.#removals.delete(removal));
    return true;
  }

  /** Deletes finished batches past their expiry time, with their files. */
  sweep(now = Date.now()): number {
    const ids = this.store.expired(now);
    for (const id of ids) {
      this.store.delete(id);
      this.#signals.emit(`changed:${id}`);
      void this.folder(id)
        .remove()
        .catch((error: unknown) => this.#logger.warn({ err: error, batch: id }, 'could not delete batch'));
    }
    return ids.length;
  }

  /** The batch's events from the first (or after `afterId`) until it is over; the caller stops early with `signal`. */
  async *events(
    id: string,
    afterId: number,
    signal: AbortSignal,
  ): AsyncGenerator<LoggedEvent, void, undefined> {
    for await (const line of this.#follow<LoggedEvent>(id, this.folder(id).eventsLog, signal)) {
      if (line.id > afterId) yield line;
    }
  }

  /**
   * The files of the batch's current run, as they are put into its result, ending with its `end` line.
   * A batch waiting to run (queued, or left by an earlier process) is waited for; a run that gives way to
   * another (a restart) ends the list without an `end` line, so the caller's zip is cut off, not doubled.
   */
  async *files(id: string, signal: AbortSignal): AsyncGenerator<LoggedFile, void, undefined> {
    const both = AbortSignal.any([signal, this.#closed.signal]);
    for (;;) {
      const record = this.store.get(id);
      if (!record || both.aborted) return;
      if (TERMINAL.has(record.state) || this.#running.has(id)) break;
      await this.#wait(id, both);
    }
    const run = this.store.get(id)?.runs ?? 0;
    const lines = followLines<LoggedFile>(this.folder(id).filesLog(run), {
      signal: both,
      ended: () => {
        const record = this.store.get(id);
        return !record || TERMINAL.has(record.state) || record.runs !== run;
      },
      appended: () => this.#wait(id, both),
    });
    for await (const line of lines) {
      yield line;
      if ('end' in line) return;
    }
  }

  /** Follows a log until the batch is over (complete, failed, or gone), `signal` aborts, or the service closes. */
  #follow<T>(id: string, path: string, signal: AbortSignal): AsyncGenerator<T, void, undefined> {
    const both = AbortSignal.any([signal, this.#closed.signal]);
    return followLines<T>(path, {
      signal: both,
      ended: () => {
        const record = this.store.get(id);
        return !record || TERMINAL.has(record.state);
      },
      appended: () => this.#wait(id, both),
    });
  }

  #wait(id: string, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        this.#signals.off(`appended:${id}`, done);
        this.#signals.off(`changed:${id}`, done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.#signals.once(`appended:${id}`, done);
      this.#signals.once(`changed:${id}`, done);
      signal.addEventListener('abort', done, { once: true });
      if (signal.aborted) done();
    });
  }

  #pump(): void {
    while (!this.#closing && this.#running.size < MAX_RUNNING && this.#pending.length) {
      const id = this.#pending.shift()!;
      if (this.#running.has(id)) continue;
      const running: Running = {
        stop: new AbortController(),
        cancel: new AbortController(),
        done: Promise.resolve(),
      };
      // Every entry in flight listens to both signals: as many as the batch runs at once.
      setMaxListeners(0, running.stop.signal, running.cancel.signal);
      running.done = this.#run(id, running)
        .catch((error: unknown) => this.#logger.error({ err: error, batch: id }, 'batch run failed'))
        .finally(() => {
          this.#running.delete(id);
          this.#pump();
        });
      this.#running.set(id, running);
    }
  }

  async #run(id: string, running: Running): Promise<void> {
    const record = this.store.get(id);
    if (!record) return;
    const { spec } = record;
    const folder = this.folder(id);
    const run = this.store.markRunning(id, Date.now());
    this.#signals.emit(`changed:${id}`);
    const notify = () => this.#signals.emit(`appended:${id}`);
    const events = new LineLog(folder.eventsLog, notify);
    const files = new LineLog(folder.filesLog(run), notify);
    await rm(folder.filesLog(run), { force: true });
    let next = (await countLines(folder.eventsLog)) + 1;
    const log = (event: ServiceEvent) => events.append({ id: next++, run, event } satisfies LoggedEvent);
    const ttlMs = this.config.jobTtlSeconds * 1000;
    const log$ = this.#logger.child({ batch: id, run });
    log$.info({ entries: spec.source.entries, formats: spec.formats }, 'batch started');
    const input = join(folder.inputDir, spec.source.name);
    let progress: BatchProgress | undefined;
    try {
      const opened = await openBatchSource(input, {
        kind: spec.source.kind,
        maxInputBytes: this.config.maxInputBytes,
      }).catch((error: unknown) => {
        throw relabel(error, input, spec.source.name);
      });
      const source: BatchSource = { ...opened, path: spec.source.name };
      const runEntry = this.#deps.runEntry ?? this.#queue?.runner(id, running.cancel.signal);
      const manifest = await runBatch(
        {
          source,
          sink: loggingSink(folder, files),
          formats: spec.formats,
          options: spec.options,
          cacheDir: folder.cacheDir,
          concurrency: this.#concurrency(spec.formats),
          ...(spec.anthology ? { anthology: spec.anthology } : {}),
          signal: running.stop.signal,
          onEvent: (event) => {
            void log(compact(event));
            if (event.type === 'entry') {
              progress = event.progress;
              if (!running.cancel.signal.aborted)
                this.#safely(() => this.store.setProgress(id, event.progress));
            }
          },
        },
        { config: this.config, fetcher: this.#deps.fetcher, ...(runEntry ? { runEntry } : {}) },
      );
      await events.flush();
      await files.flush();
      if (manifest.status === 'complete') {
        this.#safely(() => this.store.markComplete(id, manifest.totals, Date.now(), ttlMs));
      } else {
        this.#safely(() => this.store.markInterrupted(id));
      }
      log$.info({ status: manifest.status, totals: manifest.totals, progress }, 'batch finished');
    } catch (error) {
      const failure = jobErrorOf(error);
      await log({ type: 'failed', error: { code: failure.code, message: failure.message } }).catch(
        () => undefined,
      );
      await files.append({ end: 'failed' }).catch(() => undefined);
      if (this.#closing && !(error instanceof ReadoutError)) {
        this.#safely(() => this.store.markInterrupted(id));
      } else {
        this.#safely(() => this.store.markFailed(id, failure, Date.now(), ttlMs));
      }
      log$.warn({ err: error }, 'batch failed');
    } finally {
      this.#signals.emit(`changed:${id}`);
    }
  }

  /** Entries in flight for one batch: the smallest slot count of its formats; more when workers run them. */
  #concurrency(formats: readonly string[]): number {
    const { concurrency } = this.config;
    const slots = Math.min(...formats.map((f) => concurrency[f] ?? concurrency['*'] ?? 1));
    return this.#queue ? Math.max(4, slots * 4) : Math.max(1, slots);
  }

  /** Store writes after close (a run outliving the grace time) are dropped: the next start resumes it. */
  #safely(write: () => void): void {
    try {
      write();
    } catch (error) {
      if (!this.#closing) throw error;
    }
  }

  /** undefined when batches can be taken, else why not. */
  async notReady(): Promise<string | undefined> {
    if (this.#closing) return 'shutting down';
    return this.#queue?.notReady();
  }

  /**
   * Stops taking batches and entries; running batches finish their entries in flight within `graceMs`
   * and are marked interrupted (resumed at the next start); followers are ended.
   */
  close(graceMs = this.config.shutdownGraceMs): Promise<void> {
    this.#closing ??= (async () => {
      clearInterval(this.#sweeper);
      for (const running of this.#running.values()) running.stop.abort();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((r) => {
        timer = setTimeout(r, graceMs);
      });
      await Promise.race([Promise.allSettled([...this.#running.values()].map((r) => r.done)), late]);
      clearTimeout(timer);
      this.#closed.abort();
      await Promise.race([Promise.allSettled([...this.#removals]), new Promise((r) => setTimeout(r, 100))]);
      await this.#queue?.close();
      this.store.close();
    })();
    return this.#closing;
  }
}
