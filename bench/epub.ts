/**
 * EPUB writing speed: ms per book for the original article and for corpus pages with pictures, the pictures
 * already in memory (fetched and normalised beforehand, as the images transform leaves them), against
 * epub-gen-memory used as documented (its own templates, fetching every picture, here from a local server)
 * and pandoc on the same HTML when it is installed.
 *
 *   npx tsx bench/epub.ts [--seconds N]
 *
 * Prints a table and writes bench/results/epub.json.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
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
const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 2;
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

async function timeLoop(
  run: () => Promise<unknown>,
): Promise<{ runs: number; meanMs: number; p50Ms: number; p95Ms: number }> {
  for (let i = 0; i < 5; i++) await run(); // warm-up (templates compiled, cover rasterised once and cached)
  const times: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  while (performance.now() < deadline || times.length < 5) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return {
    runs: times.length,
    meanMs: times.reduce((a, b) => a + b, 0) / times.length,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
  };
}

// Inputs: the original article, the corpus page whose picture count is nearest TARGET_PICTURES, and the
// page with the most pictures.
const original = await prepare('original article (meduza)', join(corpus, 'meduza-lavrov-blinken.txt'));
const pages: Prepared[] = [];
for (const page of readdirSync(join(corpus, 'pages')).sort()) {
  pages.push(await prepare(page, join(corpus, 'pages', page, 'source.html')));
}
const nearest = [...pages].sort(
  (a, b) => Math.abs(a.pictures - TARGET_PICTURES) - Math.abs(b.pictures - TARGET_PICTURES),
)[0]!;
const most = [...pages].sort((a, b) => b.pictures - a.pictures)[0]!;
const inputs = [original, nearest, ...(most !== nearest ? [most] : [])];

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

interface Row {
  input: string;
  pictures: number;
  bytes: number;
  readoutRuns: number;
  readoutMeanMs: number;
  readoutP50Ms: number;
  readoutP95Ms: number;
  libraryMeanMs: number;
  pandocMeanMs: number | null;
  /** pandoc time / readout time. */
  pandocRatio: number | null;
}

const rows: Row[] = [];
for (const input of inputs) {
  const { article, ctx } = input;
  let size = 0;
  const readout = await timeLoop(async () => {
    size = (await writeEpub(article, {}, ctx)).bytes.length;
  });

  // The same article HTML given to epub-gen-memory as documented: it fetches the pictures itself.
  const html = renderHtml(article, { standalone: false }, ctx.report, (f) =>
    ctx.images?.has(f.id) ? `${local}${encodeURIComponent(f.src.trim())}` : undefined,
  );
  const library = await timeLoop(() =>
    new EPub({ title: article.title, lang: article.lang, verbose: false }, [
      { title: article.title, content: html },
    ]).genEpub(),
  );

  let pandocMeanMs: number | null = null;
  if (pandocVersion) {
    const standalone = renderHtml(article, {}, ctx.report, (f) => ctx.images?.dataUri(f.id, 'epub'));
    const inFile = join(work, 'in.html');
    writeFileSync(inFile, standalone);
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      spawnSync('pandoc', ['-f', 'html', '-t', 'epub3', '-o', join(work, 'out.epub'), inFile]);
      runs.push(performance.now() - t0);
    }
    pandocMeanMs = runs.reduce((a, b) => a + b, 0) / runs.length;
  }
  rows.push({
    input: input.name,
    pictures: input.pictures,
    bytes: size,
    readoutRuns: readout.runs,
    readoutMeanMs: readout.meanMs,
    readoutP50Ms: readout.p50Ms,
    readoutP95Ms: readout.p95Ms,
    libraryMeanMs: library.meanMs,
    pandocMeanMs,
    pandocRatio: pandocMeanMs === null ? null : pandocMeanMs / readout.meanMs,
  });
}
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
const coverFirstMs = coverTimes.reduce((a, b) => a + b, 0) / coverTimes.length;

const fmt = (n: number | null, d = 1) => (n === null ? '–' : n.toFixed(d));
console.log(
  `readout ${VERSION} — EPUB writing (${SECONDS}s per case, ${cpus().length} cores, Node ${process.version})\n`,
);
console.log(
  '| input | pictures | KB | readout ms (mean / p50 / p95) | epub-gen-memory as documented ms | pandoc ms | pandoc ÷ readout |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.input} | ${r.pictures} | ${fmt(r.bytes / 1024, 0)} | ${fmt(r.readoutMeanMs, 2)} / ${fmt(r.readoutP50Ms, 2)} / ${fmt(r.readoutP95Ms, 2)} | ${fmt(r.libraryMeanMs, 2)} | ${fmt(r.pandocMeanMs, 0)} | ${r.pandocRatio === null ? '–' : `${fmt(r.pandocRatio, 0)}×`} |`,
  );
}
console.log(
  `\nreadout = writeEpub with pictures already in memory (cover cached after the first build; a new cover costs ${fmt(coverFirstMs)} ms once).`,
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
      seconds: SECONDS,
      pandoc: pandocVersion ?? null,
      coverFirstMs,
      targetMs: 10,
      rows,
    },
    null,
    2,
  )}\n`,
);
