/**
 * Splits a script into requests that fit an engine: whole paragraphs while they fit, then sentences,
 * then voice runs, then clauses (after , ; : — and closing brackets or quotes), then words, and only for
 * a word longer than a request, characters. Where the engine has no `<voice>`, a request never mixes
 * voices. Sizes are measured exactly (measure.ts) on the dialect's own output.
 */
import { RenderError } from '../../errors.js';
import type { Limits } from './dialects/types.js';
import { type Atom, Emitter, type Layout } from './emit.js';
import { type Measured, type Size, SizeSink } from './measure.js';
import type { SsmlDocument, SsmlInline } from './tree.js';

/** Every atom of the document in order: one per voice run of each sentence. */
export function documentAtoms(doc: SsmlDocument): Atom[] {
  const atoms: Atom[] = [];
  doc.paragraphs.forEach((para, p) => {
    const start = atoms.length;
    para.sentences.forEach((sentence, s) => {
      for (const run of sentence.runs) {
        if (run.content.length)
          atoms.push({ p, s, voice: run.voice, content: run.content, first: false, last: false });
      }
    });
    if (atoms.length > start) {
      atoms[start]!.first = true;
      atoms[atoms.length - 1]!.last = true;
    }
  });
  return atoms;
}

export function withinLimits(size: Size, limits: Limits): boolean {
  return (
    (limits.maxChars === undefined || size.chars <= limits.maxChars) &&
    (limits.maxBytes === undefined || size.bytes <= limits.maxBytes) &&
    (limits.maxBilledChars === undefined || size.billed <= limits.maxBilledChars) &&
    (limits.maxVoices === undefined || size.voices <= limits.maxVoices)
  );
}

type Level = 'paragraph' | 'sentence' | 'atom' | 'clause' | 'word' | 'char';
const FINER: Record<Level, Level | undefined> = {
  paragraph: 'sentence',
  sentence: 'atom',
  atom: 'clause',
  clause: 'word',
  word: 'char',
  char: undefined,
};

/** Sizes of the texts of a script, shared by every engine's chunking (held as long as the script). */
const measuredTexts = new WeakMap<SsmlDocument, Map<string, Measured>>();

function textSizes(doc: SsmlDocument): Map<string, Measured> {
  let texts = measuredTexts.get(doc);
  if (!texts) {
    texts = new Map();
    measuredTexts.set(doc, texts);
  }
  return texts;
}

const CLAUSE = /(?<=[,;:—–)\]»”"])(?=\s)/u;
const WORD = /(?<=\S)(?=\s)/u;

class Packer {
  readonly requests: Atom[][] = [];
  private current: Atom[] = [];
  private currentVoice: string | undefined;
  private sink!: SizeSink;
  private emitter!: Emitter;

  constructor(private readonly layout: Layout) {
    this.reset();
  }

  private reset(): void {
    this.current = [];
    this.currentVoice = undefined;
    this.sink = new SizeSink(textSizes(this.layout.doc));
    if (this.layout.dialect.declaration) this.sink.declaration();
    this.emitter = Emitter.start(this.layout, this.sink);
  }

  voiceOf(atom: Atom): string | undefined {
    return this.layout.voices.voiceFor(atom.voice) ?? this.layout.voices.narrator;
  }

  private tryAdd(piece: readonly Atom[]): boolean {
    const oneVoice = this.layout.dialect.layout === 'none';
    const voice = oneVoice ? this.voiceOf(piece[0]!) : undefined;
    if (oneVoice && this.current.length && voice !== this.currentVoice) return false;
    const sink = this.sink.fork();
    const emitter = this.emitter.fork(sink);
    for (const atom of piece) emitter.append(atom);
    const closed = sink.fork();
    emitter.fork(closed).finish();
    if (!withinLimits(closed.size(), this.layout.dialect.limits)) return false;
    this.sink = sink;
    this.emitter = emitter;
    this.current.push(...piece);
    this.currentVoice = voice;
    return true;
  }

  flush(): void {
    if (this.current.length) this.requests.push(this.current);
    this.reset();
  }

  place(piece: readonly Atom[], level: Level): void {
    if (this.tryAdd(piece)) return;
    if (this.current.length) {
      this.flush();
      if (this.tryAdd(piece)) return;
    }
    const finer = FINER[level];
    if (!finer) {
      throw new RenderError(
        'render/ssml-limit',
        `A single character does not fit in one ${this.layout.dialect.engine} request.`,
      );
    }
    for (const sub of this.split(piece, level)) this.place(sub, finer);
  }

  private split(piece: readonly Atom[], level: Level): Atom[][] {
    switch (level) {
      case 'paragraph': {
        const out: Atom[][] = [];
        for (const atom of piece) {
          const last = out[out.length - 1];
          if (last && last[0]!.s === atom.s) last.push(atom);
          else out.push([atom]);
        }
        return out;
      }
      case 'sentence':
        return piece.map((a) => [a]);
      default:
        return piece.flatMap((atom) => this.splitAtom(atom, level).map((a) => [a]));
    }
  }

  /** An atom cut into clauses, words or characters; marks stay on the first piece, the tail on the last. */
  private splitAtom(atom: Atom, level: Level): Atom[] {
    const parts: SsmlInline[][] = [[]];
    for (const inline of atom.content) {
      let leaf = inline.leaf;
      if (leaf.kind !== 'text') {
        if (level !== 'word') {
          parts[parts.length - 1]!.push(inline);
          continue;
        }
        // Too long even as a word: spoken as plain text, cut into characters.
        leaf = { kind: 'text', text: this.layout.dialect.spoken(leaf) };
      }
      const texts =
        level === 'atom'
          ? leaf.text.split(CLAUSE)
          : level === 'clause'
            ? leaf.text.split(WORD)
            : Array.from(leaf.text);
      texts.forEach((text, i) => {
        if (i > 0) parts.push([]);
        if (text) parts[parts.length - 1]!.push({ wraps: inline.wraps, leaf: { kind: 'text', text } });
      });
    }
    const pieces = parts.filter((p) => p.length > 0);
    return pieces.map((content, i) => ({
      ...atom,
      content,
      first: atom.first && i === 0,
      last: atom.last && i === pieces.length - 1,
    }));
  }
}

/**
 * The requests for one engine, each a list of atoms in document order. The caller may already know that
 * the whole article does not fit in one request (`wholeFits: false`: it wrote it and measured it), which
 * saves measuring it again; packing gives the same single request when it does fit, only slower.
 */
export function planRequests(layout: Layout, atoms: readonly Atom[], wholeFits?: boolean): Atom[][] {
  const { limits } = layout.dialect;
  const unlimited =
    limits.maxBytes === undefined &&
    limits.maxChars === undefined &&
    limits.maxBilledChars === undefined &&
    limits.maxVoices === undefined;
  if (unlimited && layout.dialect.layout !== 'none') return atoms.length ? [[...atoms]] : [];
  if (layout.dialect.layout !== 'none' && wholeFits !== false) {
    // The whole article in one request when it fits (one measuring pass instead of one per paragraph).
    const sink = new SizeSink(textSizes(layout.doc));
    if (layout.dialect.declaration) sink.declaration();
    const emitter = Emitter.start(layout, sink);
    for (const atom of atoms) emitter.append(atom);
    emitter.finish();
    if (withinLimits(sink.size(), limits)) return atoms.length ? [[...atoms]] : [];
  }
  const packer = new Packer(layout);
  let i = 0;
  while (i < atoms.length) {
    // A paragraph, or for engines without <voice>, the part of it in one voice.
    let j = i + 1;
    while (
      j < atoms.length &&
      atoms[j]!.p === atoms[i]!.p &&
      (layout.dialect.layout !== 'none' || packer.voiceOf(atoms[j]!) === packer.voiceOf(atoms[i]!))
    ) {
      j++;
    }
    packer.place(atoms.slice(i, j), 'paragraph');
    i = j;
  }
  packer.flush();
  return packer.requests;
}
