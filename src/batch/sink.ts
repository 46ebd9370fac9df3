/**
 * Where a batch's results go as entries finish: a folder (files hard-linked from the cache, copied when
 * a link is not possible) or a zip written as a stream by archiver — to a file (`out.zip.partial`, renamed
 * to `out.zip` only when complete) or to any writable stream (an HTTP response).
 */
import { createWriteStream } from 'node:fs';
import { copyFile, link, mkdir, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { ZipArchive, type ZipEntryData } from 'archiver';
import { safeRelativePath } from '../export.js';

export interface BatchSink {
  /** The folder or zip written to, for messages. */
  readonly target: string;
  /** Adds a file from disk at a relative path of the output. */
  addFile(path: string, source: string): Promise<void>;
  /** Adds bytes at a relative path of the output. */
  addBytes(path: string, data: Uint8Array | string): Promise<void>;
  /** Completes the output. */
  finish(): Promise<void>;
  /** Abandons the output (an unfinished zip file is removed). */
  abort(): Promise<void>;
}

async function replaceWith(target: string, place: (target: string) => Promise<void>): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  await unlink(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await place(target);
}

/** A folder sink; files already there from an earlier run of the same batch are replaced. */
export function directorySink(dir: string): BatchSink {
  return {
    target: dir,
    async addFile(path, source) {
      await replaceWith(join(dir, safeRelativePath(path)), async (target) => {
        try {
          await link(source, target);
        } catch {
          await copyFile(source, target); // another file system, or links not allowed
        }
      });
    },
    async addBytes(path, data) {
      const target = join(dir, safeRelativePath(path));
      const tmp = `${target}.${process.pid}.tmp`;
      await mkdir(dirname(target), { recursive: true });
      await writeFile(tmp, data);
      await rename(tmp, target);
    },
    async finish() {},
    async abort() {},
  };
}

/** Already-compressed formats are stored in the zip as they are. */
const STORED = /\.(epub|pdf|zip|mp3|m4a|ogg|jpe?g|png|gif|webp|avif)$/i;

/** A zip written as a stream to `out` (closed by finish). */
export function zipStreamSink(out: Writable, options: { target?: string; date?: Date } = {}): BatchSink {
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const date = options.date ?? new Date();
  let failure: Error | undefined;
  zip.on('error', (error) => {
    failure ??= error;
  });
  zip.on('warning', (error) => {
    failure ??= error;
  });
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('finish', resolve);
    out.on('error', reject);
  });
  zip.pipe(out);
  const entryData = (path: string): ZipEntryData => ({
    name: safeRelativePath(path),
    date,
    store: STORED.test(path),
  });
  const check = () => {
    if (failure) throw failure;
  };
  return {
    target: options.target ?? 'zip stream',
    async addFile(path, source) {
      check();
      zip.file(source, entryData(path));
    },
    async addBytes(path, data) {
      check();
      zip.append(Buffer.from(data), entryData(path));
    },
    async finish() {
      check();
      await zip.finalize();
      await closed;
      check();
    },
    async abort() {
      zip.abort();
      out.destroy();
    },
  };
}

/** A zip file sink: written to `path.partial`, renamed to `path` when finished, removed when abandoned. */
export function zipFileSink(path: string, options: { date?: Date } = {}): BatchSink {
  const partial = `${path}.partial`;
  let inner: BatchSink | undefined;
  // One promise, so that entries finishing at the same moment share one zip (and one file).
  let opening: Promise<BatchSink> | undefined;
  const open = (): Promise<BatchSink> => {
    opening ??= mkdir(dirname(path), { recursive: true }).then(() => {
      inner = zipStreamSink(createWriteStream(partial), { target: path, ...options });
      return inner;
    });
    return opening;
  };
  return {
    target: path,
    addFile: async (p, source) => (await open()).addFile(p, source),
    addBytes: async (p, data) => (await open()).addBytes(p, data),
    async finish() {
      await (await open()).finish();
      await rename(partial, path);
    },
    async abort() {
      await inner?.abort();
      await rm(partial, { force: true });
    },
  };
}
