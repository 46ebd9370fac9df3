/**
 * Runs fuzz cases in a worker thread with a time box per case. Readers are mostly synchronous code, so a
 * timer in the same thread could never interrupt a hang: the worker is terminated instead, the input that
 * hung is saved to a file, and a fresh worker takes the next case. An exception escaping the pipeline
 * asynchronously (a stray callback) kills the worker and is reported as a crash of that case.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FuzzCase, Outcome, Stage } from './fuzz-pipeline.js';
import { FIGURES_DIR } from './suite-form.js';

export type HarnessOutcome = Outcome | { status: 'hang'; stage: Stage; ms: number; saved: string };

interface Reply {
  id?: number;
  ready?: boolean;
  stage?: Stage;
  outcome?: Outcome;
}

function startWorker(): Worker {
  const here = import.meta.url;
  const tsx = createRequire(here)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const target = new URL('./fuzz-worker.ts', here).href;
  // A worker thread does not inherit the TypeScript loader of the thread that starts it (see src/batch/threads.ts).
  const boot = `import(${JSON.stringify(pathToFileURL(tsx).href)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(boot, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
}

/** Saves an input that hung or crashed, so it can be replayed; returns the file. */
export function saveInput(c: FuzzCase, why: string): string {
  const dir = join(FIGURES_DIR, why);
  mkdirSync(dir, { recursive: true });
  const bytes = typeof c.data === 'string' ? Buffer.from(c.data, 'utf8') : Buffer.from(c.data);
  const file = join(
    dir,
    `${c.family}-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.${c.format}`,
  );
  writeFileSync(file, bytes);
  return file;
}

export class FuzzHarness {
  #worker: Worker | undefined;
  #ready: Promise<void> | undefined;
  #next = 0;
  #pending:
    | { id: number; resolve: (o: HarnessOutcome) => void; c: FuzzCase; started: number; stage: Stage }
    | undefined;
  /** Workers started (1 + restarts after hangs and worker deaths). */
  workersStarted = 0;

  constructor(readonly timeoutMs: number) {}

  #spawn(): Promise<void> {
    const worker = startWorker();
    this.workersStarted++;
    this.#worker = worker;
    this.#ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: Reply) => {
        if (reply.ready) resolve();
        const pending = this.#pending;
        if (reply.stage && pending && pending.id === reply.id) pending.stage = reply.stage;
        if (reply.outcome && pending && pending.id === reply.id) {
          this.#pending = undefined;
          pending.resolve(reply.outcome);
        }
      });
      worker.on('error', (error) => {
        reject(error);
        const pending = this.#pending;
        if (this.#worker === worker) this.#worker = undefined;
        if (!pending) return;
        this.#pending = undefined;
        pending.resolve({
          status: 'crash',
          stage: pending.stage,
          error: `uncaught in the worker: ${error.name}: ${error.message}`,
          stack: error.stack ?? '',
          ms: Math.round(performance.now() - pending.started),
        });
      });
    });
    return this.#ready;
  }

  async run(c: FuzzCase, timeoutMs = this.timeoutMs): Promise<HarnessOutcome> {
    if (!this.#worker) await this.#spawn();
    else await this.#ready;
    const worker = this.#worker as Worker;
    const id = ++this.#next;
    return new Promise<HarnessOutcome>((resolve) => {
      const started = performance.now();
      const timer = setTimeout(() => {
        const pending = this.#pending;
        if (pending?.id !== id) return;
        this.#pending = undefined;
        this.#worker = undefined;
        worker.unref();
        void worker.terminate();
        resolve({
          status: 'hang',
          stage: pending.stage,
          ms: Math.round(performance.now() - started),
          saved: saveInput(c, 'hangs'),
        });
      }, timeoutMs);
      this.#pending = {
        id,
        c,
        started,
        stage: 'read',
        resolve: (outcome) => {
          clearTimeout(timer);
          resolve(outcome);
        },
      };
      worker.postMessage({ id, case: c });
    });
  }

  /** Ends the worker; a worker stuck in native code is left to the process exit after a few seconds. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (!worker) return;
    await Promise.race([worker.terminate(), new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
  }
}

/** The failure as a message: stage, error and the first frames of its stack, or where a hung input was saved. */
export function describeFailure(outcome: HarnessOutcome): string | undefined {
  switch (outcome.status) {
    case 'crash':
      return `crash in ${outcome.stage}: ${outcome.error}\n${outcome.stack.split('\n').slice(1, 8).join('\n')}`;
    case 'malformed':
      return `malformed XML from ${outcome.stage} (${outcome.file}): ${outcome.problem}`;
    case 'hang':
      return `no answer within ${outcome.ms} ms (in ${outcome.stage}); the input is saved in ${outcome.saved}`;
    default:
      return undefined;
  }
}
