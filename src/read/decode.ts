/**
 * Bytes → text, refusing what is not text before any parser sees it: too large (checked first, before
 * decoding), empty, binary (NUL bytes or a known binary signature), or not valid in its encoding.
 */
import { InputError, LimitError } from '../errors.js';

/** Signatures of binary formats people send by mistake, so the error can say what the input is. */
const SIGNATURES: { name: string; bytes: number[]; offset?: number }[] = [
  { name: 'a PNG image', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: 'a JPEG image', bytes: [0xff, 0xd8, 0xff] },
  { name: 'a GIF image', bytes: [0x47, 0x49, 0x46, 0x38] },
  { name: 'a PDF document', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  { name: 'a ZIP archive (or EPUB/DOCX)', bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'a gzip archive', bytes: [0x1f, 0x8b] },
  { name: 'a WebP image', bytes: [0x57, 0x45, 0x42, 0x50], offset: 8 },
  { name: 'an MP3 file', bytes: [0x49, 0x44, 0x33] },
  { name: 'a WAV/RIFF file', bytes: [0x52, 0x49, 0x46, 0x46] },
  { name: 'an ELF executable', bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'a 7-Zip archive', bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
];

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((b, i) => bytes[offset + i] === b);
}

export interface DecodeOptions {
  maxBytes: number;
  /** What the input is called in messages ("the request body", "article.html"). */
  label?: string;
  /** A charset declared outside the bytes (HTTP Content-Type). */
  charset?: string;
}

export function assertSize(byteLength: number, maxBytes: number, label = 'The input'): void {
  if (byteLength > maxBytes) {
    throw new LimitError(
      'limit/input-too-large',
      `${label} is ${byteLength} bytes; the limit is ${maxBytes} bytes (READOUT_MAX_INPUT_BYTES).`,
    );
  }
}

/** Checks decoded text: not empty, no NUL characters. */
export function assertText(text: string, label = 'The input'): void {
  if (!text.trim()) throw new InputError('input/empty', `${label} is empty.`);
  if (text.includes('\u0000')) {
    throw new InputError('input/binary', `${label} contains NUL characters: it is binary data, not text.`);
  }
}

/** Finds a charset declared inside an HTML document (`<meta charset>` or http-equiv), in its first 4 KB. */
export function sniffHtmlCharset(head: string): string | undefined {
  const match =
    /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)/i.exec(head) ??
    /<meta[^>]+content\s*=\s*["'][^"']*charset=([A-Za-z0-9_.:-]+)/i.exec(head);
  return match?.[1]?.toLowerCase();
}

function decoderFor(label: string | undefined): TextDecoder | undefined {
  if (!label) return undefined;
  try {
    return new TextDecoder(label, { fatal: true });
  } catch {
    return undefined; // unknown label: fall back to UTF-8
  }
}

export function decodeInput(bytes: Uint8Array, options: DecodeOptions): string {
  const label = options.label ?? 'The input';
  assertSize(bytes.byteLength, options.maxBytes, label);
  for (const sig of SIGNATURES) {
    if (startsWith(bytes, sig.bytes, sig.offset)) {
      throw new InputError('input/binary', `${label} looks like ${sig.name}, not an article.`);
    }
  }
  let decoder: TextDecoder | undefined;
  let body = bytes;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) body = bytes.subarray(3);
  else if (startsWith(bytes, [0xff, 0xfe])) decoder = new TextDecoder('utf-16le', { fatal: true });
  else if (startsWith(bytes, [0xfe, 0xff])) decoder = new TextDecoder('utf-16be', { fatal: true });
  if (!decoder) {
    if (body.includes(0)) {
      throw new InputError('input/binary', `${label} contains NUL bytes: it is binary data, not text.`);
    }
    const head = new TextDecoder('latin1').decode(body.subarray(0, 4096));
    decoder =
      decoderFor(options.charset) ??
      decoderFor(sniffHtmlCharset(head)) ??
      new TextDecoder('utf-8', { fatal: true });
  }
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    throw new InputError(
      'input/invalid-encoding',
      `${label} is not valid ${decoder.encoding.toUpperCase()} text${decoder.encoding === 'utf-8' ? ' (and declares no other charset)' : ''}.`,
    );
  }
  assertText(text, label);
  return text;
}
