/**
 * A RunEntry that spreads entries over worker threads, so reading, enriching and writing use every core
 * (one Node thread runs JavaScript on one core). Each thread has its own fetcher and PDF pool. A job goes
 * to the thread with the fewest jobs in flight; a thread that dies fails only its own jobs and is replaced.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import type { EntryJob, EntryOutcome, RunEntry } from './entry.js';
import type { FromThread, ThreadData, ToThread } from './thread-worker.js';

export interface ThreadRunnerOptions {
  threads: number;
  config: Config;
  /** PDF pages rendering at once in each thread's browser (default 1). */
  pdfPagesPerThread?: number;
}

export interface ThreadRunner {
  run: RunEntry;
  /** Waits for every thread to close its engines, then ends the threads. */
  close(): Promise<void>;
}

/**
 * Starts the worker module. From compiled JavaScript it is `thread-worker.js`; when readout runs from its
 * TypeScript sources (tsx, vitest) the thread registers tsx's loader first, because a worker thread does
 * not inherit the loader of the thread that started it.
 */
function startWorker(data: ThreadData): Worker {
  const here = import.meta.url;
  if (!/\.ts$/.test(here)) return new Worker(new URL('./thread-worker.js', here), { workerData: data });
  const tsx = createRequire(here)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const target = new URL('./thread-worker.ts', here).href;
  const boot = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(boot, { eval: true, workerData: data });
}

interface Thread {
  worker: Worker;
  pending: Map<number, (outcome: EntryOutcome) => void>;
  dead: boolean;
}

export function createThreadRunner(options: ThreadRunnerOptions): ThreadRunner {
  const count = Math.max(1, Math.floor(options.threads));
  const data: ThreadData = { config: options.config, pdfPages: options.pdfPagesPerThread ?? 1 };
  const threads: Thread[] = [];
  let nextId = 1;
  let closing = false;

  const spawn = (): Thread => {
    const thread: Thread = { worker: startWorker(data), pending: new Map(), dead: false };
    const fail = (why: string) => {
      if (thread.dead) return;
      thread.dead = true;
      for (const resolve of thread.pending.values()) {
        resolve({ ok: false, error: { kind: 'internal', code: 'internal/thread-crashed', message: why } });
      }
      thread.pending.clear();
    };
    thread.worker.on('message', (message: FromThread) => {
      if (message.type !== 'outcome') return;
      const resolve = thread.pending.get(message.id);
      thread.pending.delete(message.id);
      resolve?.(message.outcome);
    });
    thread.worker.on('error', (error) => fail(`The worker thread failed: ${error.message}`));
    thread.worker.on('exit', (code) => fail(`The worker thread stopped (exit code ${code}).`));
    return thread;
  };

  const pick = (): Thread => {
    for (let i = 0; i < threads.length; i++) {
      if (threads[i]!.dead) threads[i] = spawn();
    }
    while (threads.length < count) threads.push(spawn());
    return threads.reduce((best, t) => (t.pending.size < best.pending.size ? t : best));
  };

  const run = (job: EntryJob): Promise<EntryOutcome> => {
    if (closing) {
      return Promise.resolve({
        ok: false,
        error: { kind: 'internal', code: 'internal/runner-closed', message: 'The batch runner was closed.' },
      });
    }
    const thread = pick();
    const id = nextId++;
    return new Promise((resolve) => {
      thread.pending.set(id, resolve);
      thread.worker.postMessage({ type: 'job', id, job } satisfies ToThread);
    });
  };

  const close = async (): Promise<void> => {
    closing = true;
    await Promise.all(
      threads
        .filter((t) => !t.dead)
        .map(
          (t) =>
            new Promise<void>((resolve) => {
              const done = () => resolve();
              t.worker.once('exit', done);
              t.worker.on('message', (m: FromThread) => {
                if (m.type === 'closed') void t.worker.terminate().then(done, done);
              });
              t.worker.postMessage({ type: 'close' } satisfies ToThread);
            }),
        ),
    );
    threads.length = 0;
  };

  return { run, close };
}
