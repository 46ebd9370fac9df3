/** A batch service over a fresh data folder with its app, and readers of its SSE and zip responses (no network). */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { type EntryJob, inlineRunner, type RunEntry } from '../../src/batch/entry.js';
import { type Config, loadConfig } from '../../src/config.js';
import { BatchService } from '../../src/jobs/batch-service.js';
import { createLogger } from '../../src/log.js';
import { createApp } from '../../src/server/app.js';
import { refusingFetcher, unzip } from '../batch/batch-support.js';

export { unzip };

export interface BatchTestService {
  config: Config;
  batches: BatchService;
  app: ReturnType<typeof createApp>;
  close(graceMs?: number): Promise<void>;
}

export function tmpDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'readout-batches-'));
}

export async function openBatchService(
  overrides: Partial<Config> = {},
  runEntry?: RunEntry,
): Promise<BatchTestService> {
  const config = loadConfig({}, { logLevel: 'silent', dataDir: tmpDataDir(), ...overrides });
  const logger = createLogger(config);
  const fetcher = refusingFetcher();
  const batches = await BatchService.open(config, { fetcher, logger, ...(runEntry ? { runEntry } : {}) });
  const app = createApp({ config, fetcher, logger, batches });
  return {
    config,
    batches,
    app,
    async close(graceMs = 0) {
      await batches.close(graceMs);
      if (!overrides.dataDir) rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** An inline runner whose entries named by `held` wait until released. */
export function gatedRunner(config: Config, held: (job: EntryJob) => boolean) {
  const inner = inlineRunner({ config, fetcher: refusingFetcher() });
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const waiting: string[] = [];
  const run: RunEntry = async (job) => {
    if (held(job)) {
      waiting.push(job.input.name ?? job.key);
      await gate;
    }
    return inner(job);
  };
  /** Names of the entries that reached the gate. */
  return { run, waiting, release: () => release() };
}

export interface SseEvent {
  id: number;
  event: string;
  data: Record<string, unknown>;
}

/** Parses a text/event-stream body (comments and `retry:` skipped). */
export function parseSse(text: string): SseEvent[] {
  const out: SseEvent[] = [];
  for (const block of text.split('\n\n')) {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      const m = /^([a-z]+): ?(.*)$/.exec(line);
      if (m) fields.set(m[1]!, m[2]!);
    }
    if (fields.has('data')) {
      out.push({
        id: Number(fields.get('id')),
        event: fields.get('event') ?? 'message',
        data: JSON.parse(fields.get('data')!) as Record<string, unknown>,
      });
    }
  }
  return out;
}

/** The whole event stream of a batch (it ends by itself when the batch is over). */
export async function readEvents(
  app: BatchTestService['app'],
  id: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; events: SseEvent[] }> {
  const res = await request(app)
    .get(`/v1/batches/${id}/events`)
    .set(headers)
    .buffer(true)
    .parse((r, cb) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (d: string) => {
        text += d;
      });
      r.on('end', () => cb(null, text));
    });
  return {
    status: res.status,
    type: String(res.headers['content-type']),
    events: parseSse(res.body as string),
  };
}

/** Polls a batch until it is complete or failed. */
export async function batchSettled(
  app: BatchTestService['app'],
  id: string,
  headers: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<request.Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(app).get(`/v1/batches/${id}`).set(headers);
    if (res.status !== 200) throw new Error(`GET batch ${id}: ${res.status} ${res.text}`);
    if (res.body.status === 'complete' || res.body.status === 'failed') return res;
    if (Date.now() > deadline) throw new Error(`batch ${id} still ${res.body.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Listens on a loopback port (for clients that read a response as it arrives). */
export async function listen(app: { listen: BatchTestService['app']['listen'] }) {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
