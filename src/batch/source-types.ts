/** What every batch source yields, and the rules all of them share (which files are articles). */
import type { ReadoutError } from '../errors.js';
import type { ArticleInput, InputFormat } from '../read/index.js';
import type { ArchiveLimits } from './archive-safety.js';

export const SOURCE_KINDS = ['directory', 'zip', 'tar', 'jsonl', 'urls'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** One article of a batch, its bytes already read (at most maxInputBytes), or why it could not be read. */
export interface SourceEntry {
  /**
   * The entry's name in its source: a relative path (directory, zip, tar), the line's `name` or
   * `file.jsonl:LINE` (JSONL), or the URL (URL lists).
   */
  name: string;
  input?: ArticleInput;
  /** Set when the entry could not be taken from the source (invalid JSON line, too large, a symlink…). */
  error?: ReadoutError;
  /** Directory sources: the entry's folder, where its local images may be read from. */
  baseDir?: string;
}

export interface BatchSource {
  kind: SourceKind;
  /** The source as given (a path). */
  path: string;
  /** Entries found by the safety pre-scan; undefined for a stream that cannot be scanned ahead. */
  total: number | undefined;
  /** Files passed over: pictures, stylesheets and scripts beside the articles, hidden files. */
  skipped: number;
  /** The entries in source order, read one at a time as they are asked for. */
  entries(): AsyncGenerator<SourceEntry, void, undefined>;
}

export interface SourceOptions {
  /** The kind of source (default: detected from the path and its first bytes). */
  kind?: SourceKind;
  /** Input format of every entry (default `auto`: by extension, then by content). */
  format?: InputFormat | 'auto';
  /** Largest entry, in bytes (READOUT_MAX_INPUT_BYTES); larger entries fail on their own. */
  maxInputBytes: number;
  /** Archive limits (defaults: DEFAULT_ARCHIVE_LIMITS); the entry count applies to every kind. */
  limits?: Partial<ArchiveLimits>;
  /** Absolute paths a directory walk never enters (the output folder and its cache). */
  exclude?: readonly string[];
}

/** Files that sit beside articles but are not articles themselves. */
const ASSET_EXTENSIONS = new Set([
  'jpg',
  'jpeg',
  'png',
  'gif',
  'webp',
  'avif',
  'svg',
  'bmp',
  'tif',
  'tiff',
  'ico',
  'heic',
  'css',
  'js',
  'mjs',
  'map',
  'woff',
  'woff2',
  'ttf',
  'otf',
  'eot',
  'mp3',
  'mp4',
  'm4a',
  'wav',
  'ogg',
  'webm',
]);

/** True for a relative path a batch passes over: a hidden file or folder, macOS metadata, or an asset. */
export function isSkippedPath(path: string): boolean {
  const parts = path.split('/');
  if (parts.some((p) => p.startsWith('.') || p === '__MACOSX')) return true;
  const ext = /\.([A-Za-z0-9]+)$/.exec(parts.at(-1) ?? '')?.[1]?.toLowerCase();
  return ext !== undefined && ASSET_EXTENSIONS.has(ext);
}
