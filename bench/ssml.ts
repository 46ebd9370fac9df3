/**
 * SSML writer throughput on the original article (the Meduza text dump, read and through the quotes
 * transform once, outside the timing): all six dialects with their requests and manifests, against the
 * w3c dialect alone and the HTML writer in the same run. One process, one core; articles/s are given by
 * wall time and by the process's own CPU time (steadier on a shared machine).
 *
 *   npx tsx bench/ssml.ts [--seconds N]
 *
 * Prints a table and writes bench/results/ssml.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { quotesTransform } from '../src/enrich/quotes/index.js';
import type { Article } from '../src/model/schema.js';
import { readText } from '../src/read/text.js';
import { Report } from '../src/report.js';
import { VERSION } from '../src/version.js';
import { writeHtml } from '../src/write/html/index.js';
import { writeSsml } from '../src/write/ssml/index.js';
import { buildScript } from '../src/write/ssml/script.js';
import { benchCtx, corpus, numberArg, root } from './support.js';

const SECONDS = numberArg('seconds', 3);
const TARGET = 500;

const ctx = benchCtx;

interface Row {
  case: string;
  runs: number;
  articlesPerSecond: number;
  articlesPerCpuSecond: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  outputBytes: number;
  files: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(name: string, run: () => Promise<{ bytes: number; files: number }>): Promise<Row> {
  for (let i = 0; i < 200; i++) await run(); // warm-up (JIT, caches)
  const times: number[] = [];
  let last = { bytes: 0, files: 0 };
  const cpu = process.cpuUsage();
  const deadline = performance.now() + SECONDS * 1000;
  while (performance.now() < deadline) {
    const t0 = performance.now();
    last = await run();
    times.push(performance.now() - t0);
  }
  const used = process.cpuUsage(cpu);
  const total = times.reduce((a, b) => a + b, 0);
  const sorted = [...times].sort((a, b) => a - b);
  return {
    case: name,
    runs: times.length,
    articlesPerSecond: times.length / (total / 1000),
    articlesPerCpuSecond: times.length / ((used.user + used.system) / 1e6),
    meanMs: total / times.length,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    outputBytes: last.bytes,
    files: last.files,
  };
}

const original = await readText(
  { text: readFileSync(join(corpus, 'meduza-lavrov-blinken.txt'), 'utf8') },
  ctx(),
);
const article: Article = quotesTransform()(original, new Report());

const size = (out: { bytes: Uint8Array; extraFiles?: { bytes: Uint8Array }[] }) => ({
  bytes: out.bytes.length + (out.extraFiles ?? []).reduce((a, f) => a + f.bytes.length, 0),
  files: 1 + (out.extraFiles?.length ?? 0),
});

const rows: Row[] = [];
rows.push(
  await measure('ssml: all six dialects (writeSsml)', async () => size(await writeSsml(article, {}, ctx()))),
);
rows.push(
  await measure('ssml: w3c dialect alone', async () =>
    size(await writeSsml(article, { engines: ['w3c'] }, ctx())),
  ),
);
rows.push(
  await measure('ssml: script only (no XML)', async () => {
    buildScript(article);
    return { bytes: 0, files: 0 };
  }),
);
rows.push(await measure('html writer', async () => size(await writeHtml(article, {}, ctx()))));

const [all, w3c, , html] = rows as [Row, Row, Row, Row];
const fmt = (n: number, d = 1) => n.toFixed(d);
console.log(
  `readout ${VERSION} — SSML writer, original article (${SECONDS}s per case, one core of ${cpus().length}, Node ${process.version})\n`,
);
console.log('| case | runs | articles/s | articles/CPU-s | mean ms | p50 ms | p95 ms | files | bytes |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.case} | ${r.runs} | ${fmt(r.articlesPerSecond)} | ${fmt(r.articlesPerCpuSecond)} | ${fmt(r.meanMs, 3)} | ${fmt(r.p50Ms, 3)} | ${fmt(r.p95Ms, 3)} | ${r.files} | ${r.outputBytes} |`,
  );
}
const vsW3c = all.meanMs / w3c.meanMs;
const vsHtml = all.meanMs / html.meanMs;
console.log(
  `\nall dialects / w3c alone: ${fmt(vsW3c, 2)}× the time; all dialects / HTML writer: ${fmt(vsHtml, 2)}× the time`,
);
console.log(
  `target ≥ ${TARGET} articles/s (all dialects): ${fmt(all.articlesPerCpuSecond)} per CPU-second — ${all.articlesPerCpuSecond >= TARGET ? 'met' : 'NOT met'}`,
);

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(root, 'bench', 'results', 'ssml.json'),
  `${JSON.stringify(
    {
      benchmark: 'ssml',
      version: VERSION,
      date: new Date().toISOString(),
      node: process.version,
      cores: cpus().length,
      seconds: SECONDS,
      targetArticlesPerSecond: TARGET,
      rows,
      allVsW3cRatio: vsW3c,
      allVsHtmlRatio: vsHtml,
    },
    null,
    2,
  )}\n`,
);
