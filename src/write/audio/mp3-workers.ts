/**
 * Worker threads that encode MP3 pieces with lamejs, off the event loop. The workers are kept between
 * calls (a fresh worker spends about a second of CPU compiling lamejs before it runs at full speed) and
 * closed after 30 s without work; an idle worker does not keep the process alive.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Samples per call to the encoder (a multiple of the MPEG frame size). */
export const BLOCK = 1152 * 16;

/** lamejs's ES module, for workers to import (its package maps `require` to a build that exports nothing). */
function lamejsModule(): string {
  const entry = createRequire(import.meta.url).resolve('@breezystack/lamejs');
  return pathToFileURL(join(dirname(entry), 'lamejs.js')).href;
}

/** Plain JavaScript for the workers: the project may run from TypeScript sources (tsx, vitest) or dist. */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const lamejs = import(workerData.module);
parentPort.on('message', async ({ samples, sampleRate, kbps, block }) => {
  const { Mp3Encoder } = await lamejs;
  const encoder = new Mp3Encoder(1, sampleRate, kbps);
  const parts = [];
  let size = 0;
  const push = (chunk) => { if (chunk.length) { parts.push(chunk); size += chunk.length; } };
  for (let i = 0; i < samples.length; i += block) push(encoder.encodeBuffer(samples.subarray(i, i + block)));
  push(encoder.flush());
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const part of parts) { bytes.set(part, at); at += part.length; }
  parentPort.postMessage(bytes, [bytes.buffer]);
});
`;

interface Task {
  samples: Int16Array<ArrayBuffer>;
  sampleRate: number;
  kbps: number;
  resolve: (bytes: Uint8Array) => void;
  reject: (error: Error) => void;
}

export class Mp3WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Task>();
  private readonly queue: Task[] = [];
  private timer: NodeJS.Timeout | undefined;
  private module: string | undefined;

  constructor(
    readonly size: number,
    private readonly idleMs = 30_000,
  ) {}

  /** The MP3 frames of one piece (its buffer is handed over to the worker). */
  encode(samples: Int16Array<ArrayBuffer>, sampleRate: number, kbps: number): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      this.queue.push({ samples, sampleRate, kbps, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    clearTimeout(this.timer);
    while (this.queue.length) {
      let worker = this.idle.pop();
      if (!worker) {
        if (this.busy.size >= this.size) return;
        try {
          worker = this.spawn();
        } catch (error) {
          for (const task of this.queue.splice(0)) task.reject(error as Error);
          return;
        }
      }
      const task = this.queue.shift()!;
      this.busy.set(worker, task);
      worker.ref();
      worker.postMessage(
        { samples: task.samples, sampleRate: task.sampleRate, kbps: task.kbps, block: BLOCK },
        [task.samples.buffer],
      );
    }
    if (this.busy.size === 0 && this.idle.length) {
      this.timer = setTimeout(() => this.close(), this.idleMs);
      this.timer.unref();
    }
  }

  private spawn(): Worker {
    this.module ??= lamejsModule();
    const worker = new Worker(WORKER, { eval: true, workerData: { module: this.module } });
    worker.on('message', (bytes: Uint8Array) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      worker.unref();
      this.idle.push(worker);
      task?.resolve(bytes);
      this.dispatch();
    });
    const lost = (error: Error) => {
      const task = this.busy.get(worker);
      this.busy.delete(worker);
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
      task?.reject(error);
      this.dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`an MP3 worker stopped (code ${code})`)));
    return worker;
  }

  /** Stops the idle workers (busy ones finish their piece first). */
  close(): void {
    clearTimeout(this.timer);
    for (const worker of this.idle.splice(0)) void worker.terminate();
  }
}

const pools = new Map<number, Mp3WorkerPool>();

/** The process's pool of `size` workers. */
export function mp3WorkerPool(size: number): Mp3WorkerPool {
  let pool = pools.get(size);
  if (!pool) {
    pool = new Mp3WorkerPool(size);
    pools.set(size, pool);
  }
  return pool;
}
