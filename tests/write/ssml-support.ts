/** Shared helpers of the SSML writer tests: external tools, corpus articles, narration text, WAV audio. */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { quotesTransform } from '../../src/enrich/quotes/index.js';
import type { Article, Block } from '../../src/model/schema.js';
import { walkBlocks } from '../../src/model/walk.js';
import { readArticle } from '../../src/read/index.js';
import { Report } from '../../src/report.js';
import { parseSsml } from '../../src/write/ssml/check.js';
import { dialects } from '../../src/write/ssml/dialects/index.js';
import type { Engine } from '../../src/write/ssml/options.js';
import type { SsmlDocument } from '../../src/write/ssml/tree.js';
import { corpusPages, corpusText, sharedPath } from '../helpers/corpus.js';
import { testCtx } from '../helpers/ctx.js';

const run = promisify(execFile);

export const INSTALL_HINT = 'apt-get install -y libxml2-utils espeak-ng';

/** The path of a required program; throws (failing the test, never skipping it) when it is missing. */
export function requireTool(name: 'xmllint' | 'espeak-ng'): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${name} is not installed; this test needs it. Install it with: ${INSTALL_HINT}`);
  }
}

export function schemaPath(): string {
  return sharedPath('schemas', 'ssml', 'synthesis.xsd');
}

/** Validates SSML documents against the W3C SSML 1.1 schema with xmllint; returns xmllint's complaints. */
export async function xmllintValidate(documents: { name: string; xml: string }[]): Promise<string> {
  const xmllint = requireTool('xmllint');
  const dir = mkdtempSync(join(tmpdir(), 'readout-ssml-'));
  try {
    const files = documents.map((d, i) => {
      const file = join(dir, `${String(i).padStart(4, '0')}-${d.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.ssml`);
      writeFileSync(file, d.xml);
      return file;
    });
    try {
      await run(xmllint, ['--noout', '--schema', schemaPath(), ...files], { maxBuffer: 64 * 1024 * 1024 });
      return '';
    } catch (error) {
      const e = error as { stderr?: string; message: string };
      return (e.stderr ?? e.message)
        .split('\n')
        .filter((line) => line.trim() && !line.endsWith(' validates'))
        .join('\n');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface CorpusArticle {
  name: string;
  article: Article;
}

let corpusCache: Promise<CorpusArticle[]> | undefined;

/** The original article (text reader) and every corpus page (html reader), each through the quotes transform. */
export function corpusArticles(): Promise<CorpusArticle[]> {
  corpusCache ??= (async () => {
    const out: CorpusArticle[] = [];
    const ctx = testCtx();
    const original = await readArticle(
      { data: corpusText('meduza-lavrov-blinken.txt'), format: 'text', name: 'meduza-lavrov-blinken.txt' },
      ctx,
    );
    out.push({ name: 'meduza-lavrov-blinken', article: quotesTransform()(original.article, new Report()) });
    for (const page of corpusPages()) {
      const html = readFileSync(sharedPath('corpus', 'pages', page, 'source.html'));
      const { article } = await readArticle({ data: html, format: 'html', name: `${page}.html` }, ctx);
      out.push({ name: page, article: quotesTransform()(article, new Report()) });
    }
    return out;
  })();
  return corpusCache;
}

/** What the engine should speak for a script: every leaf as the dialect writes it (white space removed). */
export function spokenText(script: SsmlDocument, engine: Engine): string {
  const dialect = dialects[engine];
  let out = '';
  for (const p of script.paragraphs) {
    for (const s of p.sentences)
      for (const r of s.runs) for (const c of r.content) out += dialect.spoken(c.leaf);
  }
  return out.replace(/\s+/g, '');
}

/** The text content of requests, concatenated (white space removed). */
export async function requestsText(xmls: readonly string[]): Promise<string> {
  let out = '';
  for (const xml of xmls) out += (await parseSsml(xml)).text;
  return out.replace(/\s+/g, '');
}

/** Gives block ids b1, b2… in document order (what finalizeArticle does for readers). */
export function numberBlocks(blocks: Block[]): Block[] {
  let i = 0;
  for (const b of walkBlocks(blocks)) b.id = `b${++i}`;
  return blocks;
}

// ---- WAV audio ----

export interface Wav {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  samples: Int16Array;
  seconds: number;
}

/** Reads a PCM WAV file from its RIFF header and `data` chunk (espeak-ng writes 16-bit mono). */
export function readWav(file: string): Wav {
  const b = readFileSync(file);
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE')
    throw new Error(`${file} is not a WAV file`);
  let offset = 12;
  let fmt: { sampleRate: number; channels: number; bitsPerSample: number } | undefined;
  while (offset + 8 <= b.length) {
    const id = b.toString('ascii', offset, offset + 4);
    const size = b.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      fmt = {
        channels: b.readUInt16LE(body + 2),
        sampleRate: b.readUInt32LE(body + 4),
        bitsPerSample: b.readUInt16LE(body + 14),
      };
    } else if (id === 'data') {
      if (!fmt) throw new Error(`${file}: data before fmt`);
      // espeak-ng writing to a file may leave the size fields as they were when it started.
      const length = size > 0 && size <= b.length - body ? size : b.length - body;
      const bytes = b.subarray(body, body + length - (length % 2));
      const samples = new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
      return { ...fmt, samples, seconds: samples.length / fmt.channels / fmt.sampleRate };
    }
    offset = body + size + (size % 2);
  }
  throw new Error(`${file}: no data chunk`);
}

/**
 * The median fundamental frequency (Hz) of the voiced 40 ms frames of `x`, by normalised autocorrelation
 * (60–400 Hz). Hand-written: no installed package analyses pitch.
 */
export function medianPitch(x: Int16Array, sampleRate: number): number {
  const n = Math.round(sampleRate * 0.04);
  const minLag = Math.floor(sampleRate / 400);
  const maxLag = Math.ceil(sampleRate / 60);
  const pitches: number[] = [];
  for (let start = 0; start + n + maxLag < x.length; start += n) {
    let energy = 0;
    for (let i = 0; i < n; i++) energy += x[start + i]! * x[start + i]!;
    if (energy / n < 1e5) continue; // silence or noise
    let best = 0;
    let bestLag = 0;
    for (let lag = minLag; lag <= maxLag; lag++) {
      let c = 0;
      let e1 = 0;
      let e2 = 0;
      for (let i = 0; i < n; i++) {
        const a = x[start + i]!;
        const b = x[start + i + lag]!;
        c += a * b;
        e1 += a * a;
        e2 += b * b;
      }
      const r = c / (Math.sqrt(e1 * e2) || 1);
      if (r > best) {
        best = r;
        bestLag = lag;
      }
    }
    if (best > 0.5) pitches.push(sampleRate / bestLag);
  }
  pitches.sort((a, b) => a - b);
  return pitches.length ? pitches[pitches.length >> 1]! : 0;
}

/** Speaks an SSML file with espeak-ng in SSML mode (`-m`) into a WAV file. */
export async function speak(ssmlFile: string, wavFile: string): Promise<void> {
  const espeak = requireTool('espeak-ng');
  await run(espeak, ['-m', '-w', wavFile, '-f', ssmlFile]);
}
