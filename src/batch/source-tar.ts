/**
 * A `.tar`, `.tar.gz` or `.tgz` as a batch (tar-stream; gzip by node:zlib, recognised by its magic bytes).
 * A tar has no central directory, so the pre-scan streams through the headers once, skipping every body
 * (nothing is kept), and refuses the archive at the first bad header — a path, a link, a device, or a
 * size that takes the total or the ratio against the file's own size past the limits. The second pass
 * reads the entries one at a time.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { errorMessage, InputError, ReadoutError } from '../errors.js';
import { assertSize } from '../read/decode.js';
import { ArchiveBudget, type ArchiveLimits, tarEntryKind } from './archive-safety.js';
import { type BatchSource, isSkippedPath, type SourceEntry, type SourceOptions } from './source-types.js';

export async function isGzip(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await file.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await file.close();
  }
}

/** One entry of tar-stream's extract stream (a streamx Readable with its header). */
type TarEntry = tar.Extract extends AsyncIterable<infer S> ? S : never;

function corrupt(path: string, error: unknown): InputError {
  return new InputError(
    'input/archive-corrupt',
    `The tar archive ${JSON.stringify(path)} cannot be read: ${errorMessage(error)}.`,
    [],
    { cause: error },
  );
}

/** The archive's entries as tar-stream entry streams; the pipeline is torn down when iteration stops. */
function extractEntries(path: string, gzip: boolean): AsyncIterator<TarEntry> {
  const extract = tar.extract();
  const stages: (NodeJS.ReadableStream | NodeJS.WritableStream)[] = [createReadStream(path)];
  if (gzip) stages.push(createGunzip());
  stages.push(extract);
  pipeline(stages, (error) => {
    if (error) extract.destroy(error);
  });
  return extract[Symbol.asyncIterator]();
}

async function* entriesOf(path: string, gzip: boolean): AsyncGenerator<TarEntry, void, undefined> {
  const iterator = extractEntries(path, gzip);
  try {
    for (;;) {
      let next: IteratorResult<TarEntry>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw error instanceof ReadoutError ? error : corrupt(path, error);
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}

async function readBody(entry: TarEntry, maxBytes: number, label: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of entry) {
    const buf = chunk as Buffer;
    size += buf.byteLength;
    assertSize(size, maxBytes, label);
    chunks.push(buf);
  }
  return Buffer.concat(chunks, size);
}

async function scanTar(
  path: string,
  gzip: boolean,
  limits: ArchiveLimits,
): Promise<{ total: number; skipped: number }> {
  const budget = new ArchiveBudget(path, limits, (await stat(path)).size);
  let total = 0;
  let skipped = 0;
  for await (const entry of entriesOf(path, gzip)) {
    const { header } = entry;
    const kind = tarEntryKind(header.type);
    const safe = budget.add({ path: header.name, kind, size: header.size ?? 0 });
    entry.resume(); // skip the body: nothing is extracted by the pre-scan
    if (kind === 'directory') continue;
    if (isSkippedPath(safe)) skipped += 1;
    else total += 1;
  }
  return { total, skipped };
}

export async function tarSource(
  path: string,
  options: SourceOptions,
  limits: ArchiveLimits,
): Promise<BatchSource> {
  const gzip = await isGzip(path);
  const { total, skipped } = await scanTar(path, gzip, limits);
  const format = options.format ?? 'auto';
  return {
    kind: 'tar',
    path,
    total,
    skipped,
    async *entries(): AsyncGenerator<SourceEntry, void, undefined> {
      for await (const entry of entriesOf(path, gzip)) {
        const { header } = entry;
        const kind = tarEntryKind(header.type);
        // Accepted by the pre-scan; checked again in case the file changed since.
        const name = new ArchiveBudget(path, limits).add({ path: header.name, kind, size: 0 });
        if (kind === 'directory' || isSkippedPath(name)) {
          entry.resume();
          continue;
        }
        let item: SourceEntry;
        try {
          assertSize(header.size ?? 0, options.maxInputBytes, `"${name}"`);
          const data = await readBody(entry, options.maxInputBytes, `"${name}"`);
          item = { name, input: { data, format, name } };
        } catch (error) {
          entry.resume();
          item = {
            name,
            error:
              error instanceof ReadoutError
                ? error
                : new InputError(
                    'input/archive-entry',
                    `Entry "${name}" of ${JSON.stringify(path)} cannot be read: ${errorMessage(error)}.`,
                  ),
          };
        }
        yield item;
      }
    },
  };
}
