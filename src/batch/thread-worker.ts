/**
 * A worker thread of the batch thread pool: runs `exportEntryToCache` for each job posted to it, with its
 * own fetcher and its own PDF pool, and posts the outcome back. Started by threads.ts only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.js';
import { fetcherFromConfig } from '../net/safe-fetch.js';
import { closeBatchEngines, preparePdfPool } from './engines.js';
import { type EntryJob, entryError, exportEntryToCache } from './entry.js';

export interface ThreadData {
  config: Config;
  pdfPages: number;
}

export type ToThread = { type: 'job'; id: number; job: EntryJob } | { type: 'close' };
export type FromThread =
  | { type: 'outcome'; id: number; outcome: Awaited<ReturnType<typeof exportEntryToCache>> }
  | { type: 'closed' };

const port = parentPort;
if (port) {
  const { config, pdfPages } = workerData as ThreadData;
  const fetcher = fetcherFromConfig(config);
  const ready = preparePdfPool(config, pdfPages);
  const post = (message: FromThread) => port.postMessage(message);
  port.on('message', (message: ToThread) => {
    if (message.type === 'close') {
      void Promise.allSettled([closeBatchEngines(), fetcher.close()]).then(() => post({ type: 'closed' }));
      return;
    }
    void ready
      .then(() => exportEntryToCache(message.job, { config, fetcher }))
      .catch((error: unknown) => ({ ok: false as const, error: entryError(error) }))
      .then((outcome) => post({ type: 'outcome', id: message.id, outcome }));
  });
}
