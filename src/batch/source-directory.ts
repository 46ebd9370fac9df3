/**
 * A directory tree as a batch: every regular file that is not an asset or hidden, in sorted path order.
 * The pre-scan lists names only (no content); files are read one at a time as entries are asked for.
 * Symbolic links and other special files are not followed: each becomes a failed entry saying so.
 */
import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { InputError, LimitError } from '../errors.js';
import { assertSize } from '../read/decode.js';
import type { ArchiveLimits } from './archive-safety.js';
import { type BatchSource, isSkippedPath, type SourceEntry, type SourceOptions } from './source-types.js';

interface Listed {
  path: string;
  /** Why the file is not read (a link or a special file). */
  refused?: string;
}

function describeSpecial(entry: Dirent): string {
  if (entry.isSymbolicLink()) return 'is a symbolic link (links are not followed)';
  return 'is not a regular file';
}

async function walk(
  root: string,
  exclude: ReadonlySet<string>,
  limits: ArchiveLimits,
): Promise<{ files: Listed[]; skipped: number }> {
  const files: Listed[] = [];
  let skipped = 0;
  const visit = async (rel: string): Promise<void> => {
    const abs = rel ? join(root, rel) : root;
    const entries = (await readdir(abs, { withFileTypes: true })).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (exclude.has(join(root, path))) continue;
      if (isSkippedPath(path)) {
        skipped += 1;
        continue;
      }
      if (entry.isDirectory()) await visit(path);
      else files.push(entry.isFile() ? { path } : { path, refused: describeSpecial(entry) });
      if (files.length > limits.maxEntries) {
        throw new LimitError(
          'limit/archive-entries',
          `The folder ${JSON.stringify(root)} has more than ${limits.maxEntries} files, the limit of entries in a batch.`,
        );
      }
    }
  };
  await visit('');
  return { files, skipped };
}

export async function directorySource(
  path: string,
  options: SourceOptions,
  limits: ArchiveLimits,
): Promise<BatchSource> {
  const root = resolve(path);
  const exclude = new Set((options.exclude ?? []).map((p) => resolve(p)));
  const { files, skipped } = await walk(root, exclude, limits);
  const format = options.format ?? 'auto';
  return {
    kind: 'directory',
    path,
    total: files.length,
    skipped,
    async *entries(): AsyncGenerator<SourceEntry, void, undefined> {
      for (const file of files) {
        const abs = join(root, file.path);
        if (file.refused) {
          yield {
            name: file.path,
            error: new InputError('input/batch-not-a-file', `"${file.path}" ${file.refused}.`),
          };
          continue;
        }
        try {
          const info = await stat(abs);
          assertSize(info.size, options.maxInputBytes, `"${file.path}"`);
          const data = await readFile(abs);
          yield { name: file.path, input: { data, format, name: file.path }, baseDir: dirname(abs) };
        } catch (error) {
          yield {
            name: file.path,
            error:
              error instanceof LimitError
                ? error
                : new InputError(
                    'input/batch-unreadable',
                    `"${file.path}" could not be read: ${String(error)}`,
                  ),
          };
        }
      }
    },
  };
}
