import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Article } from '../../src/model/schema.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { sharedPath } from '../helpers/corpus.js';

const meduza = sharedPath('corpus', 'meduza-lavrov-blinken.txt');

describe('readout CLI', () => {
  it('read prints a valid Article as JSON', async () => {
    const r = await runCli(['read', meduza]);
    expect(r.code).toBe(0);
    const article = Article.parse(JSON.parse(r.stdout));
    expect(article.title).toMatch(/^Clearing the roadblocks/);
  });

  it('read honours --format', async () => {
    const r = await runCli(['read', '--format', 'markdown', meduza]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).title).not.toMatch(/^Clearing the roadblocks$/);
  });

  it('export writes files named after the slug and a manifest with sizes and hashes', async () => {
    const out = mkdtempSync(join(tmpdir(), 'readout-export-'));
    const r = await runCli(['export', meduza, '--to', 'html', '--out', out]);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.article.title).toMatch(/^Clearing the roadblocks/);
    expect(manifest.files).toHaveLength(1);
    const file = manifest.files[0];
    expect(file.name).toMatch(/^clearing-the-roadblocks.*\.html$/);
    const bytes = readFileSync(join(out, file.name));
    expect(file.bytes).toBe(bytes.byteLength);
    expect(file.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('refuses unknown formats before reading, with exit 2 and one line', async () => {
    const out = mkdtempSync(join(tmpdir(), 'readout-export-'));
    const r = await runCli(['export', meduza, '--to', 'html,mobi', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Unknown output format "mobi"/);
    const unknown = await runCli(['export', meduza, '--to', 'docx', '--out', out]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown output format "docx"/);
  });

  it('schema prints the JSON Schema', async () => {
    const r = await runCli(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).$defs.Article).toBeDefined();
  });

  it('usage errors exit 2', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli(['export', meduza])).code).toBe(2);
    expect((await runCli(['read', meduza, '--format', 'docx'])).code).toBe(2);
  });

  it('--help exits 0 for each command', async () => {
    for (const cmd of [[], ['read'], ['export'], ['schema'], ['serve']]) {
      const r = await runCli([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Usage: readout/);
    }
    expect((await runCli(['serve', '--help'])).stdout).toMatch(/READOUT_MAX_INPUT_BYTES/);
  });

  it('bin/readout runs as a real process: stdin input, exit codes, no stack trace for bad input', () => {
    const ok = spawnCli(['read', '-', '--compact'], readFileSync(meduza));
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).authors).toEqual([{ name: 'Pyotr Lokhov' }]);
    const bad = spawnCli(['read', '-'], Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^readout: error: .*PNG image/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const missing = spawnCli(['read', '/nonexistent/file.txt']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
  });
});

describe('export file paths', () => {
  it('refuses writer paths that could leave the output folder', async () => {
    const { safeRelativePath } = await import('../../src/export.js');
    expect(safeRelativePath('ssml/polly/part-001.ssml')).toBe('ssml/polly/part-001.ssml');
    for (const bad of ['../x', '/etc/passwd', 'a/../../b', 'a//b', '', 'a\\b', './a']) {
      expect(() => safeRelativePath(bad), bad).toThrow(/unsafe file path/);
    }
  });
});

describe('export --to ssml', () => {
  it('writes the whole-article SSML and per-engine requests with manifests', async () => {
    const out = mkdtempSync(join(tmpdir(), 'readout-ssml-'));
    const r = await runCli(['export', meduza, '--to', 'ssml', '--ssml-engine', 'polly,azure', '--out', out]);
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const names: string[] = manifest.files.map((f: { name: string }) => f.name);
    expect(names[0]).toMatch(/^clearing-the-roadblocks.*\.ssml$/);
    expect(names).toContain('ssml/polly/manifest.json');
    expect(names).toContain('ssml/azure/part-001.ssml');
    expect(names.some((n) => n.startsWith('ssml/google/'))).toBe(false);
    const polly = JSON.parse(readFileSync(join(out, 'ssml/polly/manifest.json'), 'utf8'));
    for (const req of polly.requests)
      expect(readFileSync(join(out, 'ssml/polly', req.file), 'utf8')).toMatch(/^<speak>/);
  });

  it('refuses an unknown engine with exit 2, naming it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'readout-ssml-'));
    const r = await runCli(['export', meduza, '--to', 'ssml', '--ssml-engine', 'festival', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ssml\.engines/);
  });
});

describe('epub exports', () => {
  it('export --to epub and anthology write EPUB zips with one chapter per article', async () => {
    const out = mkdtempSync(join(tmpdir(), 'readout-epub-'));
    const single = await runCli(['export', meduza, '--to', 'epub', '--out', out]);
    expect(single.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.files[0].mediaType).toBe('application/epub+zip');
    const bytes = readFileSync(join(out, manifest.files[0].name));
    expect(bytes.subarray(30, 38).toString()).toBe('mimetype');

    const book = join(out, 'book.epub');
    const page = sharedPath('corpus', 'pages', 'heise', 'source.html');
    const r = await runCli([
      'anthology',
      meduza,
      page,
      '--out',
      book,
      '--title',
      'Two stories',
      '--no-cover',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 articles/);
    const zip = readFileSync(book).toString('latin1');
    expect(zip).toMatch(/OEBPS\/[^\s"]*\.xhtml/);
  });

  it('anthology refuses bad input with exit 2', async () => {
    const out = mkdtempSync(join(tmpdir(), 'readout-epub-'));
    const r = await runCli(['anthology', '/nonexistent.txt', '--out', join(out, 'x.epub')]);
    expect(r.code).toBe(2);
  });
});

describe('pdf exports', () => {
  it('bin/readout export --to pdf --paper letter writes a tagged PDF and exits (the browser pool is closed)', () => {
    const out = mkdtempSync(join(tmpdir(), 'readout-pdf-'));
    const r = spawnCli(['export', meduza, '--to', 'pdf', '--paper', 'letter', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.files[0].mediaType).toBe('application/pdf');
    const pdf = readFileSync(join(out, manifest.files[0].name));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox\s*\[\s*0 0 612 792\s*\]/);
  }, 120_000);

  it('refuses a bad paper size with exit 2', async () => {
    const out = mkdtempSync(join(tmpdir(), 'readout-pdf-'));
    const r = await runCli(['export', meduza, '--to', 'pdf', '--paper', 'a3', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pdf\.paper/);
  });
});
