/** Helpers for the EPUB tests: a zip reader, an in-memory picture fetcher and corpus articles. */
import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import sharp from 'sharp';
import type { Ctx } from '../../src/context.js';
import { enrich } from '../../src/enrich/pipeline.js';
import type { Article } from '../../src/model/schema.js';
import type { Fetcher } from '../../src/net/fetcher.js';
import { readArticle } from '../../src/read/index.js';
import { corpusText } from '../helpers/corpus.js';
import { testCtx } from '../helpers/ctx.js';

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflated. */
  method: number;
  /** The entry's DOS date-time, decoded as UTC. */
  date: Date;
  bytes: Buffer;
  /** Offset of the local header (the order in the archive). */
  offset: number;
}

/**
 * Reads a zip's central directory and inflates every entry. Hand-written (about 40 lines over node:zlib):
 * no zip reader is among the project's dependencies, and the tests need the raw layout (stored mimetype
 * first, entry dates) that a higher-level library would hide anyway.
 */
export function readZip(data: Uint8Array): ZipEntry[] {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file: no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const time = buf.readUInt16LE(p + 12);
    const day = buf.readUInt16LE(p + 14);
    const size = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extra = buf.readUInt16LE(p + 30);
    const comment = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    const start = offset + 30 + buf.readUInt16LE(offset + 26) + buf.readUInt16LE(offset + 28);
    const raw = buf.subarray(start, start + size);
    const date = new Date(
      Date.UTC(
        (day >> 9) + 1980,
        ((day >> 5) & 15) - 1,
        day & 31,
        time >> 11,
        (time >> 5) & 63,
        (time & 31) * 2,
      ),
    );
    entries.push({
      name,
      method,
      date,
      bytes: method === 8 ? inflateRawSync(raw) : Buffer.from(raw),
      offset,
    });
    p += 46 + nameLength + extra + comment;
  }
  return entries.sort((a, b) => a.offset - b.offset);
}

/** One entry's text (throws when absent). */
export function zipText(entries: readonly ZipEntry[], name: string): string {
  const entry = entries.find((e) => e.name === name);
  if (!entry) throw new Error(`${name} is not in the EPUB (${entries.map((e) => e.name).join(', ')})`);
  return entry.bytes.toString('utf8');
}

/** A small picture whose colours and size depend on `seed` (so different addresses give different files). */
export async function picture(seed: string): Promise<Buffer> {
  const h = createHash('sha256').update(seed).digest();
  const width = 160 + (h[0]! % 120);
  const height = 100 + (h[1]! % 80);
  return sharp({ create: { width, height, channels: 3, background: { r: h[2]!, g: h[3]!, b: h[4]! } } })
    .jpeg()
    .toBuffer();
}

/** Serves a generated picture for every address, from memory: the tests never reach the network. */
export const pictureFetcher: Fetcher = {
  async fetch(url) {
    return { url, status: 200, contentType: 'image/jpeg', body: await picture(url) };
  },
};

export interface CorpusBook {
  name: string;
  article: Article;
  ctx: Ctx;
}

/** The original article (`meduza`) or a corpus page, read and enriched with pictures from memory. */
export async function corpusArticle(name: string): Promise<CorpusBook> {
  const ctx = testCtx({ fetcher: pictureFetcher });
  const file = name === 'meduza' ? 'meduza-lavrov-blinken.txt' : `pages/${name}/source.html`;
  const text = name === 'meduza' ? corpusText(file) : corpusText('pages', name, 'source.html');
  const { article } = await readArticle({ data: text, name: file }, ctx);
  return { name, article: await enrich(article, ctx), ctx };
}
