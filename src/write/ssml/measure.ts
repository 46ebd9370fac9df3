/**
 * Sizes of a request without writing it: characters and UTF-8 bytes of exactly what serialize.ts
 * writes (same escaping, same empty-element form), spoken characters and `<voice>` elements. Lets the
 * chunker try many cuts cheaply; the writer checks the real bytes afterwards.
 */
import type { Attr, Sink } from './dialects/types.js';

export interface Size {
  chars: number;
  bytes: number;
  /** Characters of text content (what engines bill). */
  billed: number;
  voices: number;
}

/** Characters and UTF-8 bytes of `s` once escaped (escapes are ASCII: one byte per added character). */
function measureString(s: string, attr: boolean): Measured {
  let extra = 0;
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      bytes += 1;
      if (c === 38)
        extra += 4; // &amp;
      else if (c === 60 || c === 62)
        extra += 3; // &lt; &gt;
      else if (attr && c === 34) extra += 5; // &quot;
    } else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4; // a surrogate pair: two UTF-16 units, four bytes
      i++;
    } else bytes += 3;
  }
  return { chars: s.length + extra, bytes: bytes + extra };
}

export interface Measured {
  chars: number;
  bytes: number;
}

export class SizeSink implements Sink {
  chars = 0;
  bytes = 0;
  billed = 0;
  voices = 0;
  private readonly stack: string[] = [];

  /** `texts`: sizes of texts measured before (the chunker measures the same texts many times). */
  constructor(private readonly texts?: Map<string, Measured>) {}

  private add(s: string): void {
    // Markup we write ourselves is ASCII except attribute values, which are measured separately.
    this.chars += s.length;
    this.bytes += s.length;
  }

  private attrs(attrs: readonly Attr[]): void {
    for (const [name, value] of attrs) {
      this.add(` ${name}=""`);
      const m = measureString(value, true);
      this.chars += m.chars;
      this.bytes += m.bytes;
    }
  }

  /** The XML declaration serialize.ts writes. */
  declaration(): void {
    this.add(XML_DECLARATION);
  }

  open(name: string, attrs: readonly Attr[]): void {
    this.add(`<${name}`);
    this.attrs(attrs);
    this.add('>');
    this.stack.push(name);
    if (name === 'voice') this.voices++;
  }

  close(): void {
    const name = this.stack.pop();
    if (name === undefined) throw new Error('SizeSink: close without open');
    this.add(`</${name}>`);
  }

  empty(name: string, attrs: readonly Attr[]): void {
    this.add(`<${name}`);
    this.attrs(attrs);
    this.add('/>');
  }

  text(text: string): void {
    let m = this.texts?.get(text);
    if (!m) {
      m = measureString(text, false);
      this.texts?.set(text, m);
    }
    this.chars += m.chars;
    this.bytes += m.bytes;
    this.billed += text.length;
  }

  fork(): SizeSink {
    const copy = new SizeSink(this.texts);
    copy.chars = this.chars;
    copy.bytes = this.bytes;
    copy.billed = this.billed;
    copy.voices = this.voices;
    copy.stack.push(...this.stack);
    return copy;
  }

  size(): Size {
    return {
      chars: this.chars,
      bytes: this.bytes,
      billed: this.billed,
      voices: this.voices,
    };
  }
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
