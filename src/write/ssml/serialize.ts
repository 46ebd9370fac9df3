/**
 * Writes requests with xmlbuilder2, so element names, attributes, namespaces and text escaping are
 * always done by a maintained XML library. Guards around it:
 * - characters XML cannot carry are removed first (xmlbuilder2 would throw on them);
 * - every `&` is handed over already escaped: xmlbuilder2 4.0.3 leaves `&name;` and `&#123;` in text and
 *   attribute values unescaped (its `nonEntityAmpersandRegex`), so "Tom &amp; Jerry" would be read back as
 *   "Tom & Jerry" and "&nbsp;" would not be well-formed. It does not touch an `&amp;` it is given.
 *
 * Speed: building one xmlbuilder2 DOM node costs microseconds, and the same elements and texts recur in
 * every dialect of an article and across articles. So xmlbuilder2 writes each distinct piece once and
 * the pieces are reused:
 * - an element's start and end tags (`<s>`…`</s>`, `<voice name="…">`…`</voice>`, the root with its
 *   namespace and the XML declaration): xmlbuilder2 serialises the element around a placeholder child;
 * - an element without content (`<mark name="b12"/>`, `<break time="700ms"/>`): serialised as it is;
 * - a text: serialised as the text of an element, without the element's tags (a whole article's texts
 *   in one call, see `prepare`).
 * A document is these pieces in tree order: complete, correctly escaped pieces side by side, so it is
 * exactly what xmlbuilder2 writes for the whole tree (the root alone is always written with start and
 * end tags). Children carry no `xmlns` and take the root's namespace. Tags and empty elements recur
 * across articles and are cached for the process (bounded); texts are the article's and are cached per
 * article (an XmlCache), shared by its dialects.
 */
import { create } from 'xmlbuilder2';
import type { Attr, Sink } from './dialects/types.js';
import { stripIllegal } from './text.js';

type XMLBuilder = ReturnType<typeof create>;

function safe(value: string): string {
  const clean = stripIllegal(value);
  return clean.includes('&') ? clean.replace(/&/g, '&amp;') : clean;
}

function attrObject(attrs: readonly Attr[]): Record<string, string> | undefined {
  let out: Record<string, string> | undefined;
  for (const [name, value] of attrs) {
    if (name === 'xmlns') continue;
    out ??= {};
    out[name] = safe(value);
  }
  return out;
}

function attrKey(attrs: readonly Attr[]): string {
  let key = '';
  for (const [k, v] of attrs) key += `\u0002${k}\u0003${v}`;
  return key;
}

/** A bounded map: emptied when full (the pieces are cheap to make again, and few at a time are hot). */
class Bounded<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    if (this.map.size >= this.size) this.map.clear();
    this.map.set(key, value);
  }
}

/** Start and end tags, and empty elements: the same in every article, kept for the process. */
const tagCache = new Bounded<readonly [string, string]>(4096);
const emptyCache = new Bounded<string>(4096);
/** Serialisation options, one object (xmlbuilder2 reads them on every call). */
const FRAGMENT = { prettyPrint: false } as const;
const SEPARATOR = '\uFFFF';
/** Texts longer than this are escaped every time they are written, not kept. */
const MAX_CACHED_TEXT = 4096;

/**
 * Where pieces are built: one element for the process (creating an xmlbuilder2 document costs far more
 * than an element). Each piece is removed once serialised, so it stays empty between calls.
 */
let holder: XMLBuilder | undefined;

/** The pieces xmlbuilder2 has written, shared by the dialects of one article (texts) and the process (tags). */
export class XmlCache {
  private readonly texts = new Map<string, string>();

  private element(name: string, attrs: readonly Attr[]): XMLBuilder {
    holder ??= create().ele('pieces');
    return holder.ele(name, attrObject(attrs));
  }

  /** The start and end tags of an element (the root: with its namespace, and the declaration when asked). */
  tags(name: string, attrs: readonly Attr[], root: boolean, declaration: boolean): readonly [string, string] {
    const key = `${root ? (declaration ? 'D' : 'R') : 'E'}${name}${attrKey(attrs)}`;
    let tags = tagCache.get(key);
    if (!tags) {
      let xml: string;
      if (root) {
        const doc = create(declaration ? { version: '1.0', encoding: 'UTF-8' } : {});
        const ns = attrs.find(([k]) => k === 'xmlns')?.[1];
        const el = ns ? doc.ele(ns, name, attrObject(attrs)) : doc.ele(name, attrObject(attrs));
        el.ele('x');
        xml = doc.end({ headless: !declaration, prettyPrint: false });
      } else {
        const el = this.element(name, attrs);
        el.ele('x');
        xml = el.toString(FRAGMENT);
        el.remove();
      }
      const at = xml.lastIndexOf('<x/>');
      tags = [xml.slice(0, at), xml.slice(at + 4)];
      tagCache.set(key, tags);
    }
    return tags;
  }

  /** An element without content (a mark, a pause, or an element whose text was all removed). */
  empty(name: string, attrs: readonly Attr[]): string {
    const key = `${name}${attrKey(attrs)}`;
    let xml = emptyCache.get(key);
    if (xml === undefined) {
      const el = this.element(name, attrs);
      xml = el.toString(FRAGMENT);
      el.remove();
      emptyCache.set(key, xml);
    }
    return xml;
  }

  /** A text as xmlbuilder2 escapes it ('' when nothing XML can carry is left). */
  text(text: string): string {
    let xml = this.texts.get(text);
    if (xml === undefined) {
      if (text.length <= MAX_CACHED_TEXT) {
        this.prepare([text]);
        xml = this.texts.get(text) ?? '';
      } else {
        const value = safe(text);
        xml = value ? this.escape([value])[0]! : '';
      }
    }
    return xml;
  }

  /**
   * Escapes texts ahead of writing, all in one xmlbuilder2 call (its DOM costs microseconds a node, a
   * run of texts is one node).
   */
  prepare(texts: Iterable<string>): void {
    const keys: string[] = [];
    const values: string[] = [];
    const seen = new Set<string>();
    for (const text of texts) {
      if (text.length > MAX_CACHED_TEXT || this.texts.has(text) || seen.has(text)) continue;
      seen.add(text);
      const value = safe(text);
      if (value) {
        keys.push(text);
        values.push(value);
      } else this.texts.set(text, '');
    }
    if (!values.length) return;
    const escaped = this.escape(values);
    keys.forEach((key, i) => {
      this.texts.set(key, escaped[i]!);
    });
  }

  /**
   * Escaping is character by character, so the texts go into one text node joined by U+FFFF, which
   * xmlbuilder2 passes through and which no value holds (`safe` removes it: it is not an XML Char).
   */
  private escape(values: readonly string[]): string[] {
    const el = this.element('t', []);
    el.txt(values.join(SEPARATOR));
    const whole = el.toString(FRAGMENT);
    el.remove();
    return whole.slice('<t>'.length, whole.length - '</t>'.length).split(SEPARATOR);
  }
}

interface Open {
  name: string;
  attrs: readonly Attr[];
  end: string;
  /** Index of the start tag in `parts` (to write the element empty when nothing followed it). */
  at: number;
}

/** Writes one request at a time; `toString()` gives the last one. */
export class XmlSink implements Sink {
  private readonly stack: Open[] = [];
  private parts: string[] = [];
  private done = false;
  /** Characters of text content written in the current request (what engines bill). */
  textLength = 0;
  /** `<voice>` elements written in the current request. */
  voices = 0;

  constructor(
    private readonly declaration: boolean,
    private readonly cache = new XmlCache(),
  ) {}

  open(name: string, attrs: readonly Attr[]): void {
    const root = this.stack.length === 0;
    if (root) {
      this.parts = [];
      this.textLength = 0;
      this.voices = 0;
      this.done = false;
    }
    if (name === 'voice') this.voices++;
    const [start, end] = this.cache.tags(name, attrs, root, root && this.declaration);
    this.stack.push({ name, attrs, end, at: this.parts.length });
    this.parts.push(start);
  }

  close(): void {
    const open = this.stack.pop();
    if (open === undefined) throw new Error('XmlSink: close without open');
    if (this.stack.length === 0) {
      this.parts.push(open.end);
      this.done = true;
    } else if (this.parts.length === open.at + 1) {
      this.parts[open.at] = this.cache.empty(open.name, open.attrs);
    } else this.parts.push(open.end);
  }

  empty(name: string, attrs: readonly Attr[]): void {
    if (this.stack.length === 0) throw new Error('XmlSink: element outside the root');
    this.parts.push(this.cache.empty(name, attrs));
  }

  text(text: string): void {
    if (this.stack.length < 2) throw new Error('XmlSink: text outside an element of the root');
    // Texts are escaped one by one: escaping is character by character, so side by side they are
    // exactly the escaped run of text xmlbuilder2 would write.
    const xml = this.cache.text(text);
    if (xml) this.parts.push(xml);
    this.textLength += text.length;
  }

  /** The last request written, as a string (call after its root is closed). */
  toString(): string {
    if (!this.done) throw new Error('XmlSink: no finished document');
    return this.parts.join('');
  }
}
