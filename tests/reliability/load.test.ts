/**
 * Load: many concurrent clients on a mix of endpoints against the real service (startService, as `npm start`
 * runs it, on a loopback port) → no 5xx and no socket errors or timeouts; requests over capacity are refused
 * with 429 + Retry-After, never queued without bound; and the heap, after the load and a full GC, is back
 * near its level after a warm-up (no leak per request). Short form: 50 clients for 10 s; long form
 * (READOUT_LONG=1): 50 clients for 60 s. The figures are printed for docs/RELIABILITY.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type RunningServer, startService } from '../../src/server/main.js';
import { corpusText } from '../helpers/corpus.js';

const LONG = process.env.READOUT_LONG === '1';
const SECONDS = LONG ? 60 : 10;
const CLIENTS = 50;
const MB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

const meduza = corpusText('meduza-lavrov-blinken.txt');
const story = (n: number) =>
  `# Council budget ${n}\n\nThe council met on Tuesday. "We are pleased with the result," said the mayor, Jane Smith.\n\n## Next steps\n\nThe vote is on ${n} May.\n`;

const json = { 'content-type': 'application/json' };
/** The mix: cheap reads, synchronous conversions of every cheap kind, jobs created, a bad request. */
const REQUESTS: autocannon.Request[] = [
  { method: 'GET', path: '/healthz' },
  { method: 'POST', path: '/v1/convert/ssml', headers: json, body: JSON.stringify({ text: meduza }) },
  { method: 'POST', path: '/v1/convert/html', headers: { 'content-type': 'text/markdown' }, body: story(1) },
  { method: 'POST', path: '/v1/analyze', headers: json, body: JSON.stringify({ text: meduza }) },
  { method: 'GET', path: '/openapi.json' },
  {
    method: 'POST',
    path: '/v1/exports',
    headers: json,
    body: JSON.stringify({ markdown: story(2), formats: ['html', 'epub'] }),
  },
  { method: 'POST', path: '/v1/convert/epub', headers: { 'content-type': 'text/markdown' }, body: story(3) },
  { method: 'POST', path: '/v1/convert/html', headers: json, body: '{"text": 12' },
  { method: 'GET', path: '/v1/exports/no-such-job' },
];

interface Tally {
  status: Record<string, number>;
  retryAfterMissing: number;
}

function load(url: string, seconds: number, tally: Tally): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: CLIENTS,
    duration: seconds,
    timeout: 30,
    requests: REQUESTS.map((r) => ({
      ...r,
      onResponse: (status: number, _body: string, _ctx: object, headers: autocannon.Request['headers']) => {
        tally.status[status] = (tally.status[status] ?? 0) + 1;
        if (status === 429) {
          const retry = Object.entries(headers ?? {}).find(([k]) => k.toLowerCase() === 'retry-after');
          if (!retry || !(Number(retry[1]) > 0)) tally.retryAfterMissing++;
        }
      },
    })),
  });
}

describe(`load: ${CLIENTS} clients for ${SECONDS} s on a mix of endpoints`, () => {
  let running: RunningServer;
  let url: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'readout-load-'));
    running = await startService(
      loadConfig({}, { port: 0, host: '127.0.0.1', logLevel: 'silent', dataDir, rateLimit: 0 }),
    );
    const address = running.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(async () => {
    await running?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'serves every request without a 5xx, an error or a timeout, and memory returns to its base',
    async () => {
      // Warm-up: every route and module loaded, caches filled; the base is taken after it.
      await load(url, 3, { status: {}, retryAfterMissing: 0 });
      await new Promise((r) => setTimeout(r, 1000));
      const base = heapAfterGc();

      const tally: Tally = { status: {}, retryAfterMissing: 0 };
      const result = await load(url, SECONDS, tally);
      // Jobs created under load finish in the background; let them, then measure.
      await new Promise((r) => setTimeout(r, 3000));
      const after = heapAfterGc();

      const fiveHundreds = Object.entries(tally.status)
        .filter(([s]) => Number(s) >= 500)
        .reduce((n, [, c]) => n + c, 0);
      const served = Object.values(tally.status).reduce((n, c) => n + c, 0);
      console.log(
        `[load] ${served} responses in ${SECONDS} s (${(served / SECONDS).toFixed(0)}/s) by status ${JSON.stringify(tally.status)}; errors ${result.errors}, timeouts ${result.timeouts}; p99 ${result.latency.p99} ms; heap after GC: base ${(base / MB).toFixed(1)} MB, after ${(after / MB).toFixed(1)} MB`,
      );
      expect(served).toBeGreaterThan(CLIENTS);
      expect(fiveHundreds).toBe(0);
      expect(result.errors).toBe(0);
      expect(result.timeouts).toBe(0);
      expect(tally.retryAfterMissing).toBe(0);
      // The bad request and the unknown job were answered as such (the mix really ran).
      expect(tally.status['400'] ?? 0).toBeGreaterThan(0);
      expect(tally.status['404'] ?? 0).toBeGreaterThan(0);
      // No growth per request: what is left after the load is small next to what the load allocated.
      expect(after - base).toBeLessThan(24 * MB);
    },
    (SECONDS + 60) * 1000,
  );
});
