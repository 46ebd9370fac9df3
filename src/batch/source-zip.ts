/**
 * A `.zip` as a batch (yauzl). The pre-scan reads only the central directory: entry count, paths, types,
 * declared sizes and ratios are checked before any entry is decompressed. Entries are then read one at a
 * time; yauzl checks that no entry inflates past its declared size.
 */
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { errorMessage, InputError, ReadoutError } from '../errors.js';
import { assertSize } from '../read/decode.js';
import { ArchiveBudget, type ArchiveLimits, zipEntryKind } from './archive-safety.js';
import { type BatchSource, isSkippedPath, type SourceEntry, type SourceOptions } from './source-types.js';

const OPEN_OPTIONS: yauzl.Options = {
  lazyEntries: true,
  autoClose: false,
  // Names are decoded and checked here (safeEntryPath) rather than by yauzl, so that a refusal names the
  // entry and the rule; strictFileNames: false turns Windows backslashes into "/" before the check.
  decodeStrings: false,
  validateEntrySizes: true,
};

function corrupt(path: string, error: unknown): InputError {
  return new InputError(
    'input/archive-corrupt',
    `The zip archive ${JSON.stringify(path)} cannot be read: ${errorMessage(error)}.`,
    [],
    { cause: error },
  );
}

async function openZip(path: string): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.openPromise(path, OPEN_OPTIONS);
  } catch (error) {
    throw corrupt(path, error);
  }
}

/** Reads the central directory entry by entry (lazyEntries), ending with undefined. */
function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry) => {
      cleanup();
      resolve(entry);
    };
    const onEnd = () => {
      cleanup();
      resolve(undefined);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function entryName(entry: yauzl.Entry): string {
  // With decodeStrings off, fileName is the raw bytes; decode as the entry's flags and extra fields say.
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false);
}

async function readAll(stream: Readable, maxBytes: number, label: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = chunk as Buffer;
    size += buf.byteLength;
    if (size > maxBytes) {
      stream.destroy();
      assertSize(size, maxBytes, label);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, size);
}

/** The entries of an open zip in order, with their decoded names and kinds; a corrupt directory is refused. */
async function* zipEntries(
  zip: yauzl.ZipFile,
  path: string,
): AsyncGenerator<{ entry: yauzl.Entry; name: string; kind: ReturnType<typeof zipEntryKind> }> {
  for (;;) {
    let entry: yauzl.Entry | undefined;
    try {
      entry = await nextEntry(zip);
    } catch (error) {
      throw corrupt(path, error);
    }
    if (!entry) return;
    const name = entryName(entry);
    yield { entry, name, kind: zipEntryKind({ ...entry, fileName: name }) };
  }
}

interface Scanned {
  /** Article entries (not folders, not skipped files). */
  total: number;
  skipped: number;
}

async function scanZip(path: string, limits: ArchiveLimits): Promise<Scanned> {
  const zip = await openZip(path);
  try {
    const budget = new ArchiveBudget(path, limits);
    budget.checkDeclaredCount(zip.entryCount);
    let total = 0;
    let skipped = 0;
    for await (const { entry, name, kind } of zipEntries(zip, path)) {
      const safe = budget.add({
        path: name,
        kind,
        size: entry.uncompressedSize,
        compressedSize: entry.compressedSize,
      });
      if (kind === 'directory') continue;
      if (isSkippedPath(safe)) skipped += 1;
      else total += 1;
    }
    return { total, skipped };
  } finally {
    zip.close();
  }
}

export async function zipSource(
  path: string,
  options: SourceOptions,
  limits: ArchiveLimits,
): Promise<BatchSource> {
  const { total, skipped } = await scanZip(path, limits);
  const format = options.format ?? 'auto';
  return {
    kind: 'zip',
    path,
    total,
    skipped,
    async *entries(): AsyncGenerator<SourceEntry, void, undefined> {
      const zip = await openZip(path);
      try {
        for await (const { entry, name: raw, kind } of zipEntries(zip, path)) {
          // The pre-scan accepted every path and type; checked again in case the file changed since.
          const name = new ArchiveBudget(path, limits).add({ path: raw, kind, size: 0 });
          if (kind === 'directory' || isSkippedPath(name)) continue;
          try {
            assertSize(entry.uncompressedSize, options.maxInputBytes, `"${name}"`);
            const stream = await zip.openReadStreamPromise(entry);
            const data = await readAll(stream, options.maxInputBytes, `"${name}"`);
            yield { name, input: { data, format, name } };
          } catch (error) {
            const typed =
              error instanceof ReadoutError
                ? error
                : new InputError(
                    'input/archive-entry',
                    `Entry "${name}" of ${JSON.stringify(path)} cannot be read: ${errorMessage(error)}.`,
                  );
            yield { name, error: typed };
          }
        }
      } finally {
        zip.close();
      }
    },
  };
}
