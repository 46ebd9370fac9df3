/**
 * PDF writer throughput and memory, in one run on the same article (the original Meduza article, read and
 * enriched once, outside the timing):
 *
 * - floor: raw puppeteer with 2 reused pages doing only setContent + page.pdf on the finished print HTML;
 * - readout: writePdf end to end from the Article (print HTML, hyphenation, the pool, post-processing),
 *   pool of 2 pages, 4 callers; target ≥ 0.9× the floor's throughput;
 * - cold: a browser launched per document;
 * - weasyprint: its CLI on the same HTML, when installed; target readout ≥ 15× WeasyPrint;
 * - memory: peak PSS of the browser processes over --renders documents through the pool (target ≤ 700 MB).
 *
 * Floor and readout alternate for --rounds rounds of --seconds each (which goes first alternates too), so
 * a busy shared machine affects both alike; reported: the ratio of the median rounds, and the median of
 * the ratios within each adjacent pair of rounds (steadier when the load swings).
 *
 *   npx tsx bench/pdf.ts [--seconds 4] [--rounds 5] [--renders 1000] [--cold 5]
 *
 * Prints a table and writes bench/results/pdf.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import puppeteer, { type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, resolveChromium } from '../src/engines/chromium-path.js';
import { enrich } from '../src/enrich/pipeline.js';
import { articleText } from '../src/model/walk.js';
import { readArticle } from '../src/read/index.js';
import { VERSION } from '../src/version.js';
import { PdfPool, writePdf } from '../src/write/pdf/index.js';
import { processTree, treePssMb } from '../src/write/pdf/memory.js';
import { PdfOptions } from '../src/write/pdf/options.js';
import { printDocument } from '../src/write/pdf/print-document.js';
import { benchCtx, config, corpus, numberArg, root } from './support.js';

const arg = numberArg;
const SECONDS = arg('seconds', 4);
const ROUNDS = arg('rounds', 5);
const RENDERS = arg('renders', 1000);
const COLD = arg('cold', 5);
const PAGES = 2;
const CALLERS = 4;
const TARGET_VS_FLOOR = 0.9;
const TARGET_VS_WEASYPRINT = 15;
const TARGET_PSS_MB = 700;
const PDF_OPTIONS = { tagged: true, outline: true, preferCSSPageSize: true, printBackground: true } as const;

const ctx = benchCtx;

const setupCtx = ctx();
const { article: read } = await readArticle(
  {
    data: readFileSync(join(corpus, 'meduza-lavrov-blinken.txt'), 'utf8'),
    name: 'meduza-lavrov-blinken.txt',
  },
  setupCtx,
);
const article = await enrich(read, setupCtx);
const html = printDocument(article, PdfOptions.parse({}), ctx()).html;
const words = articleText(article).split(/\s+/).filter(Boolean).length;

interface Round {
  docs: number;
  seconds: number;
  docsPerSecond: number;
  msPerDoc: number;
  /** CPU time per document of this Node process and of the browser's processes (steadier on a busy machine). */
  nodeCpuMsPerDoc: number;
  browserCpuMsPerDoc: number;
  docsPerCpuSecond: number;
}

const TICK_MS = 10; // /proc times are in USER_HZ (100 per second) on Linux

/** CPU time of a process tree in ms: user + system of each live process and of its reaped children. */
function treeCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  let ticks = 0;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      // ended meanwhile
    }
  }
  return ticks * TICK_MS;
}

/** Runs `work` from `callers` loops for SECONDS; docs/s by wall time and per CPU-second. */
async function timed(
  callers: number,
  browserPid: () => Promise<number | undefined>,
  work: (caller: number) => Promise<void>,
): Promise<Round> {
  let docs = 0;
  const pid = await browserPid();
  const browser0 = treeCpuMs(pid);
  const node0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = t0 + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      while (performance.now() < deadline) {
        await work(caller);
        docs++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const node = process.cpuUsage(node0);
  const nodeCpuMsPerDoc = (node.user + node.system) / 1000 / docs;
  const browserCpuMsPerDoc = (treeCpuMs(pid) - browser0) / docs;
  return {
    docs,
    seconds,
    docsPerSecond: docs / seconds,
    msPerDoc: (seconds * 1000) / docs,
    nodeCpuMsPerDoc,
    browserCpuMsPerDoc,
    docsPerCpuSecond: 1000 / (nodeCpuMsPerDoc + browserCpuMsPerDoc),
  };
}

const median = (rounds: Round[]): Round =>
  [...rounds].sort((a, b) => a.docsPerSecond - b.docsPerSecond)[Math.floor(rounds.length / 2)] as Round;

const { executablePath } = await resolveChromium(config);

// The floor's browser and pages, and the readout pool, both kept for the whole run.
const floorBrowser = await puppeteer.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
const floorPages: Page[] = [];
for (let i = 0; i < PAGES; i++) {
  const page = await floorBrowser.newPage();
  await page.setJavaScriptEnabled(false);
  floorPages.push(page);
}
const floorDoc = async (caller: number) => {
  const page = floorPages[caller] as Page;
  await page.setContent(html);
  await page.pdf(PDF_OPTIONS);
};
const pool = new PdfPool({ pages: PAGES, chromiumPath: config.chromiumPath });
const readoutDoc = async () => {
  await writePdf(article, {}, ctx(), { pool });
};

// Warm-up: JIT, caches, first pages.
for (let i = 0; i < 10; i++) await Promise.all([floorDoc(0), floorDoc(1), readoutDoc(), readoutDoc()]);

const floorRounds: Round[] = [];
const readoutRounds: Round[] = [];
for (let r = 0; r < ROUNDS; r++) {
  // Which goes first alternates, so a load that rises or falls during a pair favours neither.
  const runFloor = async () =>
    floorRounds.push(await timed(PAGES, async () => floorBrowser.process()?.pid, floorDoc));
  const runReadout = async () =>
    readoutRounds.push(await timed(CALLERS, () => pool.browserPid(), readoutDoc));
  if (r % 2 === 0) {
    await runFloor();
    await runReadout();
  } else {
    await runReadout();
    await runFloor();
  }
}
await floorBrowser.close();
const floor = median(floorRounds);
const ours = median(readoutRounds);

// A cold browser per document.
const coldTimes: number[] = [];
for (let i = 0; i < COLD; i++) {
  const t0 = performance.now();
  const browser = await puppeteer.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setContent(html);
  await page.pdf(PDF_OPTIONS);
  await browser.close();
  coldTimes.push(performance.now() - t0);
}
const coldMs = coldTimes.reduce((a, b) => a + b, 0) / coldTimes.length;

// WeasyPrint, when installed, on the same HTML (its CLI: a process per document, as it is used).
let weasyprint: { installed: boolean; version?: string; msPerDoc?: number; error?: string } = {
  installed: false,
};
let weasyVersion: string | undefined;
try {
  weasyVersion = execFileSync('weasyprint', ['--version'], { encoding: 'utf8' }).trim();
} catch {
  // not installed
}
if (weasyVersion) {
  const dir = mkdtempSync(join(tmpdir(), 'readout-bench-'));
  writeFileSync(join(dir, 'doc.html'), html);
  try {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      execFileSync('weasyprint', [join(dir, 'doc.html'), join(dir, 'doc.pdf')], { stdio: 'ignore' });
      times.push(performance.now() - t0);
    }
    weasyprint = {
      installed: true,
      version: weasyVersion,
      msPerDoc: times.reduce((a, b) => a + b, 0) / times.length,
    };
  } catch (error) {
    weasyprint = { installed: true, version: weasyVersion, error: String(error).slice(0, 300) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Peak memory of the pool's browser over RENDERS documents (sampled every 10).
const memPool = new PdfPool({ pages: PAGES, chromiumPath: config.chromiumPath });
let peakPssMb = 0;
/** PSS samples in order (every 10 documents), to show whether memory creeps up between recycles. */
const pssSamples: number[] = [];
let rendered = 0;
const memStart = performance.now();
await Promise.all(
  Array.from({ length: CALLERS }, async () => {
    while (rendered < RENDERS) {
      rendered++;
      await writePdf(article, {}, ctx(), { pool: memPool });
      if (rendered % 10 === 0) {
        const pid = await memPool.browserPid();
        if (pid !== undefined) {
          const mb = treePssMb(pid);
          pssSamples.push(mb);
          peakPssMb = Math.max(peakPssMb, mb);
        }
      }
    }
  }),
);
const memSeconds = (performance.now() - memStart) / 1000;
const memStats = memPool.stats();
await memPool.close();
await pool.close();

const samplePool = new PdfPool({ pages: 1, chromiumPath: config.chromiumPath });
const sample = await writePdf(article, {}, ctx(), { pool: samplePool });
await samplePool.close();
const pdfPages = (await PDFDocument.load(sample.bytes, { updateMetadata: false })).getPageCount();

const ratio = ours.docsPerSecond / floor.docsPerSecond;
/** readout / floor within each pair of adjacent rounds (the same moment's load), and their median. */
const pairRatios = readoutRounds.map((r, i) => r.docsPerSecond / (floorRounds[i] as Round).docsPerSecond);
const pairedRatio = [...pairRatios].sort((a, b) => a - b)[Math.floor(pairRatios.length / 2)] as number;
const cpuRatio = ours.docsPerCpuSecond / floor.docsPerCpuSecond;
const vsWeasy = weasyprint.msPerDoc ? weasyprint.msPerDoc / ours.msPerDoc : undefined;
const load = loadavg();
const fmt = (n: number, d = 1) => n.toFixed(d);
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
console.log(
  `readout ${VERSION} — PDF writer, original article (${words} words, ${pdfPages} pages), ${cpus().length} cores, Node ${process.version}, load average ${load.map((l) => fmt(l, 2)).join(' ')}\n`,
);
console.log(
  '| case | docs | ms/doc | docs/s | vs floor | Node CPU ms/doc | browser CPU ms/doc | docs/CPU-s | vs floor (CPU) |',
);
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
const row = (name: string, r: Round) =>
  `| ${name} | ${r.docs} | ${fmt(r.msPerDoc)} | ${fmt(r.docsPerSecond, 2)} | ${fmt(r.docsPerSecond / floor.docsPerSecond, 2)} | ${fmt(r.nodeCpuMsPerDoc)} | ${fmt(r.browserCpuMsPerDoc)} | ${fmt(r.docsPerCpuSecond, 2)} | ${fmt(r.docsPerCpuSecond / floor.docsPerCpuSecond, 2)} |`;
console.log(row(`floor: raw puppeteer, ${PAGES} reused pages, setContent + pdf`, floor));
console.log(row(`readout writePdf end to end (pool of ${PAGES}, ${CALLERS} callers)`, ours));
console.log(
  `| cold browser launch per document | ${COLD} | ${fmt(coldMs)} | ${fmt(1000 / coldMs, 2)} | ${fmt(1000 / coldMs / floor.docsPerSecond, 2)} | | | | |`,
);
console.log(
  weasyprint.msPerDoc
    ? `| ${weasyprint.version ?? 'weasyprint'} CLI | 3 | ${fmt(weasyprint.msPerDoc)} | ${fmt(1000 / weasyprint.msPerDoc, 2)} | ${fmt(1000 / weasyprint.msPerDoc / floor.docsPerSecond, 2)} | | | | |`
    : `| weasyprint CLI | — | ${weasyprint.installed ? `failed: ${weasyprint.error}` : 'not installed'} | — | — | | | | |`,
);
console.log(
  `\nrounds (docs/s): floor ${floorRounds.map((r) => fmt(r.docsPerSecond, 2)).join(', ')}; readout ${readoutRounds.map((r) => fmt(r.docsPerSecond, 2)).join(', ')}`,
);
console.log(
  `readout / floor: ${fmt(ratio, 2)}× by wall time, median rounds (target ≥ ${TARGET_VS_FLOOR}×: ${verdict(ratio >= TARGET_VS_FLOOR)}); median of the ${pairRatios.length} paired rounds ${fmt(pairedRatio, 2)}× (${pairRatios.map((r) => fmt(r, 2)).join(', ')}); ${fmt(cpuRatio, 2)}× per CPU-second (${verdict(cpuRatio >= TARGET_VS_FLOOR)})`,
);
console.log(
  vsWeasy
    ? `readout / weasyprint: ${fmt(vsWeasy, 1)}× — target ≥ ${TARGET_VS_WEASYPRINT}×: ${verdict(vsWeasy >= TARGET_VS_WEASYPRINT)}`
    : `readout / weasyprint: not measured (${weasyprint.installed ? 'weasyprint failed' : 'weasyprint is not installed'})`,
);
console.log(
  `peak browser PSS over ${RENDERS} renders (${fmt(memSeconds)} s, ${memStats.restarts.memory} memory restarts, ${memStats.pagesRecycled} pages recycled, ${memStats.launches} browser launches): ${fmt(peakPssMb)} MB (first tenth of the samples ≤ ${fmt(Math.max(...pssSamples.slice(0, Math.ceil(pssSamples.length / 10))))} MB, last tenth ≤ ${fmt(Math.max(...pssSamples.slice(-Math.ceil(pssSamples.length / 10))))} MB) — target ≤ ${TARGET_PSS_MB} MB: ${verdict(peakPssMb <= TARGET_PSS_MB)}`,
);

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(root, 'bench', 'results', 'pdf.json'),
  `${JSON.stringify(
    {
      benchmark: 'pdf',
      version: VERSION,
      date: new Date().toISOString(),
      node: process.version,
      cores: cpus().length,
      article: { id: article.id, words, pages: pdfPages, htmlBytes: Buffer.byteLength(html) },
      seconds: SECONDS,
      rounds: ROUNDS,
      floor: { ...floor, rounds: floorRounds },
      readout: { ...ours, rounds: readoutRounds, pages: PAGES, callers: CALLERS },
      readoutVsFloor: ratio,
      readoutVsFloorPaired: { median: pairedRatio, rounds: pairRatios },
      readoutVsFloorPerCpuSecond: cpuRatio,
      loadAverage: load,
      targetVsFloor: TARGET_VS_FLOOR,
      cold: { docs: COLD, msPerDoc: coldMs },
      weasyprint: { ...weasyprint, readoutSpeedup: vsWeasy, target: TARGET_VS_WEASYPRINT },
      memory: {
        renders: RENDERS,
        seconds: memSeconds,
        peakPssMb,
        pssSamplesMb: pssSamples.map((mb) => Math.round(mb)),
        launches: memStats.launches,
        targetPssMb: TARGET_PSS_MB,
        restarts: memStats.restarts,
        pagesRecycled: memStats.pagesRecycled,
      },
    },
    null,
    2,
  )}\n`,
);
