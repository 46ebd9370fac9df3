/**
 * A batch's folder in the data folder, `batches/<id>/`: `input/<name>` (the upload), `cache/` (the result
 * cache runBatch resumes from, shared with `readout worker` processes), `out/` (manifest.json and the
 * anthology), `events.jsonl` (every event of every run, numbered, for Server-Sent Events) and
 * `files-<run>.jsonl` (what the run put into its output, in order, ending with an `end` line: the list the
 * result zip is streamed from). Logs are appended one line at a time and read back by followers that wait
 * for more lines until the batch is over, so neither writer nor reader holds more than a line in memory.
 */
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, open, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isJobId } from './files.js';

export const BATCHES_FOLDER = 'batches';

/** Where a batch's files are. */
export class BatchFolder {
  readonly dir: string;

  constructor(
    readonly dataDir: string,
    readonly id: string,
  ) {
    if (!isJobId(id)) throw new Error(`not a batch id: ${id}`);
    this.dir = join(resolve(dataDir), BATCHES_FOLDER, id);
  }

  get inputDir(): string {
    return join(this.dir, 'input');
  }
  get cacheDir(): string {
    return join(this.dir, 'cache');
  }
  get outDir(): string {
    return join(this.dir, 'out');
  }
  get eventsLog(): string {
    return join(this.dir, 'events.jsonl');
  }
  filesLog(run: number): string {
    return join(this.dir, `files-${run}.jsonl`);
  }
  get manifestPath(): string {
    return join(this.outDir, 'manifest.json');
  }

  remove(): Promise<void> {
    return rm(this.dir, { recursive: true, force: true });
  }
}

/** A path inside the data folder as a relative one (what crosses the queue), or an error. */
export function dataRelative(dataDir: string, path: string): string {
  const rel = relative(resolve(dataDir), resolve(path));
  if (!rel || rel.startsWith('..') || rel.startsWith(sep)) {
    throw new Error(`${path} is not inside the data folder ${dataDir}`);
  }
  return rel.split(sep).join('/');
}

/** The absolute path of a data-folder-relative path, refusing anything that would leave the folder. */
export function dataPath(dataDir: string, rel: string): string {
  const root = resolve(dataDir);
  const path = resolve(root, rel);
  if (path !== root && !path.startsWith(`${root}${sep}`)) {
    throw new Error(`${rel} leaves the data folder`);
  }
  return path;
}

/** Appends JSON lines to a file, in call order. */
export class LineLog {
  #tail: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly onAppend: () => void = () => {},
  ) {}

  append(value: unknown): Promise<void> {
    const line = `${JSON.stringify(value)}\n`;
    const next = this.#tail.then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      await appendFile(this.path, line);
      this.onAppend();
    });
    this.#tail = next.catch(() => undefined);
    return next;
  }

  /** Resolves when every append so far is on disk. */
  flush(): Promise<void> {
    return this.#tail;
  }
}

/** Lines in the file (0 when it does not exist): the next event number continues from here. */
export async function countLines(path: string): Promise<number> {
  let count = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      const buf = chunk as Buffer;
      for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) count += 1;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return count;
}

export interface FollowOptions {
  /** True once nothing more will be appended (checked before each read, so the last lines are not missed). */
  ended: () => boolean;
  /** Resolves on the next append (or a little later: followers also poll). */
  appended: () => Promise<void>;
  signal?: AbortSignal;
  pollMs?: number;
}

/** Reads a JSON-lines log from its start, then waits for more lines until `ended()`; yields each parsed line. */
export async function* followLines<T>(
  path: string,
  options: FollowOptions,
): AsyncGenerator<T, void, undefined> {
  const { signal } = options;
  const pollMs = options.pollMs ?? 500;
  let offset = 0;
  let rest = '';
  const buf = Buffer.alloc(64 * 1024);
  for (;;) {
    if (signal?.aborted) return;
    const ended = options.ended();
    const lines: T[] = [];
    const file = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (file) {
      try {
        for (;;) {
          const { bytesRead } = await file.read(buf, 0, buf.length, offset);
          if (bytesRead === 0) break;
          offset += bytesRead;
          rest += buf.subarray(0, bytesRead).toString('utf8');
          let nl = rest.indexOf('\n');
          while (nl !== -1) {
            const line = rest.slice(0, nl);
            rest = rest.slice(nl + 1);
            if (line.trim()) lines.push(JSON.parse(line) as T);
            nl = rest.indexOf('\n');
          }
          if (lines.length >= 256) break;
        }
      } finally {
        await file.close();
      }
    }
    for (const line of lines) yield line;
    if (lines.length) continue;
    if (ended) return;
    await waitFor(options.appended(), pollMs, signal);
  }
}

async function waitFor(event: Promise<void>, ms: number, signal?: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<void>((r) => {
    timer = setTimeout(r, ms);
    onAbort = () => r();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([event, stop]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
