/**
 * Reader throughput on the shared corpus: articles/s for each reader, and the HTML reader against the
 * floor of what it builds on (parse5 → linkedom parse + Readability alone) in the same run. The jsdom +
 * Readability row is the floor of the reader's previous parser, kept for comparison.
 *
 *   npm run bench            (or: npx tsx bench/read.ts [--seconds N] [--baseline DIR])
 *
 * `--baseline DIR` also measures the html reader of another copy of the sources (DIR is its `src`
 * folder, e.g. a checkout of an older commit), in the same run.
 *
 * Prints a table and writes bench/results/read.json.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Readability } from '@mozilla/readability';
import { JSDOM, VirtualConsole } from 'jsdom';
import { parseDocument } from '../src/read/html/parse.js';
import { readHtml } from '../src/read/html.js';
import { readJson } from '../src/read/json.js';
import { readMarkdown } from '../src/read/markdown.js';
import { readText } from '../src/read/text.js';
import { VERSION } from '../src/version.js';
import { articleToMarkdown } from './markdown-fixture.js';
import { argValue, benchCtx, corpus, numberArg, root } from './support.js';

const SECONDS = numberArg('seconds', 3);
const baselineArg = argValue('baseline');
const BASELINE = baselineArg !== undefined ? resolve(baselineArg) : undefined;

const ctx = benchCtx;

interface Case {
  name: string;
  inputs: { name: string; text: string }[];
  run: (text: string) => Promise<unknown>;
}

interface Row {
  reader: string;
  inputs: number;
  bytes: number;
  runs: number;
  articlesPerSecond: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  mbPerSecond: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Measures cases that read the same inputs, interleaved (each input through every case in turn, the
 * order rotating), so that the ratios between them hold on a machine whose load changes during the run.
 * A single case is measured alone. Each case gets about SECONDS of the run.
 */
async function measure(group: Case[]): Promise<Row[]> {
  for (const c of group) for (const input of c.inputs) await c.run(input.text); // warm-up (JIT, caches)
  const inputs = group[0]!.inputs;
  const times = group.map(() => [] as number[]);
  let bytes = 0;
  const deadline = performance.now() + SECONDS * 1000 * group.length;
  let i = 0;
  while (performance.now() < deadline || times[0]!.length < inputs.length) {
    const input = inputs[i % inputs.length]!;
    for (let k = 0; k < group.length; k++) {
      const j = (k + i) % group.length;
      const t0 = performance.now();
      await group[j]!.run(input.text);
      times[j]!.push(performance.now() - t0);
    }
    bytes += Buffer.byteLength(input.text);
    i++;
  }
  return group.map((c, j) => {
    const own = times[j]!;
    const total = own.reduce((a, b) => a + b, 0);
    const sorted = [...own].sort((a, b) => a - b);
    return {
      reader: c.name,
      inputs: inputs.length,
      bytes: inputs.reduce((a, x) => a + Buffer.byteLength(x.text), 0),
      runs: own.length,
      articlesPerSecond: own.length / (total / 1000),
      meanMs: total / own.length,
      p50Ms: percentile(sorted, 50),
      p95Ms: percentile(sorted, 95),
      mbPerSecond: bytes / 1e6 / (total / 1000),
    };
  });
}

const pages = readdirSync(join(corpus, 'pages'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(corpus, 'pages', name, 'source.html'), 'utf8') }));
const dumpDir = join(root, 'tests', 'fixtures', 'text', 'pages');
const dumps = [
  {
    name: 'meduza-lavrov-blinken.txt',
    text: readFileSync(join(corpus, 'meduza-lavrov-blinken.txt'), 'utf8'),
  },
  // Browser "select all, copy" dumps of the corpus pages (scripts/make-text-dumps.ts).
  ...readdirSync(dumpDir)
    .filter((n) => n.endsWith('.txt') && n !== 'README.txt')
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dumpDir, name), 'utf8') })),
];

// JSON and Markdown inputs are made from the corpus itself: the articles the HTML and text readers recover.
const recovered = [
  ...(await Promise.all(pages.map((p) => readHtml({ text: p.text, name: p.name }, ctx())))),
  await readText({ text: dumps[0]!.text }, ctx()),
];
const jsonInputs = recovered.map((a) => ({ name: a.id, text: JSON.stringify(a) }));
const mdInputs = recovered.map((a) => ({ name: a.id, text: articleToMarkdown(a) }));

const quiet = new VirtualConsole();
const baseline: Case[] = [];
if (BASELINE) {
  const module = (await import(pathToFileURL(join(BASELINE, 'read', 'html.ts')).href)) as {
    readHtml: typeof readHtml;
  };
  baseline.push({
    name: `html (baseline: ${BASELINE})`,
    inputs: pages,
    run: (text) => module.readHtml({ text }, ctx()),
  });
}
// The html reader and the parses it is compared with read the same pages, measured interleaved.
const htmlGroup: Case[] = [
  { name: 'html', inputs: pages, run: (text) => readHtml({ text }, ctx()) },
  ...baseline,
  {
    name: 'html floor: parse5 → linkedom + Readability only',
    inputs: pages,
    run: async (text) => new Readability(parseDocument(text)).parse(),
  },
  {
    name: 'jsdom + Readability only (previous parser)',
    inputs: pages,
    run: async (text) => new Readability(new JSDOM(text, { virtualConsole: quiet }).window.document).parse(),
  },
];
const others: Case[] = [
  { name: 'text (page dumps)', inputs: dumps, run: (text) => readText({ text }, ctx()) },
  { name: 'markdown', inputs: mdInputs, run: (text) => readMarkdown({ text }, ctx()) },
  { name: 'json (model)', inputs: jsonInputs, run: (text) => readJson({ text }, ctx()) },
];

const rows: Row[] = await measure(htmlGroup);
for (const c of others) rows.push(...(await measure([c])));

const html = rows.find((r) => r.reader === 'html')!;
const floor = rows.find((r) => r.reader.startsWith('html floor'))!;
const jsdomFloor = rows.find((r) => r.reader.startsWith('jsdom'))!;
const ratio = html.meanMs / floor.meanMs;
const baselineRow = BASELINE ? rows.find((r) => r.reader.startsWith('html (baseline')) : undefined;

const fmt = (n: number, d = 1) => n.toFixed(d);
console.log(
  `readout ${VERSION} — reader throughput (${SECONDS}s per reader, ${cpus().length} cores, Node ${process.version})\n`,
);
console.log('| reader | inputs | runs | articles/s | mean ms | p50 ms | p95 ms | MB/s |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.reader} | ${r.inputs} | ${r.runs} | ${fmt(r.articlesPerSecond)} | ${fmt(r.meanMs, 2)} | ${fmt(r.p50Ms, 2)} | ${fmt(r.p95Ms, 2)} | ${fmt(r.mbPerSecond, 2)} |`,
  );
}
console.log(`\nhtml reader / (parse5 → linkedom + Readability) floor: ${fmt(ratio, 2)}× the time`);
console.log(`html reader / (jsdom + Readability): ${fmt(html.meanMs / jsdomFloor.meanMs, 2)}× the time`);
if (baselineRow) {
  console.log(`html reader speed-up over the baseline: ${fmt(baselineRow.meanMs / html.meanMs, 2)}×`);
}

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(root, 'bench', 'results', 'read.json'),
  `${JSON.stringify(
    {
      benchmark: 'read',
      version: VERSION,
      date: new Date().toISOString(),
      node: process.version,
      cores: cpus().length,
      seconds: SECONDS,
      rows,
      htmlVsFloorRatio: ratio,
      htmlVsJsdomReadabilityRatio: html.meanMs / jsdomFloor.meanMs,
      ...(baselineRow ? { speedUpOverBaseline: baselineRow.meanMs / html.meanMs } : {}),
    },
    null,
    2,
  )}\n`,
);
