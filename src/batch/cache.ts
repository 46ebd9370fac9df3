/**
 * The content-addressed result cache that makes a batch resumable. The key is the sha256 of the input
 * bytes, the requested formats, the writer options (defaults filled in), what decides the input's format,
 * the settings that change results, and the readout VERSION. An entry is a folder holding the exported
 * files, the accessibility report, the enriched Article and its pictures (for an anthology), and last
 * `record.json`; it is written in a temporary folder and renamed into place in one step, so a process
 * killed at any moment leaves either a whole entry or none (stale temporary folders are removed later).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Config } from '../config.js';
import { extensionOf, ImageStore, type ImageVariant, type StoredImage } from '../enrich/images/store.js';
import { type ExportResult, safeRelativePath, sha256 } from '../export.js';
import { Article } from '../model/schema.js';
import { formatFromName } from '../read/detect.js';
import type { ArticleInput, InputFormat } from '../read/index.js';
import type { ReportMessage } from '../report.js';
import { VERSION } from '../version.js';
import type { OutputFormat } from '../write/index.js';

export const CACHE_FOLDER = '.readout-cache';

/** One exported file as the manifest lists it. */
export interface CachedFile {
  format: OutputFormat;
  /** Relative path inside the entry (`story.epub`, `ssml/polly/part-001.ssml`). */
  name: string;
  mediaType: string;
  bytes: number;
  sha256: string;
}

/** What the cache keeps about one finished entry (`record.json`). */
export interface CachedRecord {
  key: string;
  readout: string;
  inputFormat: InputFormat;
  article: { id: string; title: string; lang: string };
  files: CachedFile[];
  warnings: ReportMessage[];
  /** The accessibility report's file name inside the entry. */
  report: string;
  createdAt: string;
}

export interface CacheKeyParts {
  input: ArticleInput;
  formats: readonly OutputFormat[];
  /** Writer options as parsed (defaults filled in), by format. */
  options: ReadonlyMap<OutputFormat, Record<string, unknown>> | Record<string, unknown>;
  config: Pick<Config, 'describerUrl' | 'describerModel'>;
}

/** The cache key of one entry: sha256 (hex) of everything that decides its output. */
export function cacheKey(parts: CacheKeyParts): string {
  const { input } = parts;
  const options =
    parts.options instanceof Map
      ? Object.fromEntries(parts.options)
      : (parts.options as Record<string, unknown>);
  const header = JSON.stringify({
    readout: VERSION,
    formats: parts.formats,
    options,
    input: {
      format: input.format ?? 'auto',
      // The name counts only as far as it decides the format (by extension).
      formatByName: formatFromName(input.name) ?? null,
      charset: input.charset ?? null,
      baseUrl: input.baseUrl ?? null,
    },
    describer: [parts.config.describerUrl ?? null, parts.config.describerModel ?? null],
  });
  const bytes = typeof input.data === 'string' ? Buffer.from(input.data, 'utf8') : input.data;
  return sha256(Buffer.concat([Buffer.from(`${header}\n`, 'utf8'), bytes]));
}

interface ImageFile {
  file: string;
  mediaType: string;
  width: number;
  height: number;
}

interface ImageIndexEntry {
  figure: string;
  sha256: string;
  print: ImageFile;
  /** Absent when the EPUB variant is the print one. */
  epub?: ImageFile;
}

const KEY = /^[0-9a-f]{64}$/;
/** Temporary folders older than this are left over from a killed run and removed by clean(). */
const STALE_TMP_MS = 60 * 60 * 1000;

export class ResultCache {
  constructor(readonly dir: string) {}

  /** The folder of a finished entry. */
  entryDir(key: string): string {
    if (!KEY.test(key)) throw new Error(`not a cache key: ${key}`);
    return join(this.dir, 'entries', key.slice(0, 2), key);
  }

  /** The path of a file of a finished entry (`name` as in its record). */
  filePath(key: string, name: string): string {
    return join(this.entryDir(key), 'files', safeRelativePath(name));
  }

  reportPath(key: string): string {
    return join(this.entryDir(key), 'report.json');
  }

  /** The finished entry's record, or undefined (not there, or unreadable: then it is done again). */
  async get(key: string): Promise<CachedRecord | undefined> {
    let text: string;
    try {
      text = await readFile(join(this.entryDir(key), 'record.json'), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const record = JSON.parse(text) as CachedRecord;
      return record.key === key && record.readout === VERSION && Array.isArray(record.files)
        ? record
        : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stores one export atomically; if another process stored the same key first, its record wins. */
  async put(
    key: string,
    result: ExportResult,
    images: ImageStore | undefined,
    now: Date,
  ): Promise<CachedRecord> {
    const final = this.entryDir(key);
    const tmp = join(this.dir, 'tmp', `${key}.${process.pid}.${randomBytes(4).toString('hex')}`);
    const write = async (rel: string, data: Uint8Array | string) => {
      const path = join(tmp, rel);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, data);
    };
    const record: CachedRecord = {
      key,
      readout: VERSION,
      inputFormat: result.inputFormat,
      article: { id: result.article.id, title: result.article.title, lang: result.article.lang },
      files: result.files.map((f) => ({
        format: f.format,
        name: safeRelativePath(f.name),
        mediaType: f.mediaType,
        bytes: f.size,
        sha256: f.sha256,
      })),
      warnings: result.warnings,
      report: 'report.json',
      createdAt: now.toISOString(),
    };
    try {
      await mkdir(tmp, { recursive: true });
      for (const file of result.files) await write(join('files', safeRelativePath(file.name)), file.bytes);
      await write('report.json', `${JSON.stringify(result.accessibility, null, 2)}\n`);
      await write(join('model', 'article.json'), JSON.stringify(result.article));
      await this.#writeImages(images, write);
      await write('record.json', `${JSON.stringify(record, null, 2)}\n`);
      await mkdir(dirname(final), { recursive: true });
      try {
        await rename(tmp, final);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
        const existing = await this.get(key);
        if (!existing) throw error;
        return existing;
      }
      return record;
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  async #writeImages(
    images: ImageStore | undefined,
    write: (rel: string, data: Uint8Array | string) => Promise<void>,
  ): Promise<void> {
    if (!images || images.size === 0) return;
    const index: ImageIndexEntry[] = [];
    const save = async (variant: ImageVariant, name: string): Promise<ImageFile> => {
      const file = `images/${name}.${extensionOf(variant.mediaType)}`;
      await write(join('model', file), variant.bytes);
      return { file, mediaType: variant.mediaType, width: variant.width, height: variant.height };
    };
    for (const [figure, stored] of images.entries()) {
      const base = stored.sha256.slice(0, 16);
      const print = await save(stored.print, `${base}-p`);
      const entry: ImageIndexEntry = { figure, sha256: stored.sha256, print };
      if (stored.epub !== stored.print) entry.epub = await save(stored.epub, `${base}-e`);
      index.push(entry);
    }
    await write(join('model', 'images.json'), JSON.stringify(index));
  }

  /** The enriched Article and its pictures of a finished entry (for the anthology). */
  async loadModel(key: string): Promise<{ article: Article; images?: ImageStore }> {
    const dir = join(this.entryDir(key), 'model');
    const article = Article.parse(JSON.parse(await readFile(join(dir, 'article.json'), 'utf8')));
    let index: ImageIndexEntry[];
    try {
      index = JSON.parse(await readFile(join(dir, 'images.json'), 'utf8')) as ImageIndexEntry[];
    } catch {
      return { article };
    }
    const images = new ImageStore();
    const load = async (f: ImageFile): Promise<ImageVariant> => ({
      bytes: new Uint8Array(await readFile(join(dir, safeRelativePath(f.file)))),
      mediaType: f.mediaType,
      width: f.width,
      height: f.height,
    });
    for (const entry of index) {
      const print = await load(entry.print);
      const stored: StoredImage = {
        print,
        epub: entry.epub ? await load(entry.epub) : print,
        sha256: entry.sha256,
      };
      images.set(entry.figure, stored);
    }
    return { article, images };
  }

  /** Removes temporary folders left by killed runs (older than an hour, so running writers are spared). */
  async clean(now = Date.now()): Promise<void> {
    const tmp = join(this.dir, 'tmp');
    let names: string[];
    try {
      names = await readdir(tmp);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(tmp, name);
      const info = await stat(path).catch(() => undefined);
      if (info && now - info.mtimeMs > STALE_TMP_MS) await rm(path, { recursive: true, force: true });
    }
  }
}
