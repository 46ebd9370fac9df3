/**
 * Batch export throughput and memory: N articles (the corpus — the original article and the ten pages —
 * repeated with varied titles and text) exported by runBatch to every available format among
 * pdf/epub/ssml, from a folder into a folder. Reports articles per minute and peak memory as PSS of this
 * process and all its descendants (worker threads share the process; Chromium runs in child processes),
 * sampled from /proc once a second. Target for 1,000 articles to PDF+EPUB+SSML on 2 cores: ≤ 3 minutes
 * and ≤ 1 GB.
 *
 * Pictures: the corpus pages have 29 figures (2.6 an article). With `--pictures on` (the default) every
 * picture address is answered, without any network, by another photograph-like JPEG (976×650, soft random
 * colour fields with grain, ~85 KB), each one different, as in a real archive; they are made and written to
 * the work folder before the clock starts and read from there when fetched. They are then decoded,
 * resized and embedded like any other (PDF, EPUB). `--pictures off` refuses every fetch (figures keep
 * their captions), measuring the text path alone.
 *
 *   npx tsx bench/batch.ts [--n 1000] [--concurrency <cores>] [--threads 0] [--formats pdf,epub,ssml]
 *                          [--pictures on|off]
 *
 * Prints a table and writes bench/results/batch.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BATCH_CHILD, batchChildEnv, batchNodeFlags } from '../src/cli/batch-process.js';
import { loadConfig } from '../src/config.js';
import type { Fetcher } from '../src/net/fetcher.js';
import { argValue, corpus, root } from './support.js';

// Runs itself in a child with the Node flags `readout batch` uses (src/cli/batch-process.ts), so the
// figures are those of the command. The parent loads only what it needs for that: the batch modules are
// imported below, in the child.
if (!process.env[BATCH_CHILD]) {
  const flags = batchNodeFlags(loadConfig().batchHeapMb);
  const r = spawnSync(
    process.execPath,
    [...flags, '--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: batchChildEnv(process.env),
    },
  );
  process.exit(r.status ?? 1);
}

const { closeBatchEngines } = await import('../src/batch/engines.js');
const { CACHE_FOLDER, createThreadRunner, directorySink, openBatchSource, runBatch } = await import(
  '../src/batch/index.js'
);
const { createSafeFetcher } = await import('../src/net/safe-fetch.js');
const { VERSION } = await import('../src/version.js');
const { OUTPUT_FORMATS } = await import('../src/write/index.js');
const { processPssMb, treePssMb } = await import('../src/write/pdf/memory.js');

const flag = argValue;
const cores = availableParallelism();
const N = Number(flag('n') ?? 1000);
const CONCURRENCY = Number(flag('concurrency') ?? cores);
const THREADS = Number(flag('threads') ?? 0);
const WANTED = (flag('formats') ?? 'pdf,epub,ssml').split(',');
const FORMATS = WANTED.filter((f) => (OUTPUT_FORMATS as readonly string[]).includes(f));
const MISSING = WANTED.filter((f) => !FORMATS.includes(f));
const PICTURES = (flag('pictures') ?? 'on') !== 'off';
const TARGET_SECONDS_PER_1000 = 180;
const TARGET_PSS_MB = 1024;

/** The corpus: name → content. */
function corpusInputs(): [string, string][] {
  const items: [string, string][] = [
    ['meduza.txt', readFileSync(join(corpus, 'meduza-lavrov-blinken.txt'), 'utf8')],
  ];
  for (const page of readdirSync(join(corpus, 'pages')).sort()) {
    items.push([`${page}.html`, readFileSync(join(corpus, 'pages', page, 'source.html'), 'utf8')]);
  }
  return items;
}

/** Copy `i` of an input: its title and its text changed, so every copy is a different article. */
function vary(name: string, content: string, i: number): string {
  if (name.endsWith('.txt')) {
    const [first, ...rest] = content.split('\n');
    return [
      `${first} (archive copy ${i})`,
      ...rest,
      '',
      `Archive note ${i}: this copy was made for a benchmark.`,
    ].join('\n');
  }
  return content
    .replace(/<title>([^<]*)<\/title>/i, (_, t: string) => `<title>${t} (archive copy ${i})</title>`)
    .replace(/<h1([^>]*)>/i, (m) => `${m}Copy ${i}: `)
    .replace(/<\/p>/i, `</p><p>Archive note ${i}: this copy of the article was made for a benchmark.</p>`);
}

const work = mkdtempSync(join(tmpdir(), 'readout-bench-batch-'));
const input = join(work, 'in');
const out = join(work, 'out');
const items = corpusInputs();
for (let i = 0; i < N; i++) {
  const [name, content] = items[i % items.length]!;
  const dir = join(input, String(Math.floor(i / 100)).padStart(3, '0'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${String(i).padStart(5, '0')}-${name}`), vary(name, content, i));
}

const config = loadConfig({}, { logLevel: 'silent' });

/** `count` photograph-like JPEGs, each different: random colour fields blurred into soft shapes, grain. */
async function preparePictures(dir: string, count: number): Promise<string[]> {
  const { default: sharp } = await import('sharp');
  sharp.cache(false); // as readout sets it: nothing of the preparation stays in the measured process
  mkdirSync(dir, { recursive: true });
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const small = Buffer.from(Array.from({ length: 16 * 11 * 3 }, () => Math.floor(random() * 256)));
    const base = await sharp(small, { raw: { width: 16, height: 11, channels: 3 } })
      .resize(976, 650, { kernel: 'cubic' })
      .raw()
      .toBuffer();
    for (let j = 0; j < base.length; j += 7)
      base[j] = Math.max(0, Math.min(255, base[j]! + (random() - 0.5) * 24));
    const path = join(dir, `${String(i).padStart(5, '0')}.jpg`);
    await sharp(base, { raw: { width: 976, height: 650, channels: 3 } })
      .jpeg({ quality: 80 })
      .toFile(path);
    paths.push(path);
  }
  return paths;
}

// 2.6 pictures an article in the corpus: enough for every fetch to get a picture of its own.
const pictures = PICTURES ? await preparePictures(join(work, 'pictures'), Math.ceil((N * 29) / 11) + 16) : [];
let fetches = 0;
let pictureBytes = 0;
const fetcher: Fetcher & { close(): Promise<void> } = PICTURES
  ? {
      // No network: every address is answered here, each time with another picture.
      fetch: async (url) => {
        const body = new Uint8Array(await readFile(pictures[fetches++ % pictures.length]!));
        pictureBytes += body.byteLength;
        return { url, status: 200, contentType: 'image/jpeg', body };
      },
      close: async () => {},
    }
  : createSafeFetcher({
      timeoutMs: 1000,
      maxBytes: 1024 * 1024,
      maxRedirects: 0,
      allowHosts: [],
      lookup: async () => [{ address: '10.255.255.1', family: 4 }], // refused: pictures are not fetched
    });

const heapLine = () => {
  const m = process.memoryUsage();
  const mb = (n: number) => `${(n / 1048576).toFixed(0)}`;
  return `rss ${mb(m.rss)}, heap ${mb(m.heapUsed)}/${mb(m.heapTotal)}, external ${mb(m.external)}, buffers ${mb(m.arrayBuffers)} MB`;
};
let peakPss = 0;
/** This process alone (Node: main thread, worker threads, sharp's threads) at its own peak. */
let peakNodePss = 0;
/** Its children (Chromium's processes) at their own peak. */
let peakBrowserPss = 0;
const sample = () => {
  const tree = treePssMb(process.pid);
  const node = processPssMb(process.pid);
  peakPss = Math.max(peakPss, tree);
  peakNodePss = Math.max(peakNodePss, node);
  peakBrowserPss = Math.max(peakBrowserPss, tree - node);
};
// Once a second: reading PSS walks every mapping of every process in the kernel (about 30 ms for this process
// and its browser), so sampling every 200 ms took 13% of the main thread in a profile of this benchmark.
const sampler = setInterval(sample, 1000);
sample();

const runner = THREADS > 0 ? createThreadRunner({ threads: THREADS, config }) : undefined;
const started = performance.now();
let lastLog = 0;
const manifest = await runBatch(
  {
    source: await openBatchSource(input, { maxInputBytes: config.maxInputBytes }),
    sink: directorySink(out),
    formats: FORMATS,
    cacheDir: join(out, CACHE_FOLDER),
    concurrency: CONCURRENCY,
    onEvent: (e) => {
      if (e.type === 'entry' && performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        process.stderr.write(
          `  ${e.progress.finished}/${N} · ${e.progress.perMinute.toFixed(0)}/min · PSS peak ${peakPss.toFixed(0)} MB (Node ${peakNodePss.toFixed(0)} MB: ${heapLine()})\n`,
        );
      }
    },
  },
  { config, fetcher, ...(runner ? { runEntry: runner.run } : {}) },
);
const seconds = (performance.now() - started) / 1000;
sample();
await runner?.close();
await closeBatchEngines();
await fetcher.close();
clearInterval(sampler);

const perMinute = (manifest.totals.entries / seconds) * 60;
const projected1000 = (1000 / perMinute) * 60;
const result = {
  benchmark: 'batch',
  version: VERSION,
  date: new Date().toISOString(),
  node: process.version,
  cores,
  /** 1-minute load average at the end: the machine may be shared. */
  loadAverage: loadavg()[0],
  articles: N,
  formats: FORMATS,
  formatsNotAvailable: MISSING,
  /** Pictures answered (distinct JPEGs) or refused (--pictures off). */
  pictures: PICTURES
    ? { fetched: fetches, distinct: Math.min(fetches, pictures.length), meanKb: meanPictureKb() }
    : 'off',
  concurrency: CONCURRENCY,
  threads: THREADS,
  seconds,
  articlesPerMinute: perMinute,
  projectedSecondsFor1000: projected1000,
  peakPssMb: peakPss,
  peakNodePssMb: peakNodePss,
  peakBrowserPssMb: peakBrowserPss,
  done: manifest.totals.done,
  failed: manifest.totals.failed,
  files: manifest.totals.files,
  outputBytes: manifest.totals.bytes,
  targets: {
    secondsFor1000: TARGET_SECONDS_PER_1000,
    pssMb: TARGET_PSS_MB,
    timeMet: projected1000 <= TARGET_SECONDS_PER_1000,
    memoryMet: peakPss <= TARGET_PSS_MB,
  },
  failures: manifest.entries
    .filter((e) => e.status === 'failed')
    .slice(0, 10)
    .map((e) => ({ input: e.input, error: e.error })),
};

function meanPictureKb(): number {
  return fetches ? Math.round(pictureBytes / fetches / 1024) : 0;
}

const row = (k: string, v: string) => `| ${k.padEnd(38)} | ${v.padStart(22)} |`;
console.log(`\nreadout ${VERSION} batch export · node ${process.version} · ${cores} cores`);
console.log(row('measure', 'value'));
console.log(row('-'.repeat(38), '-'.repeat(22)));
console.log(row('articles', String(N)));
console.log(row('formats', FORMATS.join('+') + (MISSING.length ? ` (no ${MISSING.join(',')})` : '')));
console.log(row('concurrency / threads', `${CONCURRENCY} / ${THREADS}`));
console.log(row('done / failed', `${manifest.totals.done} / ${manifest.totals.failed}`));
console.log(
  row('pictures fetched (all different)', PICTURES ? `${fetches} (mean ${meanPictureKb()} KB)` : 'off'),
);
console.log(row('wall time', `${seconds.toFixed(1)} s`));
console.log(row('articles per minute', perMinute.toFixed(0)));
console.log(row(`1,000 articles (target ≤ ${TARGET_SECONDS_PER_1000} s)`, `${projected1000.toFixed(0)} s`));
console.log(row(`peak PSS incl. children (≤ ${TARGET_PSS_MB} MB)`, `${peakPss.toFixed(0)} MB`));
console.log(row('peak PSS of the Node process alone', `${peakNodePss.toFixed(0)} MB`));
console.log(row('peak PSS of the browser alone', `${peakBrowserPss.toFixed(0)} MB`));
console.log(row('output', `${manifest.totals.files} files, ${(manifest.totals.bytes / 1e6).toFixed(1)} MB`));

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'batch.json'), `${JSON.stringify(result, null, 2)}\n`);
rmSync(work, { recursive: true, force: true });
