/**
 * Hostile archives through the whole `readout batch` command: each one is refused as a whole (exit 2, one
 * line naming the entry and the rule or limit) before anything is written — the output folder is never
 * created, and nothing appears where a hostile entry pointed (outside the output). The fixtures are those of
 * the batch tests (rawZip writes names, modes and sizes exactly as asked; tarBytes writes tar headers).
 *
 * Short form: small archives and low limits given on the command line. Long form (READOUT_LONG=1) adds
 * the default limits: an archive with more than 100,000 entries, and 4,200 entries of just under 1 MiB
 * declared each (past the 4 GiB total, each too small for the ratio check).
 */

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runBatchCli } from '../../src/cli/batch.js';
import { loadConfig } from '../../src/config.js';
import {
  type RawZipItem,
  rawZip,
  refusingFetcher,
  type TarItem,
  tarBytes,
  tempDir,
} from '../batch/batch-support.js';
import { LONG, recordFigures } from './suite-form.js';

const GOOD = Buffer.from(
  '<html><head><title>A story</title></head><body><article><p>Some words of a story.</p></article></body></html>',
);
/** A name no other run uses, for targets outside the output folder. */
const TAG = randomBytes(6).toString('hex');
const refused: { archive: string; code: number; message: string }[] = [];
const made: string[] = [];

/** A fresh temporary folder, deleted after the suite. */
function scratch(prefix: string): string {
  const dir = tempDir(prefix);
  made.push(dir);
  return dir;
}

interface Attempt {
  code: number;
  stderr: string;
  out: string;
}

/** Runs `readout batch <archive> --out <fresh folder>/out --to html` with extra arguments. */
async function batch(archive: string, args: string[] = []): Promise<Attempt> {
  const out = join(scratch('hostile-out'), 'out');
  let stderr = '';
  const code = await runBatchCli([archive, '--out', out, '--to', 'html', ...args], {
    io: { stdout: () => {}, stderr: (text) => (stderr += text) },
    config: () => loadConfig({}, { logLevel: 'silent' }),
    fetcher: refusingFetcher(),
    progress: { write: () => true },
  });
  return { code, stderr, out };
}

async function expectRefused(
  name: string,
  archive: string,
  because: RegExp,
  args: string[] = [],
): Promise<void> {
  const { code, stderr, out } = await batch(archive, args);
  expect(code, stderr).toBe(2);
  expect(stderr.trim().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(because);
  // Nothing written: not the output folder, not even an empty one.
  expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  refused.push({ archive: name, code, message: stderr.trim() });
}

function zip(items: RawZipItem[]): string {
  const path = join(scratch('hostile-zip'), 'input.zip');
  writeFileSync(path, rawZip(items));
  return path;
}

async function tarFile(items: TarItem[], gzip = true): Promise<string> {
  const path = join(scratch('hostile-tar'), gzip ? 'input.tar.gz' : 'input.tar');
  writeFileSync(path, await tarBytes(items, gzip));
  return path;
}

/**
 * A tar with one special entry. tar-stream directly, because the shared tarBytes fixture types only files,
 * links, character devices and folders: FIFOs and block devices are written here.
 */
async function specialTar(type: 'fifo' | 'block-device'): Promise<string> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  pack.entry({ name: 'ok.html', size: GOOD.length }, GOOD);
  pack.entry({ name: `special-${type}`, type });
  pack.finalize();
  await done;
  const path = join(scratch('hostile-tar'), 'special.tar');
  writeFileSync(path, Buffer.concat(chunks));
  return path;
}

const good = (name: string): RawZipItem => ({ name, data: GOOD });

afterAll(() => {
  // `rm -rf`: Node's recursive rmSync overflows its stack on the 2,000-deep folders of the open case below.
  for (const dir of made) execFileSync('rm', ['-rf', dir]);
  recordFigures('archives', { refused: refused.length, cases: refused });
});

describe('readout batch refuses hostile archives before writing anything', () => {
  it('zip-slip in a zip and in a tar', async () => {
    const outside = `../../readout-slip-${TAG}.html`;
    await expectRefused('zip-slip.zip', zip([good('ok.html'), good(outside)]), /path traversal/);
    await expectRefused(
      'zip-slip.tar.gz',
      await tarFile([
        { name: 'ok.html', content: 'x' },
        { name: outside, content: 'x' },
      ]),
      /path traversal/,
    );
    await expectRefused(
      'windows-slip.zip',
      zip([good(`..\\..\\readout-slip-${TAG}.html`)]),
      /backslash|path traversal/,
    );
    expect(existsSync(join(tmpdir(), `readout-slip-${TAG}.html`))).toBe(false);
  });

  it('absolute paths in a zip and in a tar', async () => {
    const target = join(tmpdir(), `readout-absolute-${TAG}.html`);
    await expectRefused('absolute.zip', zip([good(target)]), /absolute path/);
    await expectRefused(
      'absolute.tar',
      await tarFile([{ name: target, content: 'x' }], false),
      /absolute path/,
    );
    await expectRefused('drive-letter.zip', zip([good('C:/readout.html')]), /absolute path/);
    expect(existsSync(target)).toBe(false);
  });

  it('symbolic links (zip and tar) and hard links', async () => {
    await expectRefused(
      'symlink.zip',
      zip([good('ok.html'), { name: 'passwd.html', data: Buffer.from('/etc/passwd'), unixMode: 0o120777 }]),
      /is a symbolic link/,
    );
    await expectRefused(
      'symlink.tar.gz',
      await tarFile([{ name: 'passwd.html', type: 'symlink', linkname: '/etc/passwd' }]),
      /is a symbolic link/,
    );
    await expectRefused(
      'hardlink.tar',
      await tarFile(
        [
          { name: 'ok.html', content: 'x' },
          { name: 'hard.html', type: 'link', linkname: '/etc/passwd' },
        ],
        false,
      ),
      /is a hard link/,
    );
  });

  it('device and FIFO entries in a tar', async () => {
    await expectRefused(
      'char-device.tar',
      await tarFile([{ name: 'tty', type: 'character-device' }], false),
      /is a device file/,
    );
    await expectRefused('block-device.tar', await specialTar('block-device'), /is a device file/);
    await expectRefused('fifo.tar', await specialTar('fifo'), /FIFO/);
  });

  it('zip bombs: a tiny entry inflating 1,000×, and declared sizes past the limit', async () => {
    // 32 MiB of zeros stored in about 32 KiB.
    const bomb = { name: 'bomb.html', data: Buffer.alloc(32 * 1024 * 1024), deflate: true };
    await expectRefused(
      'ratio-bomb.zip',
      zip([good('ok.html'), bomb]),
      /likely zip bomb: entry "bomb\.html" expands \d+×/,
    );
    const liar = { name: 'liar.html', data: GOOD, deflate: true, declaredSize: 0xfffffff0 };
    await expectRefused('declared-size.zip', zip([liar]), /likely zip bomb|uncompressed/);
    await expectRefused(
      'total-size.zip',
      zip([good('a.html'), good('b.html'), good('c.html')]),
      /more than the limit of 200/,
      ['--max-size', '200'],
    );
  });

  it('a gzip bomb inside a tar.gz', async () => {
    const path = join(scratch('hostile-tar'), 'bomb.tar.gz');
    writeFileSync(
      path,
      await tarBytes([{ name: 'zeros.html', content: ' '.repeat(16 * 1024 * 1024) }], true),
    );
    await expectRefused('gzip-bomb.tar.gz', path, /likely zip bomb/);
  });

  it('too many entries (limit from the command line)', async () => {
    await expectRefused(
      'many.zip',
      zip(Array.from({ length: 50 }, (_, i) => good(`${i}.html`))),
      /50 entries, more than the limit of 40/,
      ['--max-entries', '40'],
    );
    await expectRefused(
      'many.tar.gz',
      await tarFile(Array.from({ length: 50 }, (_, i) => ({ name: `${i}.html`, content: 'x' }))),
      /more than the limit of 40/,
      ['--max-entries', '40'],
    );
  });

  it.runIf(LONG)(
    'too many entries and too many bytes at the default limits (100,000 entries, 4 GiB)',
    async () => {
      const items = Array.from({ length: 100_001 }, (_, i) => ({ name: `e/${i}.html`, content: 'x' }));
      const path = join(scratch('hostile-tar'), 'many.tar.gz');
      writeFileSync(path, gzipSync(await tarBytes(items, false)));
      await expectRefused('100001-entries.tar.gz', path, /more than the limit of 100000/);
      // Entries just under the 1 MiB from which the ratio is judged, so only the 4 GiB total can stop them.
      const huge = Array.from({ length: 4200 }, (_, i) => ({
        name: `${i}.html`,
        data: GOOD,
        deflate: true,
        declaredSize: 1024 * 1024 - 1,
      }));
      await expectRefused('4gib-declared.zip', zip(huge), /more than the limit of 4294967296/);
    },
    600_000,
  );

  it('deeply nested paths (2,000 folders, 4 KB path) are refused', async () => {
    await expectRefused('deep.zip', zip([good(`${'a/'.repeat(2000)}x.html`)]), /nested|deep|too long/);
  });
});
