import { describe, expect, it } from 'vitest';
import { InputError, LimitError } from '../../src/errors.js';
import { decodeInput, sniffHtmlCharset } from '../../src/read/decode.js';

const max = 1000;
const enc = (s: string) => new TextEncoder().encode(s);

describe('decodeInput', () => {
  it('decodes UTF-8 and strips a BOM', () => {
    expect(decodeInput(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc('Привет')]), { maxBytes: max })).toBe(
      'Привет',
    );
  });

  it('decodes UTF-16 with a BOM', () => {
    const body = Buffer.from('\ufeffHéllo', 'utf16le');
    expect(decodeInput(body, { maxBytes: max })).toBe('Héllo');
  });

  it('refuses input over the limit before decoding, naming the sizes', () => {
    const big = new Uint8Array(max + 1).fill(0x41);
    expect(() => decodeInput(big, { maxBytes: max })).toThrow(LimitError);
    expect(() => decodeInput(big, { maxBytes: max })).toThrow(/1001 bytes; the limit is 1000/);
  });

  it.each([
    ['empty', ''],
    ['whitespace only', ' \n\t \r\n'],
  ])('refuses %s input', (_name, text) => {
    expect(() => decodeInput(enc(text), { maxBytes: max })).toThrow(/is empty/);
  });

  it('refuses NUL bytes as binary', () => {
    expect(() => decodeInput(Uint8Array.from([0x41, 0, 0x42]), { maxBytes: max })).toThrow(/NUL bytes/);
  });

  it('names known binary formats', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    expect(() => decodeInput(png, { maxBytes: max })).toThrow(/looks like a PNG image/);
    expect(() => decodeInput(enc('%PDF-1.7\n...'), { maxBytes: max })).toThrow(/PDF document/);
  });

  it('refuses invalid UTF-8 with an InputError', () => {
    const bad = Uint8Array.from([...enc('Hello '), 0xc3, 0x28, ...enc(' world')]);
    const attempt = () => decodeInput(bad, { maxBytes: max, label: 'article.txt' });
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow(/article.txt is not valid UTF-8/);
  });

  it('honours a charset declared in the HTML or by the caller', () => {
    const cp1251 = Uint8Array.from([0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2]); // "Привет" in windows-1251
    const html = Uint8Array.from([
      ...enc('<html><head><meta charset="windows-1251"></head><body>'),
      ...cp1251,
    ]);
    expect(decodeInput(html, { maxBytes: max })).toContain('Привет');
    expect(decodeInput(cp1251, { maxBytes: max, charset: 'windows-1251' })).toBe('Привет');
  });

  it('sniffs http-equiv charsets', () => {
    expect(sniffHtmlCharset('<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')).toBe(
      'iso-8859-1',
    );
  });
});
