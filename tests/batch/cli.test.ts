/**
 * `readout batch` through the real CLI entry point (`main`): exit 0 when every entry is done, 3 when some
 * failed (named on stderr and in manifest.json), 2 when the batch cannot run (a hostile archive, a bad
 * option), with nothing written for a refused archive.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BatchManifest } from '../../src/batch/index.js';
import { runCli, spawnCli } from '../helpers/cli.js';
import { rawZip, tempDir, writeTree } from './batch-support.js';

const STORY = (n: number) =>
  `# Story number ${n}\n\nThe council met on Tuesday and voted on the budget for the coming year.\n\n"We are pleased," said the mayor.\n`;

function manifestAt(dir: string): BatchManifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as BatchManifest;
}

describe('readout batch (CLI)', () => {
  it('exits 0 when every entry is done, writing each format and a manifest', async () => {
    const input = writeTree(
      tempDir('cli-batch-in'),
      new Map([
        ['one.md', STORY(1)],
        ['sub/two.md', STORY(2)],
      ]),
    );
    const out = join(tempDir('cli-batch-out'), 'out');
    const r = await runCli(['batch', input, '--out', out, '--to', 'html,ssml', '--concurrency', '1']);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const manifest = manifestAt(out);
    expect(manifest.totals).toMatchObject({ entries: 2, done: 2, failed: 0 });
    for (const entry of manifest.entries) {
      for (const file of entry.files) expect(existsSync(join(out, file.name))).toBe(true);
    }
    // Run again: everything comes from the cache.
    const again = await runCli(['batch', input, '--out', out, '--to', 'html,ssml']);
    expect(again.code).toBe(0);
    expect(manifestAt(out).totals).toMatchObject({ entries: 2, cached: 2, done: 0 });
  });

  it('exits 3 when some entries failed, naming them, and still exports the others', async () => {
    const input = writeTree(
      tempDir('cli-batch-bad'),
      new Map<string, string | Buffer>([
        ['good.md', STORY(3)],
        ['empty.txt', ''],
        ['binary.html', Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0, 7])],
      ]),
    );
    const out = join(tempDir('cli-batch-bad-out'), 'out');
    const r = await runCli(['batch', input, '--out', out, '--to', 'html']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/failed: empty\.txt/);
    expect(r.stderr).toMatch(/failed: binary\.html/);
    const manifest = manifestAt(out);
    expect(manifest.totals).toMatchObject({ entries: 3, done: 1, failed: 2 });
    const good = manifest.entries.find((e) => e.input === 'good.md');
    expect(good?.status).toBe('done');
  });

  it('exits 2 for a zip-slip archive and writes nothing', async () => {
    const dir = tempDir('cli-batch-slip');
    const zip = join(dir, 'evil.zip');
    writeFileSync(zip, rawZip([{ name: '../../escape.md', data: Buffer.from(STORY(4)) }]));
    const out = join(dir, 'out');
    const r = await runCli(['batch', zip, '--out', out, '--to', 'html']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.\./);
    expect(existsSync(join(dir, '..', 'escape.md'))).toBe(false);
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);
  });

  it('exits 2 for an unknown output format before reading anything', async () => {
    const input = writeTree(tempDir('cli-batch-fmt'), new Map([['a.md', STORY(5)]]));
    const r = await runCli(['batch', input, '--out', join(input, 'o'), '--to', 'docx']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/docx/);
  });

  it('runs as bin/readout in a child with a capped heap, and refuses a bad heap setting with exit 2', () => {
    const input = writeTree(tempDir('cli-batch-bin'), new Map([['one.md', STORY(6)]]));
    const out = join(tempDir('cli-batch-bin-out'), 'out');
    const ok = spawnCli(['batch', input, '--out', out, '--to', 'html']);
    expect(ok.stderr).not.toMatch(/error/i);
    expect(ok.code).toBe(0);
    expect(manifestAt(out).totals).toMatchObject({ entries: 1, done: 1 });
    const bad = spawnCli(['batch', input, '--out', `${out}-2`, '--to', 'html'], undefined, {
      READOUT_BATCH_HEAP_MB: 'lots',
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/READOUT_BATCH_HEAP_MB="lots"/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
