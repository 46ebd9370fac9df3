/**
 * Archive safety, checked from the zip central directory or the tar headers BEFORE anything is extracted:
 * entry paths (no absolute paths, no `..`, no backslashes or drive letters), entry types (no symlinks,
 * hard links or device files), the number of entries, the total uncompressed size and the compression
 * ratio (zip bombs). A hostile archive is refused as a whole, with an error naming the entry and the limit.
 */
import { InputError, LimitError } from '../errors.js';

export interface ArchiveLimits {
  /** Most entries (files, directories and links all count). */
  maxEntries: number;
  /** Most uncompressed bytes over all entries. */
  maxTotalBytes: number;
  /** Highest uncompressed/compressed ratio, per zip entry and over a whole archive. */
  maxRatio: number;
  /** The ratio is judged only from this many uncompressed bytes on (small files compress oddly well). */
  ratioMinBytes: number;
}

const MB = 1024 * 1024;

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxEntries: 100_000,
  maxTotalBytes: 4096 * MB,
  maxRatio: 200,
  ratioMinBytes: 1 * MB,
};

/** Entry kinds an archive may hold; everything else (links, devices, FIFOs) is refused. */
export type ArchiveEntryKind = 'file' | 'directory' | 'symlink' | 'hardlink' | 'device' | 'other';

export interface ArchiveEntryHeader {
  /** The path as stored in the archive. */
  path: string;
  kind: ArchiveEntryKind;
  /** Declared uncompressed size. */
  size: number;
  /** Stored (compressed) size, when the format has one per entry (zip). */
  compressedSize?: number;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 197)}…` : text);
}

/**
 * The entry's path as a safe relative `/`-separated path (a leading `./` and a trailing `/` dropped),
 * or an InputError naming the archive and the entry.
 */
/** Deeper or longer entry paths are refused: no archive of articles needs them, and they make folder trees
 * thousands deep in the output (and paths past the file system's limits). */
export const MAX_PATH_SEGMENTS = 32;
export const MAX_PATH_BYTES = 1024;

export function safeEntryPath(path: string, archive: string): string {
  const unsafe = (why: string) =>
    new InputError(
      'input/archive-unsafe-path',
      `The archive ${quote(archive)} is refused: entry ${quote(path)} ${why}.`,
      [{ path: path.length > 120 ? `${path.slice(0, 120)}…` : path, message: why }],
    );
  if (!path || path.includes('\0')) throw unsafe('has an empty or invalid name');
  if (path.includes('\\')) throw unsafe('contains a backslash (a Windows path that could escape the output)');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) throw unsafe('has an absolute path');
  const parts = path.split('/').filter((p, i, all) => p !== '.' && !(p === '' && i === all.length - 1));
  if (parts.includes('..')) throw unsafe('has a ".." path segment (path traversal)');
  if (parts.length === 0 || parts.some((p) => p === '')) throw unsafe('has an empty path segment');
  if (parts.length > MAX_PATH_SEGMENTS) {
    throw unsafe(`is nested ${parts.length} folders deep (the limit is ${MAX_PATH_SEGMENTS})`);
  }
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) {
    throw unsafe(`has a path of ${Buffer.byteLength(path)} bytes (the limit is ${MAX_PATH_BYTES})`);
  }
  return parts.join('/');
}

/** Counts entries and sizes while headers are read; throws as soon as one limit is passed. */
export class ArchiveBudget {
  #entries = 0;
  #totalBytes = 0;

  constructor(
    readonly archive: string,
    readonly limits: ArchiveLimits,
    /** Size of the archive file itself, for the whole-archive ratio (tar.gz, where entries have no stored size). */
    readonly archiveBytes?: number,
  ) {}

  get entries(): number {
    return this.#entries;
  }

  get totalBytes(): number {
    return this.#totalBytes;
  }

  /** Refuses up front when the archive declares more entries than allowed (zip end-of-central-directory). */
  checkDeclaredCount(count: number): void {
    if (count > this.limits.maxEntries) this.#tooMany(count);
  }

  #tooMany(count: number): never {
    throw new LimitError(
      'limit/archive-entries',
      `The archive ${quote(this.archive)} is refused: it has ${count} entries, more than the limit of ${this.limits.maxEntries}.`,
    );
  }

  /** Checks one entry's path, type and sizes; returns its safe path. */
  add(header: ArchiveEntryHeader): string {
    const path = safeEntryPath(header.path, this.archive);
    if (header.kind !== 'file' && header.kind !== 'directory') {
      const what = {
        symlink: 'is a symbolic link',
        hardlink: 'is a hard link',
        device: 'is a device file',
        other: 'is not a regular file (FIFO, socket or unknown type)',
      }[header.kind];
      throw new InputError(
        'input/archive-link',
        `The archive ${quote(this.archive)} is refused: entry ${quote(header.path)} ${what}; only regular files and folders are accepted.`,
        [{ path: header.path, message: what }],
      );
    }
    this.#entries += 1;
    if (this.#entries > this.limits.maxEntries) this.#tooMany(this.#entries);
    this.#totalBytes += header.size;
    if (this.#totalBytes > this.limits.maxTotalBytes) {
      throw new LimitError(
        'limit/archive-size',
        `The archive ${quote(this.archive)} is refused: its entries up to ${quote(header.path)} hold ${this.#totalBytes} bytes uncompressed, more than the limit of ${this.limits.maxTotalBytes}.`,
        [{ path: header.path, message: 'total uncompressed size over the limit' }],
      );
    }
    const { maxRatio, ratioMinBytes } = this.limits;
    if (header.compressedSize !== undefined && header.size >= ratioMinBytes) {
      const ratio = header.size / Math.max(1, header.compressedSize);
      if (ratio > maxRatio)
        this.#bomb(header.path, `entry ${quote(header.path)} expands ${Math.round(ratio)}×`);
    }
    if (this.archiveBytes !== undefined && this.#totalBytes >= ratioMinBytes) {
      const ratio = this.#totalBytes / Math.max(1, this.archiveBytes);
      if (ratio > maxRatio) {
        this.#bomb(header.path, `its entries up to ${quote(header.path)} expand ${Math.round(ratio)}×`);
      }
    }
    return path;
  }

  #bomb(path: string, what: string): never {
    throw new LimitError(
      'limit/archive-ratio',
      `The archive ${quote(this.archive)} is refused as a likely zip bomb: ${what}, more than the limit of ${this.limits.maxRatio}×.`,
      [{ path, message: 'compression ratio over the limit' }],
    );
  }
}

/** Unix file type bits from a zip entry's external attributes (only set by Unix zip tools). */
export function zipEntryKind(entry: {
  fileName: string;
  versionMadeBy: number;
  externalFileAttributes: number;
}): ArchiveEntryKind {
  const madeByUnix = entry.versionMadeBy >> 8 === 3;
  const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
  if (madeByUnix && mode !== 0) {
    if (mode === 0o120000) return 'symlink';
    if (mode === 0o040000) return 'directory';
    if (mode === 0o100000) return 'file';
    if (mode === 0o020000 || mode === 0o060000) return 'device';
    return 'other';
  }
  return entry.fileName.endsWith('/') ? 'directory' : 'file';
}

/** The kind of a tar entry from its header type (pax and GNU long-name headers never reach here). */
export function tarEntryKind(type: string | null | undefined): ArchiveEntryKind {
  switch (type ?? 'file') {
    case 'file':
    case 'contiguous-file':
      return 'file';
    case 'directory':
      return 'directory';
    case 'symlink':
      return 'symlink';
    case 'link':
      return 'hardlink';
    case 'character-device':
    case 'block-device':
      return 'device';
    default:
      return 'other';
  }
}
