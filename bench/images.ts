/**
 * Image normalisation throughput: images/s for `normaliseImage` (sniff, metadata, orientation, print and
 * EPUB variants) on generated pictures of several sizes and formats, against a plain
 * `sharp().resize().jpeg()` of the same inputs in the same run, plus the cache-hit path.
 *
 *   npx tsx bench/images.ts [--seconds N]
 *
 * Prints a table and writes bench/results/images.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';
import { clearNormaliseCache, normaliseImage, PRINT_MAX_PX } from '../src/enrich/images/normalise.js';
import { VERSION } from '../src/version.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 2;

interface Input {
  name: string;
  bytes: Buffer;
  width: number;
  height: number;
}

/** A photo-like picture: blurred colour noise, so encoders do real work. */
async function picture(width: number, height: number, alpha = false): Promise<Sharp> {
  const noise = await sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#808080',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .blur(1.2)
    .png()
    .toBuffer();
  const pipeline = sharp(noise).modulate({ saturation: 1.5 });
  return alpha ? pipeline.ensureAlpha(0.6) : pipeline;
}

const inputs: Input[] = [
  {
    name: 'JPEG 800×600',
    bytes: await (await picture(800, 600)).jpeg({ quality: 90 }).toBuffer(),
    width: 800,
    height: 600,
  },
  {
    name: 'JPEG 3000×2000 (scaled)',
    bytes: await (await picture(3000, 2000)).jpeg({ quality: 90 }).toBuffer(),
    width: 3000,
    height: 2000,
  },
  {
    name: 'PNG 1200×800 alpha',
    bytes: await (await picture(1200, 800, true)).png().toBuffer(),
    width: 1200,
    height: 800,
  },
  {
    name: 'WebP 1600×1000',
    bytes: await (await picture(1600, 1000)).webp().toBuffer(),
    width: 1600,
    height: 1000,
  },
  {
    name: 'AVIF 1000×700',
    bytes: await (await picture(1000, 700)).avif().toBuffer(),
    width: 1000,
    height: 700,
  },
  { name: 'GIF 400×300', bytes: await (await picture(400, 300)).gif().toBuffer(), width: 400, height: 300 },
];

interface Row {
  input: string;
  bytes: number;
  normaliseRuns: number;
  normalisePerSecond: number;
  normaliseMeanMs: number;
  plainRuns: number;
  plainPerSecond: number;
  plainMeanMs: number;
  /** normalise time / plain sharp time. */
  ratio: number;
}

async function timeLoop(run: () => Promise<unknown>): Promise<{ runs: number; meanMs: number }> {
  await run(); // warm-up
  let runs = 0;
  let total = 0;
  const deadline = performance.now() + SECONDS * 1000;
  while (performance.now() < deadline || runs < 3) {
    const t0 = performance.now();
    await run();
    total += performance.now() - t0;
    runs++;
  }
  return { runs, meanMs: total / runs };
}

const plain = (bytes: Buffer) =>
  sharp(bytes)
    .resize({ width: PRINT_MAX_PX, height: PRINT_MAX_PX, fit: 'inside', withoutEnlargement: true })
    .jpeg()
    .toBuffer();

const rows: Row[] = [];
for (const input of inputs) {
  const normalised = await timeLoop(async () => {
    clearNormaliseCache();
    await normaliseImage(input.bytes);
  });
  const baseline = await timeLoop(() => plain(input.bytes));
  rows.push({
    input: input.name,
    bytes: input.bytes.length,
    normaliseRuns: normalised.runs,
    normalisePerSecond: 1000 / normalised.meanMs,
    normaliseMeanMs: normalised.meanMs,
    plainRuns: baseline.runs,
    plainPerSecond: 1000 / baseline.meanMs,
    plainMeanMs: baseline.meanMs,
    ratio: normalised.meanMs / baseline.meanMs,
  });
}

// The whole set, and the same set again from the content-hash cache.
const all = await timeLoop(async () => {
  clearNormaliseCache();
  for (const input of inputs) await normaliseImage(input.bytes);
});
const allPlain = await timeLoop(async () => {
  for (const input of inputs) await plain(input.bytes);
});
clearNormaliseCache();
for (const input of inputs) await normaliseImage(input.bytes);
const cached = await timeLoop(async () => {
  for (const input of inputs) await normaliseImage(input.bytes);
});
const summary = {
  imagesPerSecond: (inputs.length * 1000) / all.meanMs,
  plainImagesPerSecond: (inputs.length * 1000) / allPlain.meanMs,
  cachedImagesPerSecond: (inputs.length * 1000) / cached.meanMs,
  ratio: all.meanMs / allPlain.meanMs,
};

const fmt = (n: number, d = 1) => n.toFixed(d);
console.log(
  `readout ${VERSION} — image normalisation (${SECONDS}s per case, ${cpus().length} cores, Node ${process.version}, sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips})\n`,
);
console.log('| input | KB | normalise images/s | mean ms | plain sharp images/s | mean ms | ratio |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.input} | ${fmt(r.bytes / 1024, 0)} | ${fmt(r.normalisePerSecond)} | ${fmt(r.normaliseMeanMs, 2)} | ${fmt(r.plainPerSecond)} | ${fmt(r.plainMeanMs, 2)} | ${fmt(r.ratio, 2)}× |`,
  );
}
console.log(
  `| all ${inputs.length} | | ${fmt(summary.imagesPerSecond)} | | ${fmt(summary.plainImagesPerSecond)} | | ${fmt(summary.ratio, 2)}× |`,
);
console.log(`\ncache hits: ${fmt(summary.cachedImagesPerSecond, 0)} images/s`);
console.log(
  'normalise = sniff + metadata read + EXIF orientation + print (≤2000 px) and EPUB (≤1600 px) variants; plain = one resize + JPEG encode.',
);

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(root, 'bench', 'results', 'images.json'),
  `${JSON.stringify(
    {
      benchmark: 'images',
      version: VERSION,
      date: new Date().toISOString(),
      node: process.version,
      sharp: sharp.versions.sharp,
      vips: sharp.versions.vips,
      cores: cpus().length,
      seconds: SECONDS,
      rows,
      summary,
    },
    null,
    2,
  )}\n`,
);
