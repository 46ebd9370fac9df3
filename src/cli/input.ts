/** Turns a CLI input argument (file path, `-` for stdin, or an http(s) URL) into an ArticleInput. */
import { readFile, stat } from 'node:fs/promises';
import type { Config } from '../config.js';
import { InputError } from '../errors.js';
import { assertSize } from '../read/decode.js';
import type { ArticleInput, InputFormat } from '../read/index.js';

async function readStdin(maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.byteLength;
    assertSize(size, maxBytes, 'Standard input'); // refuse before buffering more than the limit
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export async function cliInput(
  arg: string,
  format: InputFormat | 'auto',
  config: Config,
): Promise<ArticleInput> {
  if (arg === '-') return { data: await readStdin(config.maxInputBytes), format, name: 'stdin' };
  if (/^https?:\/\//i.test(arg) && (format === 'auto' || format === 'url')) {
    return { data: arg, format: 'url', name: arg };
  }
  let size: number;
  try {
    const info = await stat(arg);
    if (!info.isFile()) throw new InputError('input/not-a-file', `"${arg}" is not a file.`);
    size = info.size;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError('input/not-found', `Cannot read "${arg}": no such file.`);
  }
  assertSize(size, config.maxInputBytes, `"${arg}"`);
  return { data: await readFile(arg), format, name: arg };
}
