/**
 * Quote evaluation against the shared gold (../shared/corpus/gold/*.json): each input is read with the
 * project reader, run through the quotes transform and `analyzeArticle`, and the gold quotes are matched
 * to the found ones in order (by `startsWith`, soft hyphens removed, white space normalised).
 *
 *   npx tsx scripts/eval-quotes.ts [--verbose]
 *
 * Prints recall, precision, speaker accuracy (direct, partial, all), kind accuracy and how many `other`
 * spans wrongly got a speaker, per file and overall; writes them to bench/results/quotes.json (key `eval`).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AnalyzeQuote, analyzeArticle } from '../src/analyze.js';
import { loadConfig } from '../src/config.js';
import { createCtx } from '../src/context.js';
import { quotesTransform } from '../src/enrich/quotes/index.js';
import type { Fetcher } from '../src/net/fetcher.js';
import { type InputFormat, readArticle } from '../src/read/index.js';
import { Report } from '../src/report.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = resolve(root, '../shared/corpus');

interface GoldQuote {
  startsWith: string;
  speaker: string | null;
  kind: 'direct' | 'partial' | 'other';
  note?: string;
}

interface GoldFile {
  input: string;
  format: InputFormat;
  speakers?: Record<string, string[]>;
  quotes: GoldQuote[];
}

export interface Counts {
  gold: number;
  found: number;
  matched: number;
  speakerRight: number;
  direct: number;
  directRight: number;
  partial: number;
  partialRight: number;
  kindRight: number;
  other: number;
  otherWithSpeaker: number;
}

export interface FileResult extends Counts {
  file: string;
  problems: string[];
}

export interface EvalReport {
  files: FileResult[];
  overall: Counts;
}

const noNetwork: Fetcher = {
  fetch: async (url) => {
    throw new Error(`the quote evaluation must not fetch ${url}`);
  },
};

/** Soft hyphens removed, white space (no-break spaces included) collapsed. */
export function normalise(text: string): string {
  return text
    .replace(/\u00ad/g, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Canonical and gold names match when equal or when one contains the other (a surname), ignoring case. */
export function sameSpeaker(found: string | null, gold: string | null): boolean {
  if (found === null || gold === null) return found === gold;
  const a = found.toLowerCase();
  const b = gold.toLowerCase();
  return a === b || a.includes(b) || b.includes(a);
}

function emptyCounts(): Counts {
  return {
    gold: 0,
    found: 0,
    matched: 0,
    speakerRight: 0,
    direct: 0,
    directRight: 0,
    partial: 0,
    partialRight: 0,
    kindRight: 0,
    other: 0,
    otherWithSpeaker: 0,
  };
}

/** Scores found quotes against gold quotes, matched in order. */
export function score(
  gold: readonly GoldQuote[],
  found: readonly AnalyzeQuote[],
): Counts & { problems: string[] } {
  const c = { ...emptyCounts(), gold: gold.length, found: found.length, problems: [] as string[] };
  const texts = found.map((q) => normalise(q.text));
  let from = 0;
  for (const g of gold) {
    const want = normalise(g.startsWith);
    let k = from;
    while (k < texts.length && !texts[k]!.startsWith(want)) k++;
    if (g.kind === 'direct') c.direct++;
    if (g.kind === 'partial') c.partial++;
    if (g.kind === 'other') c.other++;
    if (k >= texts.length) {
      c.problems.push(`missed: "${g.startsWith}"`);
      continue;
    }
    from = k + 1;
    const q = found[k]!;
    c.matched++;
    const right = sameSpeaker(q.speaker, g.speaker);
    if (right) c.speakerRight++;
    else
      c.problems.push(`speaker: "${g.startsWith}" is ${g.speaker ?? 'nobody'}, got ${q.speaker ?? 'nobody'}`);
    if (g.kind === 'direct' && right) c.directRight++;
    if (g.kind === 'partial' && right) c.partialRight++;
    if (g.kind === 'other' && q.speaker !== null) c.otherWithSpeaker++;
    if (q.kind === g.kind) c.kindRight++;
    else c.problems.push(`kind: "${g.startsWith}" is ${g.kind}, got ${q.kind}`);
  }
  return c;
}

function add(total: Counts, c: Counts): void {
  for (const key of Object.keys(total) as (keyof Counts)[]) total[key] += c[key];
}

/** Runs the evaluation over every gold file. */
export async function evaluateGold(goldDir = join(corpus, 'gold')): Promise<EvalReport> {
  const config = loadConfig({}, { logLevel: 'silent' });
  const files: FileResult[] = [];
  const overall = emptyCounts();
  for (const name of readdirSync(goldDir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const gold = JSON.parse(readFileSync(join(goldDir, name), 'utf8')) as GoldFile;
    const inputPath = join(corpus, gold.input);
    const ctx = createCtx({ config, fetcher: noNetwork });
    // Read from the decoded text, so that the offsets `analyze` gives are into exactly that string.
    const text = readFileSync(inputPath, 'utf8');
    const { article } = await readArticle({ data: text, name: gold.input, format: gold.format }, ctx);
    const enriched = quotesTransform()(article, new Report());
    const result = analyzeArticle(enriched, gold.format === 'text' ? text : undefined);
    const counts = score(gold.quotes, result.quotes);
    files.push({ file: name.replace(/\.json$/, ''), ...counts });
    add(overall, counts);
  }
  return { files, overall };
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '—');
const frac = (n: number, d: number) => `${n}/${d} (${pct(n, d)})`;

export function formatTable(report: EvalReport): string {
  const rows = [
    ...report.files.map((f) => ({ name: f.file, c: f as Counts })),
    { name: 'overall', c: report.overall },
  ];
  const lines = [
    '| file | recall | precision | speaker direct | speaker partial | speaker all | kind | other with speaker |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { name, c } of rows) {
    lines.push(
      `| ${name} | ${frac(c.matched, c.gold)} | ${frac(c.matched, c.found)} | ${frac(c.directRight, c.direct)} | ${frac(
        c.partialRight,
        c.partial,
      )} | ${frac(c.speakerRight, c.gold)} | ${frac(c.kindRight, c.gold)} | ${c.otherWithSpeaker}/${c.other} |`,
    );
  }
  return lines.join('\n');
}

/** Merges this run into bench/results/quotes.json under `key`, keeping the other keys. */
export function writeResults(key: string, value: unknown): string {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'quotes.json');
  let current: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      current = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      current = {};
    }
  }
  current[key] = value;
  writeFileSync(file, `${JSON.stringify(current, null, 2)}\n`);
  return file;
}

async function main(): Promise<void> {
  const verbose = process.argv.includes('--verbose');
  const report = await evaluateGold();
  console.log(formatTable(report));
  if (verbose) {
    for (const f of report.files) for (const p of f.problems) console.log(`${f.file}: ${p}`);
  }
  const file = writeResults('eval', { date: new Date().toISOString(), ...report });
  console.log(`\nwrote ${file}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
