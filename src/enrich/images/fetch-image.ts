/**
 * Getting an image's bytes: `data:` URIs, http(s) through the context's SSRF-guarded fetcher, and local files
 * only for CLI inputs (`ctx.baseDir`), only inside that folder (no `..`, no symlink leading out).
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetch as undiciFetch } from 'undici';
import type { Ctx } from '../../context.js';
import { InputError, LimitError, ReadoutError } from '../../errors.js';

export const MAX_IMAGE_BYTES = 15 * 1024 * 1024;

export type ImageOrigin = 'data' | 'http' | 'file';

export interface LoadedImage {
  bytes: Uint8Array;
  origin: ImageOrigin;
}

const ACCEPT =
  'image/jpeg,image/png,image/gif,image/webp,image/avif,image/svg+xml;q=0.9,image/*;q=0.8,*/*;q=0.5';

function short(src: string): string {
  return src.length > 100 ? `${src.slice(0, 97)}…` : src;
}

/** The scheme of an address, lower-cased, or undefined for a relative path. */
function schemeOf(src: string): string | undefined {
  return /^([a-z][a-z0-9+.-]*):/i.exec(src)?.[1]?.toLowerCase();
}

async function loadDataUri(src: string, maxBytes: number): Promise<LoadedImage> {
  // Base64 grows data by 4/3; refuse before decoding anything much larger than the limit.
  if (src.length > Math.ceil((maxBytes * 4) / 3) + 512) {
    throw new LimitError('limit/image-too-large', `The data: image is larger than ${maxBytes} bytes.`);
  }
  let body: ArrayBuffer;
  try {
    // undici implements the Fetch standard's data: URL processor (base64 and percent-encoded forms).
    const response = await undiciFetch(src);
    body = await response.arrayBuffer();
  } catch (error) {
    throw new InputError('input/image-data-uri', 'The data: image address is malformed.', [], {
      cause: error,
    });
  }
  if (body.byteLength > maxBytes) {
    throw new LimitError('limit/image-too-large', `The data: image is larger than ${maxBytes} bytes.`);
  }
  return { bytes: new Uint8Array(body), origin: 'data' };
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' ? false : !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/** The local path an address names: a `file:` URL or a (percent-encoded) relative path. */
function localPath(src: string, base: string): string {
  if (schemeOf(src) === 'file') {
    try {
      return fileURLToPath(src);
    } catch (error) {
      throw new InputError(
        'input/image-path',
        `The image address ${short(src)} is not a valid file URL.`,
        [],
        {
          cause: error,
        },
      );
    }
  }
  const path = src.split(/[?#]/)[0]!;
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // A literal "%" in a file name.
  }
  if (decoded.includes('\0')) {
    throw new InputError('input/image-path', `The image path ${short(src)} is not a valid file name.`);
  }
  return resolve(base, decoded);
}

async function loadLocalFile(src: string, baseDir: string, maxBytes: number): Promise<LoadedImage> {
  const base = await realpath(baseDir);
  const wanted = localPath(src, base);
  if (!isInside(base, wanted)) {
    throw new InputError(
      'input/image-path-outside',
      `The image ${short(src)} is outside the input file's folder; only images inside it are read.`,
    );
  }
  let real: string;
  try {
    real = await realpath(wanted);
  } catch {
    throw new InputError('input/image-not-found', `The image file ${short(src)} does not exist.`);
  }
  // A symbolic link inside the folder may point anywhere: check where it really leads.
  if (!isInside(base, real)) {
    throw new InputError(
      'input/image-path-outside',
      `The image ${short(src)} links to a file outside the input file's folder; only images inside it are read.`,
    );
  }
  const info = await stat(real);
  if (!info.isFile()) throw new InputError('input/image-not-found', `The image ${short(src)} is not a file.`);
  if (info.size > maxBytes) {
    throw new LimitError(
      'limit/image-too-large',
      `The image file ${short(src)} is larger than ${maxBytes} bytes.`,
    );
  }
  return { bytes: new Uint8Array(await readFile(real)), origin: 'file' };
}

/**
 * The bytes of one image. Throws a ReadoutError (InputError, LimitError) naming what went wrong: refused
 * addresses, unreachable hosts, HTTP errors, files outside the allowed folder, sizes over the limit.
 */
export async function fetchImage(
  src: string,
  ctx: Pick<Ctx, 'fetcher' | 'baseDir'>,
  options: { maxBytes?: number; signal?: AbortSignal } = {},
): Promise<LoadedImage> {
  const maxBytes = options.maxBytes ?? MAX_IMAGE_BYTES;
  const trimmed = src.trim();
  const scheme = schemeOf(trimmed);
  if (scheme === 'data') return loadDataUri(trimmed, maxBytes);
  if (scheme === 'http' || scheme === 'https' || trimmed.startsWith('//')) {
    const url = trimmed.startsWith('//') ? `https:${trimmed}` : trimmed;
    try {
      const fetched = await ctx.fetcher.fetch(url, {
        maxBytes,
        accept: ACCEPT,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      return { bytes: fetched.body, origin: 'http' };
    } catch (error) {
      if (error instanceof ReadoutError) throw error;
      throw new InputError('input/image-unreachable', `Could not fetch ${short(url)}.`, [], { cause: error });
    }
  }
  if (scheme === undefined || scheme === 'file') {
    if (!ctx.baseDir) {
      throw new InputError(
        'input/image-local',
        `The image ${short(trimmed)} is a local file; local images are read only for files given on the command line.`,
      );
    }
    return loadLocalFile(trimmed, ctx.baseDir, maxBytes);
  }
  throw new InputError('input/image-scheme', `Images are not fetched from ${scheme}: addresses.`);
}
