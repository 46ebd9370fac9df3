/**
 * EPUB writing speed: ms per book for the original article and for the corpus page with the nearest to four
 * pictures, the pictures already in memory (fetched and normalised beforehand, as the images transform leaves
 * them), against pandoc on the same HTML (one standalone file, pictures inlined as data: URIs, the book written
 * to a file) and epub-gen-memory used as documented (its own templates, fetching every picture, here from a
 * local server), all in the same run. Every case is measured in each of `--runs` rounds, interleaved, so that
 * the other load on the machine falls on all of them alike; the table gives the median of the rounds.
 *
 *   npx tsx bench/epub.ts [--seconds N] [--runs N] [--pandoc-runs N]
 *
 * Prints a table and writes bench/results/epub.json.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EPub } from 'epub-gen-memory';
import sharp from 'sharp';
import { loadConfig } from '../src/config.js';
import { type Ctx, createCtx } from '../src/context.js';
import { enrich } from '../src/enrich/pipeline.js';
import type { Article } from '../src/model/schema.js';
import { walkBlocks } from '../src/model/walk.js';
import type { Fetcher } from '../src/net/fetcher.js';
import { readArticle } from '../src/read/index.js';
import { VERSION } from '../src/version.js';
import { generateCover } from '../src/write/epub/cover.js';
import { writeEpub } from '../src/write/epub/index.js';
import { renderHtml } from '../src/write/html/render.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = resolve(root, '..', 'shared', 'corpus');
function numberArg(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  const value = at > 0 ? Number(process.argv[at + 1]) : fallback;
  if (!(value > 0)) throw new Error(`${name} needs a positive number`);
  return value;
}
/** Seconds of timing per readout case and round. */
const SECONDS = numberArg('--seconds', 1.5);
/** Rounds: the table gives the median of the rounds. */
const ROUNDS = Math.round(numberArg('--runs', 3));
/** pandoc runs per input and round (their median is the round's figure). */
const PANDOC_RUNS = Math.round(numberArg('--pandoc-runs', 5));
const TARGET_PICTURES = 4;

/** Photo-like pictures (blurred colour noise, 1200×800 JPEG), a different one for every address. */
const pictures = new Map<string, Buffer>();
async function photo(url: string): Promise<Buffer> {
  let bytes = pictures.get(url);
  if (!bytes) {
    const noise = await sharp({
      create: {
        width: 1200,
        height: 800,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .blur(1.2)
      .png()
      .toBuffer();
    bytes = await sharp(noise).modulate({ saturation: 1.5 }).jpeg({ quality: 85 }).toBuffer();
    pictures.set(url, bytes);
  }
  return bytes;
}

const memoryFetcher: Fetcher = {
  async fetch(url) {
    return { url, status: 200, contentType: 'image/jpeg', body: await photo(url) };
  },
};

interface Prepared {
  name: string;
  article: Article;
  ctx: Ctx;
  pictures: number;
}

async function prepare(name: string, file: string): Promise<Prepared> {
  const ctx = createCtx({ config: loadConfig({}), fetcher: memoryFetcher });
  const { article } = await readArticle({ data: readFileSync(file), name: file }, ctx);
  const enriched = await enrich(article, ctx);
  const pictureCount = [...walkBlocks(enriched.blocks)].filter(
    (b) => b.type === 'figure' && ctx.images?.has(b.id),
  ).length;
  return { name, article: enriched, ctx, pictures: pictureCount };
}

interface Timing {
  runs: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

function summarise(times: number[]): Timing {
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return {
    runs: times.length,
    meanMs: times.reduce((a, b) => a + b, 0) / times.length,
    p50Ms: median(times),
    p95Ms: at(0.95),
  };
}

async function timeLoop(run: () => Promise<unknown>, seconds = SECONDS): Promise<Timing> {
  for (let i = 0; i < 5; i++) await run(); // warm-up (templates compiled, cover rasterised once and cached)
  const times: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  while (performance.now() < deadline || times.length < 5) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return summarise(times);
}

// Inputs: the original article and the corpus page whose picture count is nearest TARGET_PICTURES.
const original = await prepare('original article (meduza)', join(corpus, 'meduza-lavrov-blinken.txt'));
const pages: Prepared[] = [];
for (const page of readdirSync(join(corpus, 'pages')).sort()) {
  pages.push(await prepare(page, join(corpus, 'pages', page, 'source.html')));
}
const nearest = [...pages].sort(
  (a, b) => Math.abs(a.pictures - TARGET_PICTURES) - Math.abs(b.pictures - TARGET_PICTURES),
)[0]!;
const inputs = [original, nearest];

// Local server for the library's own picture fetching (the only way epub-gen-memory takes pictures).
const server = createServer((req, res) => {
  const bytes = pictures.get(decodeURIComponent(req.url!.slice(1)));
  if (!bytes) res.writeHead(404).end();
  else res.writeHead(200, { 'content-type': 'image/jpeg' }).end(bytes);
});
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const local = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

const pandocVersion = (() => {
  const r = spawnSync('pandoc', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0]!.trim() : undefined;
})();
const work = mkdtempSync(join(tmpdir(), 'readout-bench-epub-'));

/** Everything measured for one input in one round. */
interface Round {
  readout: Timing;
  readoutNoCover: Timing;
  library: Timing;
  /** Every pandoc run's time (ms). */
  pandocRunsMs: number[];
  pandocMs: number | null;
  /** pandoc median ÷ readout median (cover cached). */
  pandocRatio: number | null;
  /** pandoc median ÷ readout median without a cover (pandoc makes none). */
  pandocRatioNoCover: number | null;
}

interface Case {
  input: Prepared;
  bytes: number;
  /** The standalone HTML file pandoc reads, and the <article> HTML epub-gen-memory is given. */
  pandocInput: string | null;
  libraryHtml: string;
  rounds: Round[];
}

const cases: Case[] = inputs.map((input) => {
  const { article, ctx } = input;
  let pandocInput: string | null = null;
  if (pandocVersion) {
    pandocInput = join(work, `${input.name.replace(/[^a-z0-9-]+/gi, '-')}.html`);
    writeFileSync(
      pandocInput,
      renderHtml(article, {}, ctx.report, (f) => ctx.images?.dataUri(f.id, 'epub')),
    );
  }
  const libraryHtml = renderHtml(article, { standalone: false }, ctx.report, (f) =>
    ctx.images?.has(f.id) ? `${local}${encodeURIComponent(f.src.trim())}` : undefined,
  );
  return { input, bytes: 0, pandocInput, libraryHtml, rounds: [] };
});

const loadBefore = loadavg()[0]!;
for (let round = 0; round < ROUNDS; round++) {
  for (const c of cases) {
    const { article, ctx } = c.input;
    const readout = await timeLoop(async () => {
      c.bytes = (await writeEpub(article, {}, ctx)).bytes.length;
    });
    const readoutNoCover = await timeLoop(() => writeEpub(article, { cover: 'none' }, ctx));
    // The same article HTML given to epub-gen-memory as documented: it fetches the pictures itself.
    const library = await timeLoop(
      () =>
        new EPub({ title: article.title, lang: article.lang, verbose: false }, [
          { title: article.title, content: c.libraryHtml },
        ]).genEpub(),
      SECONDS / 3,
    );
    const pandocRunsMs: number[] = [];
    if (c.pandocInput) {
      const out = join(work, 'out.epub');
      const args = ['-f', 'html', '-t', 'epub3', '-o', out, c.pandocInput];
      if (round === 0) spawnSync('pandoc', args); // warm-up: the binary and the input in the page cache
      for (let i = 0; i < PANDOC_RUNS; i++) {
        const t0 = performance.now();
        const r = spawnSync('pandoc', args);
        pandocRunsMs.push(performance.now() - t0);
        if (r.status !== 0) throw new Error(`pandoc failed: ${r.stderr.toString()}`);
      }
    }
    const pandocMs = pandocRunsMs.length ? median(pandocRunsMs) : null;
    c.rounds.push({
      readout,
      readoutNoCover,
      library,
      pandocRunsMs,
      pandocMs,
      pandocRatio: pandocMs === null ? null : pandocMs / readout.p50Ms,
      pandocRatioNoCover: pandocMs === null ? null : pandocMs / readoutNoCover.p50Ms,
    });
    console.error(
      `round ${round + 1}/${ROUNDS} ${c.input.name}: readout ${readout.p50Ms.toFixed(2)} ms, pandoc ${pandocMs?.toFixed(0) ?? '–'} ms`,
    );
  }
}
const loadAfter = loadavg()[0]!;
server.close();
rmSync(work, { recursive: true, force: true });

// The cover is rasterised once per title and then cached; this is its first-time cost.
const coverTimes: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  await generateCover({
    title: `Cover timing ${i} ${Date.now()}`,
    subtitle: 'A subtitle of some length',
    source: 'Bench',
    lang: 'en',
  });
  coverTimes.push(performance.now() - t0);
}
const coverFirstMs = median(coverTimes);

const medianOf = (c: Case, pick: (r: Round) => number | null): number | null => {
  const values = c.rounds.map(pick).filter((v): v is number => v !== null);
  return values.length ? median(values) : null;
};
const rows = cases.map((c) => ({
  input: c.input.name,
  pictures: c.input.pictures,
  bytes: c.bytes,
  readoutP50Ms: medianOf(c, (r) => r.readout.p50Ms)!,
  readoutMeanMs: medianOf(c, (r) => r.readout.meanMs)!,
  readoutP95Ms: medianOf(c, (r) => r.readout.p95Ms)!,
  readoutNoCoverP50Ms: medianOf(c, (r) => r.readoutNoCover.p50Ms)!,
  libraryP50Ms: medianOf(c, (r) => r.library.p50Ms)!,
  pandocMs: medianOf(c, (r) => r.pandocMs),
  pandocRatio: medianOf(c, (r) => r.pandocRatio),
  pandocRatioNoCover: medianOf(c, (r) => r.pandocRatioNoCover),
  rounds: c.rounds,
}));

const fmt = (n: number | null, d = 1) => (n === null ? '–' : n.toFixed(d));
const times = (n: number | null) => (n === null ? '–' : `${fmt(n, 0)}×`);
console.log(
  `readout ${VERSION} — EPUB writing (median of ${ROUNDS} rounds; ${SECONDS}s of readout timing per case and round, pandoc ${PANDOC_RUNS} runs per round; ${cpus().length} cores, load average ${fmt(loadBefore, 1)} → ${fmt(loadAfter, 1)}, Node ${process.version})\n`,
);
console.log(
  '| input | pictures | KB | readout ms (p50 / mean / p95) | readout ms, no cover | pandoc ms | pandoc ÷ readout | pandoc ÷ readout, no cover | epub-gen-memory as documented ms |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.input} | ${r.pictures} | ${fmt(r.bytes / 1024, 0)} | ${fmt(r.readoutP50Ms, 2)} / ${fmt(r.readoutMeanMs, 2)} / ${fmt(r.readoutP95Ms, 2)} | ${fmt(r.readoutNoCoverP50Ms, 2)} | ${fmt(r.pandocMs, 0)} | ${times(r.pandocRatio)} | ${times(r.pandocRatioNoCover)} | ${fmt(r.libraryP50Ms, 2)} |`,
  );
}
console.log('\nPer round, pandoc ÷ readout:');
for (const r of rows) {
  console.log(`- ${r.input}: ${r.rounds.map((x) => times(x.pandocRatio)).join(', ')}`);
}
console.log(
  `\nreadout = writeEpub with pictures already in memory, cover cached after the first build (a new cover costs ${fmt(coverFirstMs)} ms once; pandoc makes no cover, hence the no-cover column).`,
);
console.log(
  'pandoc = the same article as one standalone HTML file (pictures as data: URIs), `pandoc -f html -t epub3 -o out.epub in.html`, process start included; the median of its runs.',
);
console.log(
  'epub-gen-memory as documented = the same <article> HTML with its default templates, fetching each picture from a local HTTP server.',
);
console.log(
  `No corpus page has exactly ${TARGET_PICTURES} pictures; "${nearest.name}" has the nearest count (${nearest.pictures}).`,
);
console.log(pandocVersion ? `pandoc: ${pandocVersion}` : 'pandoc: not installed here, so not measured.');

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(root, 'bench', 'results', 'epub.json'),
  `${JSON.stringify(
    {
      benchmark: 'epub',
      version: VERSION,
      date: new Date().toISOString(),
      node: process.version,
      cores: cpus().length,
      loadAverage: { before: loadBefore, after: loadAfter },
      seconds: SECONDS,
      rounds: ROUNDS,
      pandocRuns: PANDOC_RUNS,
      pandoc: pandocVersion ?? null,
      coverFirstMs,
      targetMs: 10,
      targetPandocRatio: 50,
      rows,
    },
    null,
    2,
  )}\n`,
);
