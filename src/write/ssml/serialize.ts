/**
 * Writes requests with xmlbuilder2, so element names, attributes and namespaces are always serialised by
 * a maintained XML library. Guards around it:
 * - characters XML cannot carry are removed first (xmlbuilder2 would throw on them);
 * - every `&` is handed over already escaped: xmlbuilder2 4.0.3 leaves `&name;` and `&#123;` in text and
 *   attribute values unescaped (its `nonEntityAmpersandRegex`), so "Tom &amp; Jerry" would be read back as
 *   "Tom & Jerry" and "&nbsp;" would not be well-formed. It does not touch an `&amp;` it is given.
 *
 * Speed: most paragraphs are written the same way for several engines, and building a DOM node costs
 * microseconds. So each `<p>` (and each mark or pause between paragraphs) is serialised by xmlbuilder2
 * once per distinct content and reused; the elements around paragraphs (`<speak>`, Azure's `<voice>`)
 * are their start and end tags, also written by xmlbuilder2, around the serialised paragraphs: complete
 * elements side by side, so the document is exactly what xmlbuilder2 writes for the whole tree.
 * Paragraphs carry no `xmlns` and take the root's namespace.
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

type XmlEvent =
  | { kind: 'open'; name: string; attrs: readonly Attr[] }
  | { kind: 'close' }
  | { kind: 'empty'; name: string; attrs: readonly Attr[] }
  | { kind: 'text'; text: string };

/** Start and end tags of `<speak>` and Azure's `<voice>` depend only on dialect, language and voice: kept for the process (bounded). */
const rootTagCache = new Map<string, readonly [string, string]>();
const ROOT_TAG_CACHE_SIZE = 512;

/** Serialised children, shared by the engines of one article. */
export class XmlCache {
  private readonly children = new Map<string, string>();
  private readonly roots = rootTagCache;
  private holder: XMLBuilder | undefined;

  /** The start and end tags of an element that holds paragraphs (with the XML declaration when asked). */
  tags(name: string, attrs: readonly Attr[], declaration: boolean): readonly [string, string] {
    const key = `${declaration}\u0001${name}${attrKey(attrs)}`;
    let tags = this.roots.get(key);
    if (!tags) {
      const doc = create(declaration ? { version: '1.0', encoding: 'UTF-8' } : {});
      const ns = attrs.find(([k]) => k === 'xmlns')?.[1];
      const root = ns ? doc.ele(ns, name, attrObject(attrs)) : doc.ele(name, attrObject(attrs));
      root.ele('x');
      const xml = doc.end({ headless: !declaration, prettyPrint: false });
      const at = xml.lastIndexOf('<x/>');
      tags = [xml.slice(0, at), xml.slice(at + 4)];
      if (this.roots.size >= ROOT_TAG_CACHE_SIZE) this.roots.clear();
      this.roots.set(key, tags);
    }
    return tags;
  }

  /** One child element, serialised by xmlbuilder2 the first time its content is seen. */
  child(key: string, events: readonly XmlEvent[]): string {
    const hit = this.children.get(key);
    if (hit !== undefined) return hit;
    this.holder ??= create().ele('children');
    let top: XMLBuilder | undefined;
    let current = this.holder;
    let pending = '';
    const flush = () => {
      if (pending) {
        const value = safe(pending);
        if (value) current.txt(value);
        pending = '';
      }
    };
    for (const e of events) {
      switch (e.kind) {
        case 'open':
          flush();
          current = current.ele(e.name, attrObject(e.attrs));
          top ??= current;
          break;
        case 'close':
          flush();
          current = current.up();
          break;
        case 'empty': {
          flush();
          const el = current.ele(e.name, attrObject(e.attrs));
          top ??= el;
          break;
        }
        case 'text':
          pending += e.text;
          break;
      }
    }
    flush();
    if (!top) throw new Error('XmlCache: an empty child');
    const xml = top.toString({ prettyPrint: false });
    top.remove();
    this.children.set(key, xml);
    return xml;
  }
}

/** Writes one request at a time; `toString()` gives the last one. */
export class XmlSink implements Sink {
  /** Closing tags of the open elements outside any paragraph (root first). */
  private readonly containers: string[] = [];
  /** Depth inside the paragraph being recorded (0: outside any paragraph). */
  private unitDepth = 0;
  private parts: string[] = [];
  private events: XmlEvent[] = [];
  private key = '';
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
    if (name === 'voice') this.voices++;
    if (this.unitDepth > 0 || name === 'p') {
      // Inside a paragraph (or opening one): recorded, serialised as one unit when it closes.
      if (this.unitDepth === 0) {
        this.events = [];
        this.key = '';
      }
      this.events.push({ kind: 'open', name, attrs });
      this.key += `\u0001${name}${attrKey(attrs)}\u0004`;
      this.unitDepth++;
      return;
    }
    const root = this.containers.length === 0;
    if (root) {
      this.parts = [];
      this.textLength = 0;
      this.voices = name === 'voice' ? 1 : 0;
      this.done = false;
    }
    const [start, end] = this.cache.tags(name, attrs, root && this.declaration);
    this.parts.push(start);
    this.containers.push(end);
  }

  close(): void {
    if (this.unitDepth > 0) {
      this.events.push({ kind: 'close' });
      this.key += '\u0005';
      if (--this.unitDepth === 0) this.parts.push(this.cache.child(this.key, this.events));
      return;
    }
    const end = this.containers.pop();
    if (end === undefined) throw new Error('XmlSink: close without open');
    this.parts.push(end);
    if (this.containers.length === 0) this.done = true;
  }

  empty(name: string, attrs: readonly Attr[]): void {
    if (this.containers.length === 0) throw new Error('XmlSink: element outside the root');
    const event: XmlEvent = { kind: 'empty', name, attrs };
    const key = `\u0006${name}${attrKey(attrs)}\u0004`;
    if (this.unitDepth > 0) {
      this.events.push(event);
      this.key += key;
    } else this.parts.push(this.cache.child(key, [event]));
  }

  text(text: string): void {
    if (this.unitDepth === 0) throw new Error('XmlSink: text outside a paragraph');
    this.events.push({ kind: 'text', text });
    this.key += `\u0007${text}`;
    this.textLength += text.length;
  }

  /** The last request written, as a string (call after its root is closed). */
  toString(): string {
    if (!this.done) throw new Error('XmlSink: no finished document');
    return this.parts.join('');
  }
}

function attrKey(attrs: readonly Attr[]): string {
  let key = '';
  for (const [k, v] of attrs) key += `\u0002${k}\u0003${v}`;
  return key;
}
