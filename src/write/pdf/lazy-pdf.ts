/**
 * A pdf-lib document over Chromium's PDF that parses only the objects the post-processing looks at and
 * saves by copying every other object's bytes through unchanged.
 *
 * `PDFDocument.load` parses every object (font programs, width arrays, descriptors…) and `save` writes
 * them all again; for the few objects the fixes touch that was most of the post-processing time. Chromium
 * (Skia) writes a plain file — one classic cross-reference table, no object streams, no updates, no
 * encryption — so each object can be found by its offset and parsed on first lookup (pdf-lib's own
 * object parser), and the saved file is the original objects in their order, with every object that was
 * looked up (it may have changed) serialized again by pdf-lib, the new ones after them, and a fresh
 * cross-reference table. Hand-written because pdf-lib has no lazy loading or partial saving; for any other
 * layout `openLazyPdf` returns undefined and the caller uses pdf-lib's full load and save.
 */
import {
  PDFContext,
  PDFDict,
  PDFDocument,
  PDFHeader,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFObjectParser,
  PDFRef,
} from 'pdf-lib';

/** Where each object of the original file starts and ends. */
interface Entry {
  ref: PDFRef;
  start: number;
  end: number;
}

const latin1 = (bytes: Uint8Array, start: number, end: number) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', start, end);

/** The indirect objects, parsed from the original bytes the first time they are asked for. */
class LazyObjects extends Map<PDFRef, PDFObject> {
  #offsets: Map<PDFRef, number> | undefined;
  #bytes: Uint8Array | undefined;
  #context: PDFContext | undefined;
  /** Objects parsed from the file (they may have been changed since, so they are written again). */
  readonly parsed = new Set<PDFRef>();

  attach(bytes: Uint8Array, offsets: Map<PDFRef, number>, context: PDFContext): void {
    this.#bytes = bytes;
    this.#offsets = offsets;
    this.#context = context;
  }

  #load(ref: PDFRef): void {
    const offset = this.#offsets?.get(ref);
    if (offset === undefined || this.parsed.has(ref) || !this.#bytes || !this.#context) return;
    this.parsed.add(ref);
    const header = /^(\d+)\s+(\d+)\s+obj\b/.exec(latin1(this.#bytes, offset, offset + 32));
    if (!header || Number(header[1]) !== ref.objectNumber) {
      throw new Error(`object ${ref.objectNumber} is not at its cross-reference offset`);
    }
    super.set(ref, parserAt(this.#bytes, this.#context, offset + header[0].length).parseObject());
  }

  override get(ref: PDFRef): PDFObject | undefined {
    if (!super.has(ref)) this.#load(ref);
    return super.get(ref);
  }

  override has(ref: PDFRef): boolean {
    if (!super.has(ref)) this.#load(ref);
    return super.has(ref);
  }

  override set(ref: PDFRef, value: PDFObject): this {
    this.parsed.add(ref); // assigned anew: written from the new value, never copied from the file
    return super.set(ref, value);
  }
}

/** pdf-lib's object parser positioned at `offset` (its byte stream is protected; moveTo is all it needs). */
function parserAt(bytes: Uint8Array, context: PDFContext, offset: number): PDFObjectParser {
  const parser = PDFObjectParser.forBytes(bytes, context);
  (parser as unknown as { bytes: { moveTo(offset: number): void } }).bytes.moveTo(offset);
  return parser;
}

export interface LazyPdf {
  doc: PDFDocument;
  /** The file with every change: unchanged objects copied byte for byte, the rest written by pdf-lib. */
  save(): Uint8Array;
}

interface XrefTable {
  offset: number;
  entries: { num: number; gen: number; offset: number }[];
  trailerStart: number;
}

/** The classic cross-reference table the file ends with, or undefined (a stream, or not found). */
function readXref(bytes: Uint8Array): XrefTable | undefined {
  const tail = latin1(bytes, Math.max(0, bytes.length - 1024), bytes.length);
  const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!start) return undefined;
  const offset = Number(start[1]);
  if (offset <= 0 || offset >= bytes.length) return undefined;
  const text = latin1(bytes, offset, bytes.length);
  if (!text.startsWith('xref')) return undefined;
  const entries: XrefTable['entries'] = [];
  const section = /\s*(\d+)\s+(\d+)[ \t]*\r?\n/y;
  const entry = /(\d{10}) (\d{5}) ([nf])[ \r\n]{2}/y;
  let at = 4;
  for (;;) {
    section.lastIndex = at;
    const head = section.exec(text);
    if (!head) break;
    const first = Number(head[1]);
    const count = Number(head[2]);
    at = section.lastIndex;
    for (let i = 0; i < count; i++) {
      entry.lastIndex = at;
      const e = entry.exec(text);
      if (!e) return undefined;
      at = entry.lastIndex;
      if (e[3] === 'n') entries.push({ num: first + i, gen: Number(e[2]), offset: Number(e[1]) });
    }
  }
  const trailer = /\s*trailer\s*/y;
  trailer.lastIndex = at;
  if (!trailer.test(text)) return undefined;
  return { offset, entries, trailerStart: offset + trailer.lastIndex };
}

/**
 * Opens Chromium's PDF for lazy editing; undefined when the file is not laid out as expected (then load
 * it with pdf-lib in full). Throws when the file is damaged.
 */
export function openLazyPdf(bytes: Uint8Array): LazyPdf | undefined {
  if (latin1(bytes, 0, 5) !== '%PDF-') return undefined;
  const xref = readXref(bytes);
  if (!xref || xref.entries.length === 0) return undefined;

  const context = PDFContext.create();
  const trailerDict = parserAt(bytes, context, xref.trailerStart).parseObject();
  if (!(trailerDict instanceof PDFDict)) return undefined;
  const has = (key: string) => trailerDict.has(PDFName.of(key));
  // Updates, hybrid files and encryption are for pdf-lib's full parser.
  if (has('Prev') || has('XRefStm') || has('Encrypt') || !has('Root')) return undefined;

  const offsets = new Map<PDFRef, number>();
  const entries: Entry[] = [];
  const sorted = [...xref.entries].sort((a, b) => a.offset - b.offset);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i] as (typeof sorted)[number];
    if (e.offset <= 0 || e.offset >= xref.offset) return undefined;
    const ref = PDFRef.of(e.num, e.gen);
    offsets.set(ref, e.offset);
    entries.push({ ref, start: e.offset, end: sorted[i + 1]?.offset ?? xref.offset });
  }
  const objects = new LazyObjects();
  objects.attach(bytes, offsets, context);
  // PDFContext keeps its objects in this map; the lazy one parses each on first lookup.
  (context as unknown as { indirectObjects: Map<PDFRef, PDFObject> }).indirectObjects = objects;
  const size = trailerDict.lookupMaybe(PDFName.of('Size'), PDFNumber)?.asNumber() ?? 0;
  context.largestObjectNumber = xref.entries.reduce((max, e) => Math.max(max, e.num), size - 1);
  context.trailerInfo = {
    Root: trailerDict.get(PDFName.of('Root')),
    Info: trailerDict.get(PDFName.of('Info')),
    ID: trailerDict.get(PDFName.of('ID')),
    Encrypt: undefined,
  };
  const version = /^%PDF-(\d+)\.(\d+)/.exec(latin1(bytes, 0, 16));
  context.header = PDFHeader.forVersion(Number(version?.[1] ?? 1), Number(version?.[2] ?? 4));

  // The constructor is private in pdf-lib's types; it only reads the catalog from the context.
  const doc = Reflect.construct(PDFDocument, [context, false, false]) as PDFDocument;
  return { doc, save: () => saveLazy(bytes, context, objects, entries) };
}

function serialize(obj: {
  sizeInBytes(): number;
  copyBytesInto(buffer: Uint8Array, offset: number): number;
}) {
  const out = new Uint8Array(obj.sizeInBytes());
  obj.copyBytesInto(out, 0);
  return out;
}

function saveLazy(
  bytes: Uint8Array,
  context: PDFContext,
  objects: LazyObjects,
  entries: Entry[],
): Uint8Array {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const push = (chunk: Uint8Array) => {
    chunks.push(chunk);
    length += chunk.length;
  };
  const text = (s: string) => push(Buffer.from(s, 'latin1'));
  const written: { num: number; gen: number; offset: number }[] = [];
  const writeObject = (ref: PDFRef, value: PDFObject) => {
    written.push({ num: ref.objectNumber, gen: ref.generationNumber, offset: length });
    text(`${ref.objectNumber} ${ref.generationNumber} obj\n`);
    push(serialize(value));
    text('\nendobj\n');
  };

  push(serialize(context.header));
  text('\n\n');
  const original = new Set<PDFRef>();
  for (const { ref, start, end } of entries) {
    original.add(ref);
    if (objects.parsed.has(ref)) {
      const value = Map.prototype.get.call(objects, ref) as PDFObject | undefined;
      if (value) writeObject(ref, value);
    } else {
      written.push({ num: ref.objectNumber, gen: ref.generationNumber, offset: length });
      push(bytes.subarray(start, end));
    }
  }
  const added = [...Map.prototype.entries.call(objects)] as [PDFRef, PDFObject][];
  added.sort(([a], [b]) => a.objectNumber - b.objectNumber);
  for (const [ref, value] of added) if (!original.has(ref)) writeObject(ref, value);

  // The cross-reference table: object 0, then a subsection per run of consecutive object numbers.
  const xrefOffset = length;
  written.sort((a, b) => a.num - b.num);
  let xref = 'xref\n0 1\n0000000000 65535 f \n';
  for (let i = 0; i < written.length; ) {
    let j = i;
    while (j + 1 < written.length && (written[j + 1]?.num ?? 0) === (written[j]?.num ?? 0) + 1) j++;
    xref += `${written[i]?.num} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) {
      const w = written[k] as (typeof written)[number];
      xref += `${String(w.offset).padStart(10, '0')} ${String(w.gen).padStart(5, '0')} n \n`;
    }
    i = j + 1;
  }
  const trailer = context.obj({ Size: context.largestObjectNumber + 1 });
  const { Root, Info, ID } = context.trailerInfo;
  if (Root) trailer.set(PDFName.of('Root'), Root);
  if (Info) trailer.set(PDFName.of('Info'), Info);
  if (ID) trailer.set(PDFName.of('ID'), ID);
  text(`${xref}trailer\n${trailer.toString()}\nstartxref\n${xrefOffset}\n%%EOF\n`);
  return Buffer.concat(chunks, length);
}
