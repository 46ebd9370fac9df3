/**
 * The HTTP service under load (autocannon against a local server started in this process):
 *
 *  1. `POST /v1/convert/ssml` with the original article: requests/s and latency percentiles (p50, p99).
 *  2. PDF over-load: 4× more concurrent `POST /v1/convert/pdf` requests than the service takes at once
 *     (PDF slots = browser pages, plus READOUT_CONVERT_BACKLOG waiting): the surplus must get 429 with
 *     Retry-After straight away — no timeouts, no 5xx — and memory (service RSS, browser PSS) must not
 *     keep growing from one round to the next. Runs when the PDF writer is registered; otherwise it is
 *     reported as skipped.
 *
 *   npx tsx bench/http.ts [--seconds N] [--overload-format FORMAT]
 *
 * `--overload-format html` runs the over-load part on another format (the same admission path), to see
 * the mechanism before the PDF writer is registered.
 *
 * Prints a table and writes bench/results/http.json.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { type Config, loadConfig } from '../src/config.js';
import { pdfPoolStats } from '../src/jobs/engines.js';
import { type RunningServer, startService } from '../src/server/main.js';
import { VERSION } from '../src/version.js';
import { OUTPUT_FORMATS } from '../src/write/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const meduza = readFileSync(resolve(root, '../shared/corpus/meduza-lavrov-blinken.txt'), 'utf8');
const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 10;
const MB = 1024 * 1024;
const formatArg = process.argv.indexOf('--overload-format');
const OVERLOAD = formatArg > 0 ? String(process.argv[formatArg + 1]) : 'pdf';

async function serve(
  overrides: Partial<Config>,
): Promise<{ running: RunningServer; url: string; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'readout-bench-'));
  const running = await startService(
    loadConfig({}, { port: 0, host: '127.0.0.1', logLevel: 'silent', dataDir, rateLimit: 0, ...overrides }),
  );
  const address = running.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { running, url: `http://127.0.0.1:${port}`, dataDir };
}

interface Counts {
  status: Record<string, number>;
  retryAfter: number;
}

function run(
  url: string,
  path: string,
  body: unknown,
  connections: number,
  seconds: number,
  counts: Counts,
): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 60,
    requests: [
      {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        onResponse: (status, _body, _ctx, headers) => {
          counts.status[status] = (counts.status[status] ?? 0) + 1;
          // autocannon passes the raw header names (Retry-After, as sent).
          const retryAfter = Object.entries(headers ?? {}).find(
            ([k]) => k.toLowerCase() === 'retry-after',
          )?.[1];
          if (status === 429 && Number(retryAfter) > 0) counts.retryAfter++;
        },
      },
    ],
  });
}

const rows: Record<string, unknown>[] = [];
const report: Record<string, unknown> = {
  benchmark: 'http',
  version: VERSION,
  date: new Date().toISOString(),
  node: process.version,
  cores: cpus().length,
  seconds: SECONDS,
};

// 1. Synchronous SSML conversions: throughput and tail latency. The backlog is opened wide so that the
//    figure is the converter's, not the admission limit's.
{
  const connections = 8;
  const { running, url, dataDir } = await serve({ convertBacklog: 1000 });
  const body = { text: meduza, options: { engines: ['w3c'] } };
  await run(url, '/v1/convert/ssml', body, 2, 2, { status: {}, retryAfter: 0 }); // warm-up
  const counts: Counts = { status: {}, retryAfter: 0 };
  const r = await run(url, '/v1/convert/ssml', body, connections, SECONDS, counts);
  const row = {
    case: 'POST /v1/convert/ssml',
    connections,
    requestsPerSecond: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
  rows.push(row);
  report.ssml = { ...row, statusCodes: counts.status };
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

// 2. PDF over-load.
if ((OUTPUT_FORMATS as readonly string[]).includes(OVERLOAD)) {
  const pages = Math.max(1, Math.min(4, cpus().length));
  const backlog = pages;
  const capacity = pages + backlog;
  const connections = capacity * 4;
  const { running, url, dataDir } = await serve({
    concurrency: { '*': 4, [OVERLOAD]: pages },
    convertBacklog: backlog,
  });
  const body = { text: meduza };
  const path = `/v1/convert/${OVERLOAD}`;
  await run(url, path, body, pages, 3, { status: {}, retryAfter: 0 }); // warm-up: browser started
  const rounds: Record<string, unknown>[] = [];
  const ROUNDS = 3;
  for (let i = 1; i <= ROUNDS; i++) {
    const counts: Counts = { status: {}, retryAfter: 0 };
    const r = await run(url, path, body, connections, SECONDS, counts);
    const stats = pdfPoolStats();
    const round = {
      case: `${OVERLOAD.toUpperCase()} over-load, round ${i}`,
      connections,
      capacity,
      requestsPerSecond: r.requests.average,
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      maxMs: r.latency.max,
      ok: counts.status[200] ?? 0,
      rejected429: counts.status[429] ?? 0,
      rejectedWithRetryAfter: counts.retryAfter,
      other: Object.entries(counts.status)
        .filter(([s]) => s !== '200' && s !== '429')
        .reduce((n, [, c]) => n + c, 0),
      errors: r.errors,
      timeouts: r.timeouts,
      rssMb: Math.round(process.memoryUsage().rss / MB),
      browserPssMb: stats?.lastPssMb ?? null,
      browserRestarts: stats ? stats.restarts : null,
    };
    rounds.push(round);
    rows.push(round);
  }
  const rss = rounds.map((r) => r.rssMb as number);
  report.pdfOverload = {
    format: OVERLOAD,
    pages,
    backlog,
    capacity,
    connections,
    rounds,
    rssGrowthMbFromRound1: rss[rss.length - 1]! - rss[0]!,
    verdict:
      rounds.every((r) => r.timeouts === 0 && r.other === 0 && (r.rejected429 as number) > 0) &&
      rounds.every((r) => r.rejectedWithRetryAfter === r.rejected429)
        ? 'surplus refused with 429 + Retry-After; no timeouts, no 5xx'
        : 'FAILED: see rounds',
  };
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
} else {
  report.pdfOverload = { skipped: 'the pdf writer is not registered in src/write/index.ts (OUTPUT_FORMATS)' };
  rows.push({ case: 'PDF over-load', skipped: 'pdf writer not registered' });
}

console.table(rows);
if (report.pdfOverload)
  console.log('PDF over-load:', JSON.stringify(report.pdfOverload, null, 1).slice(0, 400));
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'http.json'), `${JSON.stringify(report, null, 2)}\n`);
process.exit(0);
