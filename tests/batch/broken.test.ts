/**
 * Batches with broken entries finish: each bad entry is failed in the manifest with its code and message,
 * every other entry is done, and `readout batch` exits 3 (0 when all succeed, 2 when the batch cannot run).
 */
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BatchManifest } from '../../src/batch/manifest.js';
import { runBatchCli } from '../../src/cli/batch.js';
import type { Config } from '../../src/config.js';
import { loadConfig } from '../../src/config.js';
import { readArticle } from '../../src/read/index.js';
import { corpusText } from '../helpers/corpus.js';
import { testCtx } from '../helpers/ctx.js';
import { MEDUZA, refusingFetcher, tempDir, writeTree } from './batch-support.js';

const meduza = corpusText(MEDUZA);
const heise = corpusText('pages', 'heise', 'source.html');

async function cli(args: string[], config: Partial<Config> = {}) {
  let stdout = '';
  let stderr = '';
  let progress = '';
  const fetcher = refusingFetcher();
  const code = await runBatchCli(args, {
    io: { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    config: () => loadConfig({}, config),
    fetcher,
    progress: { write: (t: string) => (progress += t), isTTY: false },
  });
  expect(fetcher.attempts).toEqual([]); // the SSRF guard refused without connecting
  return { code, stdout, stderr, progress };
}

function manifestOf(out: string): BatchManifest {
  return JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as BatchManifest;
}

function byInput(manifest: BatchManifest) {
  return new Map(manifest.entries.map((e) => [e.input, e]));
}

describe('a batch with broken entries', () => {
  it('a folder: binary, empty, invalid JSON, unreachable URL (a file holding only a URL), symlink and too-large files fail; the rest is done', async () => {
    const root = writeTree(
      tempDir('broken-dir'),
      new Map<string, string | Buffer>([
        [MEDUZA, meduza],
        ['pages/heise.html', heise],
        ['notes.md', '# A short note\n\nWith a paragraph of **text** that says something.\n'],
        ['blob.bin', Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x07, 0x08])],
        ['empty.txt', ''],
        ['broken.json', '{"title": "half an article", "blocks": ['],
        ['bookmark.url', 'http://10.0.0.1/x\n'],
        ['big.html', `<html><body><p>${'x'.repeat(700_000)}</p></body></html>`],
      ]),
    );
    symlinkSync(join(root, MEDUZA), join(root, 'alias.txt'));
    const out = join(tempDir('broken-dir-out'), 'out');
    const r = await cli([root, '--out', out, '--to', 'html,ssml', '--concurrency', '3'], {
      maxInputBytes: 600_000,
    });
    expect(r.code).toBe(3);
    const manifest = manifestOf(out);
    expect(manifest.totals).toMatchObject({ entries: 9, done: 3, failed: 6 });
    const entries = byInput(manifest);
    for (const name of [MEDUZA, 'pages/heise.html', 'notes.md']) {
      expect(entries.get(name)?.status, `${name}: ${entries.get(name)?.error?.message}`).toBe('done');
    }
    const failures = {
      'blob.bin': 'input/binary',
      'empty.txt': 'input/empty',
      'broken.json': 'input/json-syntax',
      'bookmark.url': 'input/url-refused',
      'alias.txt': 'input/batch-not-a-file',
      'big.html': 'limit/input-too-large',
    };
    for (const [name, code] of Object.entries(failures)) {
      const entry = entries.get(name);
      expect(entry?.status, name).toBe('failed');
      expect(entry?.error?.code, `${name}: ${entry?.error?.message}`).toBe(code);
      expect(entry?.files).toEqual([]);
    }
    expect(entries.get('bookmark.url')?.error?.message).toContain('10.0.0.1');
    expect(entries.get('alias.txt')?.error?.message).toContain('symbolic link');
    // Progress lines (not a terminal): one per entry, failures with their message; stderr lists failures.
    expect(r.progress).toMatch(/FAILED blob\.bin: .*binary/);
    expect(r.progress.match(/^readout: batch: \[\d+\/9\]/gm)).toHaveLength(9);
    expect(r.stderr).toContain('readout: batch: failed: empty.txt');
    expect(r.stdout).toContain('3 done, 0 cached, 6 failed of 9 entries');
  }, 120_000);

  it('a JSONL file: invalid JSON, not an object, two forms, empty text and an unreachable URL fail', async () => {
    const { article } = await readArticle({ data: meduza, name: MEDUZA }, testCtx());
    const lines = [
      JSON.stringify({ text: meduza, name: 'meduza as text' }),
      '{"html": "<p>unterminated',
      JSON.stringify({ html: heise, name: 'heise' }),
      '[1, 2, 3]',
      '',
      JSON.stringify({ html: '<p>a</p>', markdown: '# a' }),
      JSON.stringify({ text: '   ' }),
      JSON.stringify({ url: 'http://10.0.0.1/x' }),
      JSON.stringify(article),
    ];
    const input = join(tempDir('broken-jsonl'), 'feed.jsonl');
    writeFileSync(input, `${lines.join('\n')}\n`);
    const out = join(tempDir('broken-jsonl-out'), 'out');
    const r = await cli([input, '--out', out, '--to', 'ssml']);
    expect(r.code).toBe(3);
    const manifest = manifestOf(out);
    expect(manifest.totals).toMatchObject({ entries: 8, done: 3, failed: 5 });
    const entries = byInput(manifest);
    expect(entries.get('meduza as text')?.status).toBe('done');
    expect(entries.get('heise')?.status).toBe('done');
    // The Article JSON line keeps its id; its `url` field does not turn it into a URL to fetch.
    const json = manifest.entries.find((e) => e.inputFormat === 'json');
    expect(json?.article?.id).toBe(article.id);
    expect(entries.get('feed.jsonl:2')?.error).toMatchObject({ code: 'input/batch-jsonl' });
    expect(entries.get('feed.jsonl:2')?.error?.message).toMatch(/Line 2 of "feed\.jsonl" is not valid JSON/);
    expect(entries.get('feed.jsonl:4')?.error?.message).toMatch(/not a JSON object/);
    expect(entries.get('feed.jsonl:6')?.error?.message).toMatch(/exactly one string field/);
    expect(entries.get('feed.jsonl:7')?.error?.code).toBe('input/empty');
    expect(entries.get('http://10.0.0.1/x')?.error?.code).toBe('input/url-refused');
  }, 60_000);

  it('a URL list: comments ignored, a line that is not a URL and a refused URL fail', async () => {
    const input = join(tempDir('urls'), 'list.urls');
    writeFileSync(input, '# reading list\nhttp://10.0.0.1/a\n\nnot a url\nhttps://intranet.example/b\n');
    const out = join(tempDir('urls-out'), 'out');
    const r = await cli([input, '--out', out, '--to', 'html']);
    expect(r.code).toBe(3);
    const manifest = manifestOf(out);
    expect(manifest.source).toMatchObject({ kind: 'urls', entries: 3 });
    expect(manifest.entries.map((e) => [e.input, e.error?.code])).toEqual([
      ['http://10.0.0.1/a', 'input/url-refused'],
      ['list.urls:4', 'input/batch-url'],
      ['https://intranet.example/b', 'input/url-refused'],
    ]);
  });
});

describe('readout batch exit codes', () => {
  it('0 when every entry succeeds, with the summary on stdout', async () => {
    const root = writeTree(tempDir('ok'), new Map([[MEDUZA, meduza]]));
    const out = join(tempDir('ok-out'), 'out');
    const r = await cli([root, '--out', out, '--to', 'html']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 done, 0 cached, 0 failed of 1 entries');
    expect(r.stderr).toBe('');
  });

  it('2 for bad usage or an input that cannot be a batch', async () => {
    const root = writeTree(tempDir('usage'), new Map([[MEDUZA, meduza]]));
    const out = join(tempDir('usage-out'), 'out');
    expect((await cli([root, '--out', out, '--to', 'docx'])).code).toBe(2);
    expect((await cli([root, '--to', 'html'])).code).toBe(2);
    expect((await cli([join(root, 'missing'), '--out', out, '--to', 'html'])).code).toBe(2);
    const notBatch = await cli([join(root, MEDUZA), '--out', out, '--to', 'html']);
    expect(notBatch.code).toBe(2);
    expect(notBatch.stderr).toMatch(/is not a batch input/);
    expect((await cli([root, '--out', out, '--to', 'html', '--concurrency', '0'])).code).toBe(2);
    const outIsFile = await cli([root, '--out', join(root, MEDUZA), '--to', 'html']);
    expect(outIsFile.code).toBe(2);
    expect(outIsFile.stderr).toMatch(/is a file; give a folder/);
  });
});
