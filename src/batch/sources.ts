/**
 * Batch sources: a directory tree, a `.zip`, a `.tar`/`.tar.gz`/`.tgz`, a JSONL file or a text file of URLs,
 * each opened with a safety pre-scan (which also counts the entries) and then read one entry at a time.
 */
import { open, stat } from 'node:fs/promises';
import { InputError, UnsupportedError } from '../errors.js';
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS } from './archive-safety.js';
import { directorySource } from './source-directory.js';
import { linesSource } from './source-lines.js';
import { tarSource } from './source-tar.js';
import {
  type BatchSource,
  SOURCE_KINDS,
  type SourceEntry,
  type SourceKind,
  type SourceOptions,
} from './source-types.js';
import { zipSource } from './source-zip.js';

export { lineEntries } from './source-lines.js';
export {
  type BatchSource,
  isSkippedPath,
  SOURCE_KINDS,
  type SourceEntry,
  type SourceKind,
  type SourceOptions,
} from './source-types.js';

export function parseSourceKind(value: string | undefined): SourceKind | undefined {
  if (value === undefined || value === 'auto') return undefined;
  if ((SOURCE_KINDS as readonly string[]).includes(value)) return value as SourceKind;
  throw new UnsupportedError(
    'input/batch-kind',
    `Unknown batch input kind "${value}"; expected one of: auto, ${SOURCE_KINDS.join(', ')}.`,
  );
}

async function head(path: string, bytes: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await file.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

const URL_LINE = /^https?:\/\/\S+$/i;

/** The kind of a batch input: a folder, else by extension, else by its first bytes. */
export async function detectSourceKind(path: string): Promise<SourceKind> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch {
    throw new InputError('input/not-found', `Cannot read "${path}": no such file or folder.`);
  }
  if (info.isDirectory()) return 'directory';
  if (!info.isFile()) throw new InputError('input/not-a-file', `"${path}" is not a file or folder.`);
  const lower = path.toLowerCase();
  if (lower.endsWith('.zip')) return 'zip';
  if (/\.(tar|tar\.gz|tgz)$/.test(lower)) return 'tar';
  if (/\.(jsonl|ndjson)$/.test(lower)) return 'jsonl';
  if (lower.endsWith('.urls')) return 'urls';
  const start = await head(path, 64 * 1024);
  if (start[0] === 0x50 && start[1] === 0x4b && start[2] === 0x03 && start[3] === 0x04) return 'zip';
  if (start[0] === 0x1f && start[1] === 0x8b) return 'tar';
  if (start.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  const text = start.toString('utf8');
  if (text.trimStart().startsWith('{')) return 'jsonl';
  // Complete lines only (the last one may be cut off at 64 KB).
  const lines = text
    .split('\n')
    .slice(0, start.length === 64 * 1024 ? -1 : undefined)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  if (lines.length > 0 && lines.every((l) => URL_LINE.test(l))) return 'urls';
  throw new InputError(
    'input/batch-kind',
    `"${path}" is not a batch input: expected a folder, a .zip, a .tar/.tar.gz/.tgz, a JSONL file (.jsonl) or a text file of URLs (one per line).`,
  );
}

/** Opens a batch input: detects its kind, runs the safety pre-scan, and returns its entries' source. */
export async function openBatchSource(path: string, options: SourceOptions): Promise<BatchSource> {
  const kind = options.kind ?? (await detectSourceKind(path));
  const limits: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits };
  switch (kind) {
    case 'directory':
      return directorySource(path, options, limits);
    case 'zip':
      return zipSource(path, options, limits);
    case 'tar':
      return tarSource(path, options, limits);
    case 'jsonl':
    case 'urls':
      return linesSource(kind, path, options, limits);
  }
}

/** A source from entries already at hand (tests, or an HTTP body read elsewhere). */
export function sourceOf(
  kind: SourceKind,
  path: string,
  entries: () => AsyncGenerator<SourceEntry, void, undefined>,
  total?: number,
): BatchSource {
  return { kind, path, total, skipped: 0, entries };
}
