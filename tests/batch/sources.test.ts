/**
 * The corpus (original article + ten pages) as a folder, a zip, a tar.gz and a JSONL file: every entry
 * done, with the article the reader gives on its own, a file per format whose bytes and sha256 match the
 * manifest, and nothing fetched from the network. The folder goes to every format in OUTPUT_FORMATS; the
 * others to every format but the synthesised-audio ones (audio, vtt, epub-audio: seconds per article).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BatchManifest, runBatch } from '../../src/batch/index.js';
import { directorySink, zipFileSink } from '../../src/batch/sink.js';
import { openBatchSource } from '../../src/batch/sources.js';
import { loadConfig } from '../../src/config.js';
import { readArticle } from '../../src/read/index.js';
import { OUTPUT_FORMATS } from '../../src/write/index.js';
import { testCtx } from '../helpers/ctx.js';
import {
  corpusFiles,
  fileSha,
  MEDUZA,
  readZip,
  refusingFetcher,
  tarBytes,
  tempDir,
  writeTree,
  writeZip,
} from './batch-support.js';

const config = loadConfig({});
const AUDIO = ['audio', 'vtt', 'epub-audio'];
const CHEAPER = OUTPUT_FORMATS.filter((f) => !AUDIO.includes(f));
const files = corpusFiles();
/** What the readers make of each corpus file on their own: name → article id and title. */
const expected = new Map<string, { id: string; title: string }>();

beforeAll(async () => {
  for (const [name, content] of files) {
    const { article } = await readArticle({ data: Buffer.from(content), name }, testCtx());
    expected.set(name, { id: article.id, title: article.title });
  }
}, 60_000);

async function exportBatch(
  input: string,
  out: string,
  formats: readonly string[],
  options: { anthology?: string } = {},
) {
  const fetcher = refusingFetcher();
  const source = await openBatchSource(input, { maxInputBytes: config.maxInputBytes });
  const manifest = await runBatch(
    {
      source,
      sink: out.endsWith('.zip') ? zipFileSink(out) : directorySink(out),
      formats,
      cacheDir: join(out.endsWith('.zip') ? `${out}.d` : out, '.readout-cache'),
      concurrency: 2,
      ...(options.anthology ? { anthology: { path: options.anthology } } : {}),
    },
    { config, fetcher },
  );
  expect(fetcher.attempts).toEqual([]);
  return manifest;
}

/** Checks the manifest against the corpus; `bytesOf` reads an output file by its manifest name. */
async function checkAllDone(
  manifest: BatchManifest,
  formats: readonly string[],
  bytesOf: (name: string) => Promise<Buffer | undefined>,
) {
  expect(manifest.status).toBe('complete');
  expect(manifest.totals).toMatchObject({ entries: files.size, done: files.size, failed: 0, cached: 0 });
  expect(manifest.entries.map((e) => e.input).sort()).toEqual([...files.keys()].sort());
  for (const entry of manifest.entries) {
    expect(entry.status, `${entry.input}: ${entry.error?.message}`).toBe('done');
    expect(entry.article).toMatchObject(expected.get(entry.input)!);
    expect(new Set(entry.files.map((f) => f.format))).toEqual(new Set(formats));
    for (const file of entry.files) {
      expect(file.name.startsWith(`${entry.folder}/`)).toBe(true);
      const bytes = await bytesOf(file.name);
      expect(bytes, file.name).toBeDefined();
      expect(bytes!.byteLength).toBe(file.bytes);
      expect(sha256Of(bytes!)).toBe(file.sha256);
    }
    expect(await bytesOf(entry.report!)).toBeDefined();
  }
  // Pictures of the pages could not be fetched: recorded as warnings of their entry, not as failures.
  expect(manifest.entries.some((e) => e.warnings.some((w) => w.origin === 'images:fetch-failed'))).toBe(true);
  // Folders are unique.
  expect(new Set(manifest.entries.map((e) => e.folder)).size).toBe(files.size);
}

function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

const fromDir = (root: string) => async (name: string) =>
  existsSync(join(root, name)) ? readFileSync(join(root, name)) : undefined;

describe('batch export of the corpus to every format', () => {
  it('a folder tree, into a folder, to every format', async () => {
    const input = writeTree(tempDir('dir-in'), files);
    const out = tempDir('dir-out');
    const manifest = await exportBatch(input, out, OUTPUT_FORMATS);
    expect(manifest.source).toMatchObject({ kind: 'directory', entries: files.size });
    await checkAllDone(manifest, OUTPUT_FORMATS, fromDir(out));
    const written = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(written.totals.done).toBe(files.size);
    // The directory listing of a file matches its manifest hash (files are placed from the cache).
    const first = manifest.entries[0]!.files[0]!;
    expect(await fileSha(join(out, first.name))).toBe(first.sha256);
  }, 900_000);

  it('a zip, into a zip streamed as entries finish', async () => {
    const dir = tempDir('zip');
    const input = await writeZip(join(dir, 'corpus.zip'), files);
    const out = join(dir, 'out', 'result.zip');
    const manifest = await exportBatch(input, out, CHEAPER);
    expect(manifest.source.kind).toBe('zip');
    expect(existsSync(`${out}.partial`)).toBe(false);
    const zipped = await readZip(out);
    await checkAllDone(manifest, CHEAPER, async (name) => zipped.get(name));
    expect(JSON.parse(zipped.get('manifest.json')!.toString('utf8')).totals).toEqual(manifest.totals);
  }, 180_000);

  it('a tar.gz, into a folder', async () => {
    const dir = tempDir('tgz');
    const input = join(dir, 'corpus.tar.gz');
    writeFileSync(
      input,
      await tarBytes(
        [...files].map(([name, content]) => ({ name, content })),
        true,
      ),
    );
    const out = join(dir, 'out');
    const manifest = await exportBatch(input, out, CHEAPER);
    expect(manifest.source.kind).toBe('tar');
    await checkAllDone(manifest, CHEAPER, fromDir(out));
  }, 180_000);

  it('a JSONL file (html and text lines), into a folder with an anthology of every article', async () => {
    const dir = tempDir('jsonl');
    const input = join(dir, 'corpus.jsonl');
    const lines = [...files].map(([name, content]) =>
      JSON.stringify(name === MEDUZA ? { text: content, name } : { html: content, name }),
    );
    writeFileSync(input, `${lines.join('\n')}\n`);
    const out = join(dir, 'out');
    const manifest = await exportBatch(input, out, CHEAPER, { anthology: 'corpus.epub' });
    expect(manifest.source.kind).toBe('jsonl');
    await checkAllDone(manifest, CHEAPER, fromDir(out));
    expect(manifest.anthology).toMatchObject({ name: 'corpus.epub', articles: files.size });
    const book = readFileSync(join(out, 'corpus.epub'));
    expect(sha256Of(book)).toBe(manifest.anthology!.sha256);
    // One chapter per article, each title in the book's table of contents.
    const entries = await readZipBuffer(book);
    expect([...entries.keys()].filter((name) => /chapter-\d+\.xhtml$/.test(name))).toHaveLength(files.size);
    const toc = [...entries].find(([name]) => /toc\.xhtml$/.test(name))?.[1].toString('utf8') ?? '';
    for (const { title } of expected.values()) expect(toc).toContain(escapeXml(title.slice(0, 20)));
  }, 180_000);
});

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

async function readZipBuffer(bytes: Buffer): Promise<Map<string, Buffer>> {
  const path = join(tempDir('epub'), 'book.zip');
  writeFileSync(path, bytes);
  return readZip(path);
}
