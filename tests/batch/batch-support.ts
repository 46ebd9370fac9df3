/** Shared by the batch tests: corpus inputs in every source shape, hostile archives, a fetcher that never connects. */
import { createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { ZipArchive } from 'archiver';
import tar from 'tar-stream';
import yauzl from 'yauzl';
import { sha256 } from '../../src/export.js';
import { createSafeFetcher, type SafeFetcher } from '../../src/net/safe-fetch.js';
import { corpusPages, corpusText } from '../helpers/corpus.js';

export const MEDUZA = 'meduza-lavrov-blinken.txt';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `readout-batch-${prefix}-`));
}

/** The corpus as batch entries: the original article and the ten pages (relative path → content). */
export function corpusFiles(): Map<string, string> {
  const files = new Map<string, string>([[MEDUZA, corpusText(MEDUZA)]]);
  for (const page of corpusPages()) files.set(`pages/${page}.html`, corpusText('pages', page, 'source.html'));
  return files;
}

export function writeTree(root: string, files: ReadonlyMap<string, string | Buffer>): string {
  for (const [path, content] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** A zip written by archiver (a real-world zip writer). */
export async function writeZip(path: string, files: ReadonlyMap<string, string | Buffer>): Promise<string> {
  const zip = new ZipArchive({ zlib: { level: 6 } });
  const out = createWriteStream(path);
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
  });
  zip.pipe(out);
  for (const [name, content] of files) zip.append(Buffer.from(content), { name });
  await zip.finalize();
  await closed;
  return path;
}

export interface TarItem {
  name: string;
  content?: string;
  type?: 'file' | 'symlink' | 'link' | 'character-device' | 'directory';
  linkname?: string;
}

/** A tar (gzipped when asked) written by tar-stream; names and types are written exactly as given. */
export async function tarBytes(items: readonly TarItem[], gzip: boolean): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  for (const item of items) {
    const type = item.type ?? 'file';
    const header = { name: item.name, type, ...(item.linkname ? { linkname: item.linkname } : {}) };
    if (type === 'file')
      pack.entry({ ...header, size: Buffer.byteLength(item.content ?? '') }, item.content ?? '');
    else pack.entry(header);
  }
  pack.finalize();
  await done;
  const bytes = Buffer.concat(chunks);
  return gzip ? gzipSync(bytes) : bytes;
}

export interface RawZipItem {
  name: string;
  data?: Buffer;
  /** Store the data deflated (the default is stored). */
  deflate?: boolean;
  /** Declared uncompressed size (default: the real one). */
  declaredSize?: number;
  /** Unix mode bits in the external attributes (e.g. 0o120777 for a symlink). */
  unixMode?: number;
}

/**
 * A zip assembled byte by byte, because zip writers (archiver included) clean names and sizes: this one
 * writes `../../x`, absolute paths, symlink modes and lying sizes exactly as asked.
 */
export function rawZip(items: readonly RawZipItem[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const item of items) {
    const name = Buffer.from(item.name, 'utf8');
    const data = item.data ?? Buffer.alloc(0);
    const stored = item.deflate ? deflateRawSync(data) : data;
    const method = item.deflate ? 8 : 0;
    const crc = crc32(data);
    const size = item.declaredSize ?? data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(item.unixMode === undefined ? 20 : (3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(item.unixMode === undefined ? 0 : (item.unixMode << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    const localAll = Buffer.concat([local, name, stored]);
    locals.push(localAll);
    centrals.push(Buffer.concat([central, name]));
    offset += localAll.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(items.length, 8);
  end.writeUInt16LE(items.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Every file of a zip: name → bytes. */
export async function readZip(path: string): Promise<Map<string, Buffer>> {
  return zipFiles(await yauzl.openPromise(path));
}

/** Every file of a zip held in memory: name → bytes. */
export async function unzip(bytes: Buffer): Promise<Map<string, Buffer>> {
  return zipFiles(await yauzl.fromBufferPromise(bytes));
}

async function zipFiles(zip: yauzl.ZipFile): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    const stream = await zip.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    out.set(entry.fileName, Buffer.concat(chunks));
  }
  return out;
}

export async function fileSha(path: string): Promise<string> {
  return sha256(await readFile(path));
}

/**
 * The real SSRF-guarded fetcher, made unable to reach anything: every name resolves to a private address
 * (refused), and the connector fails the test if it is ever reached. Literal private IPs are refused too.
 */
export function refusingFetcher(): SafeFetcher & { attempts: string[] } {
  const attempts: string[] = [];
  const fetcher = createSafeFetcher({
    timeoutMs: 5000,
    maxBytes: 1024 * 1024,
    maxRedirects: 0,
    allowHosts: [],
    lookup: async () => [{ address: '10.255.255.1', family: 4 }],
    connect: (options, callback) => {
      attempts.push(options.hostname);
      callback(new Error(`connect must not be reached (${options.hostname})`), null);
    },
  });
  return Object.assign(fetcher, { attempts });
}
