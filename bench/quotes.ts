/**
 * Quote attribution throughput: read + quotes + speakers on the original article (the plain-text Meduza
 * dump), against the reader alone and the transform alone in the same run, plus the HTML gold pages.
 * One process, one core.
 *
 *   npx tsx bench/quotes.ts [--seconds N]
 *
 * Prints a table and writes bench/results/quotes.json (key `bench`; the evaluation keeps key `eval`).
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { writeResults } from '../scripts/eval-quotes.js';
import { quotesTransform } from '../src/enrich/quotes/index.js';
import type { Article } from '../src/model/schema.js';
import { readHtml } from '../src/read/html.js';
import { readText } from '../src/read/text.js';
import { Report } from '../src/report.js';
import { VERSION } from '../src/version.js';
import { benchCtx, corpus, numberArg } from './support.js';

const SECONDS = numberArg('seconds', 3);

const ctx = benchCtx;
const quotes = quotesTransform();

interface Row {
  case: string;
  inputs: number;
  runs: number;
  articlesPerSecond: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
}

async function measure<T>(
  name: string,
  inputs: T[],
  fn: (input: T) => unknown | Promise<unknown>,
): Promise<Row> {
  for (let i = 0; i < 50; i++) await fn(inputs[i % inputs.length]!); // warm-up
  const times: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  let i = 0;
  while (performance.now() < deadline) {
    const input = inputs[i++ % inputs.length]!;
    const t0 = performance.now();
    await fn(input);
    times.push(performance.now() - t0);
  }
  const total = times.reduce((a, b) => a + b, 0);
  const sorted = [...times].sort((a, b) => a - b);
  const pick = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return {
    case: name,
    inputs: inputs.length,
    runs: times.length,
    articlesPerSecond: times.length / (total / 1000),
    meanMs: total / times.length,
    p50Ms: pick(50),
    p95Ms: pick(95),
  };
}

const meduza = readFileSync(join(corpus, 'meduza-lavrov-blinken.txt'), 'utf8');
const htmlPages = ['bbc-1', 'lemonde-1', 'nytimes-1', 'seattletimes-1', 'wapo-2'].map((p) =>
  readFileSync(join(corpus, 'pages', p, 'source.html'), 'utf8'),
);
const meduzaArticle = await readText({ text: meduza }, ctx());
const htmlArticles: Article[] = await Promise.all(htmlPages.map((text) => readHtml({ text }, ctx())));

const rows: Row[] = [
  await measure('original article: read (text reader alone)', [meduza], (text) => readText({ text }, ctx())),
  await measure('original article: read + quotes + speakers', [meduza], async (text) =>
    quotes(await readText({ text }, ctx()), new Report()),
  ),
  await measure('original article: quotes + speakers alone', [meduzaArticle], (a) => quotes(a, new Report())),
  await measure('5 gold HTML pages: quotes + speakers alone', htmlArticles, (a) => quotes(a, new Report())),
];

const fmt = (n: number, d = 1) => n.toFixed(d);
console.log(
  `readout ${VERSION} — quote attribution (${SECONDS}s per case, 1 core of ${cpus().length}, Node ${process.version})\n`,
);
console.log('| case | inputs | runs | articles/s | mean ms | p50 ms | p95 ms |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.case} | ${r.inputs} | ${r.runs} | ${fmt(r.articlesPerSecond)} | ${fmt(r.meanMs, 3)} | ${fmt(r.p50Ms, 3)} | ${fmt(r.p95Ms, 3)} |`,
  );
}
const [readOnly, readQuotes, quotesOnly] = rows;
const share = quotesOnly!.meanMs / readQuotes!.meanMs;
console.log(
  `\nread + quotes: ${fmt(readQuotes!.articlesPerSecond)} articles/s (target ≥ 500); the transform is ${fmt(100 * share)}% of that time; reader alone ${fmt(readOnly!.articlesPerSecond)} articles/s.`,
);

const file = writeResults('bench', {
  benchmark: 'quotes',
  version: VERSION,
  date: new Date().toISOString(),
  node: process.version,
  cores: cpus().length,
  seconds: SECONDS,
  rows,
  target: { case: readQuotes!.case, articlesPerSecond: 500, met: readQuotes!.articlesPerSecond >= 500 },
});
console.log(`wrote ${file}`);
