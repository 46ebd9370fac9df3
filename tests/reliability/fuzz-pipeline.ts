/**
 * One fuzz case through the whole chain: readArticle → enrich → html, ssml (all six engines) and epub
 * writers (pdf when asked). A case passes when every stage either succeeds or refuses the input with a
 * caller error (InputError, LimitError, UnsupportedError), and every XML document written (SSML parts,
 * the HTML page, every XHTML/OPF/NCX/SVG file in the EPUB) is well-formed for a strict XML parser.
 */
import { SaxesParser } from 'saxes';
import sharp from 'sharp';
import { loadConfig } from '../../src/config.js';
import { createCtx } from '../../src/context.js';
import { enrich } from '../../src/enrich/pipeline.js';
import { isCallerError } from '../../src/errors.js';
import type { Fetcher } from '../../src/net/fetcher.js';
import { readArticle } from '../../src/read/index.js';
import { parseWriterOptions, runWriter } from '../../src/write/index.js';
import type { Engine } from '../../src/write/ssml/options.js';
import type { WriterOutput } from '../../src/write/types.js';
import { readZip } from '../write/epub-support.js';

export type FuzzFormat = 'auto' | 'html' | 'text' | 'markdown' | 'json';

export interface FuzzCase {
  /** Which generator made it (for the figures). */
  family: string;
  format: FuzzFormat;
  data: string | Uint8Array;
  name?: string;
  /** Also write the generated EPUB cover (sharp renders the title: slower). */
  cover?: boolean;
  /** Also print a PDF (Chromium: only a handful of cases). */
  pdf?: boolean;
  /** SSML engines to write (default: all six). */
  ssmlEngines?: Engine[];
}

export type Stage = 'read' | 'enrich' | 'html' | 'ssml' | 'epub' | 'pdf';

export type Outcome =
  | { status: 'ok'; xmlDocuments: number; ms: number }
  | { status: 'refused'; stage: Stage; code: string; ms: number }
  | { status: 'crash'; stage: Stage; error: string; stack: string; ms: number }
  | { status: 'malformed'; stage: Stage; file: string; problem: string; ms: number };

/**
 * saxes — the strict (non-validating) XML 1.0 parser with namespaces that jsdom's DOMParser is built on —
 * called directly: the first error, or none. Not jsdom's DOMParser: it keeps every element with an `id` of
 * every document parsed in one window (its named-properties tracker), so a fuzz run of tens of thousands
 * of XHTML documents grew without bound until its cases ran out of time.
 */
export function xmlProblem(xml: string): string | undefined {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let problem: string | undefined;
  let root = false;
  parser.on('error', (error) => {
    problem ??= error.message;
  });
  parser.on('opentag', () => {
    root = true;
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    problem ??= error instanceof Error ? error.message : String(error);
  }
  if (problem) return problem.split('\n')[0];
  return root ? undefined : 'no root element';
}

let picture: Uint8Array | undefined;

/** Every image address gets the same small real picture, except `…/broken…` ones that get junk bytes. */
export async function pictureFetcher(): Promise<Fetcher> {
  picture ??= new Uint8Array(
    await sharp({ create: { width: 48, height: 32, channels: 3, background: { r: 20, g: 90, b: 160 } } })
      .png()
      .toBuffer(),
  );
  const bytes = picture;
  return {
    async fetch(url) {
      if (url.includes('broken'))
        return { url, status: 200, contentType: 'image/png', body: bytes.slice(0, 20) };
      return { url, status: 200, contentType: 'image/png', body: bytes };
    },
  };
}

const XML_FILE = /\.(xhtml|html|opf|ncx|xml|svg|smil)$/i;
const decoder = new TextDecoder();

function stackOf(error: unknown): { error: string; stack: string } {
  if (error instanceof Error) return { error: `${error.name}: ${error.message}`, stack: error.stack ?? '' };
  return { error: String(error), stack: '' };
}

/** The XML documents of a writer's output: name → text. */
function xmlDocuments(stage: Stage, output: WriterOutput): [string, string][] {
  if (stage === 'epub') {
    return readZip(output.bytes)
      .filter((e) => XML_FILE.test(e.name))
      .map((e) => [e.name, e.bytes.toString('utf8')]);
  }
  const docs: [string, string][] = [[`main.${output.extension}`, decoder.decode(output.bytes)]];
  for (const extra of output.extraFiles ?? []) {
    if (/\.ssml$/.test(extra.path)) docs.push([extra.path, decoder.decode(extra.bytes)]);
  }
  return docs;
}

/** Runs one case; `onStage` hears each stage as it starts (so a hang can be placed). */
export async function runCase(c: FuzzCase, onStage: (stage: Stage) => void = () => {}): Promise<Outcome> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  const ctx = createCtx({ config: loadConfig({}, { logLevel: 'silent' }), fetcher: await pictureFetcher() });
  let stage: Stage = 'read';
  onStage(stage);
  try {
    const { article } = await readArticle(
      { data: c.data, format: c.format, ...(c.name ? { name: c.name } : {}) },
      ctx,
    );
    stage = 'enrich';
    onStage(stage);
    const enriched = await enrich(article, ctx);
    let xml = 0;
    const formats: [Stage, Record<string, unknown>][] = [
      ['html', {}],
      ['ssml', c.ssmlEngines ? { engines: c.ssmlEngines } : {}],
      ['epub', { cover: c.cover ? 'generated' : 'none' }],
    ];
    // PDF first: a failure of another writer must not keep a case from being printed.
    if (c.pdf) formats.unshift(['pdf', {}]);
    for (const [format, options] of formats) {
      stage = format;
      onStage(stage);
      const output = await runWriter(
        format as 'html' | 'ssml' | 'epub' | 'pdf',
        enriched,
        parseWriterOptions(format as 'html', options),
        ctx,
      );
      if (format === 'pdf') {
        if (decoder.decode(output.bytes.subarray(0, 5)) !== '%PDF-') {
          return { status: 'malformed', stage, file: 'main.pdf', problem: 'not a PDF', ms: ms() };
        }
        continue;
      }
      for (const [file, text] of xmlDocuments(format, output)) {
        const problem = xmlProblem(text);
        if (problem) return { status: 'malformed', stage, file, problem, ms: ms() };
        xml++;
      }
    }
    return { status: 'ok', xmlDocuments: xml, ms: ms() };
  } catch (error) {
    if (isCallerError(error)) return { status: 'refused', stage, code: error.code, ms: ms() };
    return { status: 'crash', stage, ...stackOf(error), ms: ms() };
  }
}
