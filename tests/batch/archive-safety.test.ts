/**
 * Hostile archives are refused as a whole by the pre-scan — before any entry is extracted — with an error
 * naming the entry and the rule or limit: zip-slip, absolute paths, symlinks (tar and zip), hard links and
 * devices (tar), zip bombs by ratio and by declared sizes, too many entries, too many bytes.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeEntryPath } from '../../src/batch/archive-safety.js';
import { openBatchSource } from '../../src/batch/sources.js';
import { runBatchCli } from '../../src/cli/batch.js';
import { loadConfig } from '../../src/config.js';
import { InputError, LimitError, type ReadoutError } from '../../src/errors.js';
import { rawZip, refusingFetcher, type TarItem, tarBytes, tempDir } from './batch-support.js';

const GOOD =
  '<html><head><title>A story</title></head><body><article><p>Some words of a story.</p></article></body></html>';
const maxInputBytes = 20 * 1024 * 1024;

async function refusal(path: string, limits = {}): Promise<ReadoutError> {
  try {
    await openBatchSource(path, { maxInputBytes, limits });
  } catch (error) {
    return error as ReadoutError;
  }
  throw new Error(`${path} was not refused`);
}

function zipFile(items: Parameters<typeof rawZip>[0]): string {
  const path = join(tempDir('zip'), 'input.zip');
  writeFileSync(path, rawZip(items));
  return path;
}

async function tarFile(items: TarItem[], gzip = true): Promise<string> {
  const path = join(tempDir('tar'), gzip ? 'input.tar.gz' : 'input.tar');
  writeFileSync(path, await tarBytes(items, gzip));
  return path;
}

const good = (name = 'ok.html') => ({ name, data: Buffer.from(GOOD) });

describe('entry path depth and length', () => {
  it('refuses a zip whose entry is nested 2,000 folders deep, and one with a 2 KB name, before writing', async () => {
    const deep = await refusal(
      zipFile([good(), { name: `${'d/'.repeat(2000)}x.html`, data: Buffer.from(GOOD) }]),
    );
    expect(deep).toBeInstanceOf(InputError);
    expect(deep.message).toMatch(/nested 2001 folders deep \(the limit is 32\)/);
    const long = await refusal(zipFile([{ name: `${'n'.repeat(2048)}.html`, data: Buffer.from(GOOD) }]));
    expect(long.message).toMatch(/path of 2053 bytes \(the limit is 1024\)/);
    expect(safeEntryPath(`${'d/'.repeat(31)}x.html`, 'a.zip')).toBe(`${'d/'.repeat(31)}x.html`);
  });
});

describe('zip pre-scan', () => {
  it('accepts a plain archive and counts its articles (folders and pictures are not articles)', async () => {
    const path = zipFile([
      good('a/one.html'),
      { name: 'a/' },
      good('a/two.html'),
      { name: 'a/pic.jpg', data: Buffer.from('x') },
    ]);
    const source = await openBatchSource(path, { maxInputBytes });
    expect(source).toMatchObject({ kind: 'zip', total: 2, skipped: 1 });
    const names: string[] = [];
    for await (const entry of source.entries()) names.push(entry.name);
    expect(names).toEqual(['a/one.html', 'a/two.html']);
  });

  it('refuses zip-slip (../../x), naming the entry, even after good entries', async () => {
    const error = await refusal(zipFile([good(), good('../../evil.html')]));
    expect(error).toBeInstanceOf(InputError);
    expect(error.code).toBe('input/archive-unsafe-path');
    expect(error.message).toContain('"../../evil.html"');
    expect(error.message).toContain('..');
  });

  it('refuses Windows-style traversal (..\\..\\x) and absolute paths', async () => {
    expect((await refusal(zipFile([good('..\\..\\evil.html')]))).code).toBe('input/archive-unsafe-path');
    const absolute = await refusal(zipFile([good('/etc/evil.html')]));
    expect(absolute.code).toBe('input/archive-unsafe-path');
    expect(absolute.message).toMatch(/absolute path/);
    expect((await refusal(zipFile([good('C:/evil.html')]))).message).toMatch(/absolute path/);
  });

  it('refuses a symlink entry', async () => {
    const error = await refusal(
      zipFile([good(), { name: 'link.html', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }]),
    );
    expect(error.code).toBe('input/archive-link');
    expect(error.message).toContain('"link.html" is a symbolic link');
  });

  it('refuses a zip bomb by compression ratio', async () => {
    const bomb = { name: 'bomb.html', data: Buffer.alloc(8 * 1024 * 1024, 0x20), deflate: true };
    const error = await refusal(zipFile([good(), bomb]));
    expect(error).toBeInstanceOf(LimitError);
    expect(error.code).toBe('limit/archive-ratio');
    expect(error.message).toMatch(/"bomb\.html" expands \d+×, more than the limit of 200×/);
  });

  it('refuses a zip bomb by declared size, without inflating anything', async () => {
    const liar = { name: 'huge.html', data: Buffer.from(GOOD), deflate: true, declaredSize: 0xfffffff0 };
    const error = await refusal(zipFile([liar]));
    expect(error.code).toBe('limit/archive-ratio');
    const total = await refusal(zipFile([good('a.html'), good('b.html'), good('c.html')]), {
      maxTotalBytes: 2 * GOOD.length,
    });
    expect(total.code).toBe('limit/archive-size');
    expect(total.message).toContain('"c.html"');
    expect(total.message).toContain(`limit of ${2 * GOOD.length}`);
  });

  it('refuses too many entries from the declared count', async () => {
    const error = await refusal(zipFile(Array.from({ length: 6 }, (_, i) => good(`${i}.html`))), {
      maxEntries: 5,
    });
    expect(error.code).toBe('limit/archive-entries');
    expect(error.message).toContain('6 entries, more than the limit of 5');
  });

  it('refuses a file that is not a zip with a clear error', async () => {
    const path = join(tempDir('zip'), 'broken.zip');
    writeFileSync(path, 'PK\u0003\u0004 this is not really a zip');
    const error = await refusal(path);
    expect(error.code).toBe('input/archive-corrupt');
  });
});

describe('tar pre-scan', () => {
  const ok = { name: 'ok.html', content: GOOD };

  it('accepts a plain tar and a tar.gz', async () => {
    for (const gzip of [false, true]) {
      const source = await openBatchSource(
        await tarFile([ok, { name: 'd', type: 'directory' }, { ...ok, name: 'd/two.html' }], gzip),
        {
          maxInputBytes,
        },
      );
      expect(source).toMatchObject({ kind: 'tar', total: 2 });
    }
  });

  it('refuses zip-slip and absolute paths', async () => {
    const slip = await refusal(await tarFile([ok, { name: '../../evil.html', content: GOOD }]));
    expect(slip.code).toBe('input/archive-unsafe-path');
    expect(slip.message).toContain('"../../evil.html"');
    expect((await refusal(await tarFile([{ name: '/tmp/evil.html', content: GOOD }]))).message).toMatch(
      /absolute path/,
    );
  });

  it('refuses symlinks, hard links and device files', async () => {
    const symlink = await refusal(
      await tarFile([ok, { name: 'link.html', type: 'symlink', linkname: '/etc/passwd' }]),
    );
    expect(symlink.code).toBe('input/archive-link');
    expect(symlink.message).toContain('"link.html" is a symbolic link');
    const hard = await refusal(
      await tarFile([ok, { name: 'hard.html', type: 'link', linkname: 'ok.html' }], false),
    );
    expect(hard.message).toContain('is a hard link');
    const device = await refusal(await tarFile([{ name: 'dev', type: 'character-device' }], false));
    expect(device.message).toContain('is a device file');
  });

  it('refuses a gzip bomb by ratio at its header, and too many entries', async () => {
    const bomb = await refusal(
      await tarFile([ok, { name: 'zeros.html', content: ' '.repeat(8 * 1024 * 1024) }]),
    );
    expect(bomb.code).toBe('limit/archive-ratio');
    expect(bomb.message).toContain('"zeros.html"');
    const many = await refusal(
      await tarFile(Array.from({ length: 4 }, (_, i) => ({ name: `${i}.html`, content: GOOD }))),
      { maxEntries: 3 },
    );
    expect(many.code).toBe('limit/archive-entries');
  });
});

describe('safeEntryPath', () => {
  it('normalises harmless forms and refuses escapes', () => {
    expect(safeEntryPath('./a/b.html', 'x.zip')).toBe('a/b.html');
    expect(safeEntryPath('a/dir/', 'x.zip')).toBe('a/dir');
    for (const bad of ['', '../a', 'a/../../b', '/a', 'a//b', 'a\\b', 'D:x', 'a\0b']) {
      expect(() => safeEntryPath(bad, 'x.zip'), bad).toThrow(InputError);
    }
  });
});

describe('readout batch on a hostile archive', () => {
  it('exits 2 with one line naming the entry, and writes no output', async () => {
    const dir = tempDir('cli');
    const input = await tarFile([
      { name: 'ok.html', content: GOOD },
      { name: '../escape.html', content: GOOD },
    ]);
    const out = join(dir, 'out');
    let stderr = '';
    const code = await runBatchCli([input, '--out', out, '--to', 'html'], {
      io: { stdout: () => {}, stderr: (t) => (stderr += t) },
      config: () => loadConfig({}),
      fetcher: refusingFetcher(),
      progress: { write: () => true },
    });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('"../escape.html"');
    expect(existsSync(out)).toBe(false);
  });
});
