/**
 * Lays out a request — a run of atoms (one voice in one sentence of one paragraph, or a piece of one) —
 * as XML events in a dialect: the block marks, then `<p>` per paragraph with its pauses, `<s>` per sentence, voices
 * where the dialect puts them, `<lang>`/`<emphasis>` wrappers, leaves. Elements stay open across atoms
 * while they are shared, so a request split anywhere is still a sequence of whole elements.
 */
import type { Dialect, Sink } from './dialects/types.js';
import type { SsmlDocument, SsmlInline, VoiceRef, Wrap } from './tree.js';
import type { EngineVoices } from './voices.js';

export interface Atom {
  /** Paragraph index in the document. */
  p: number;
  /** Sentence index in the paragraph. */
  s: number;
  voice: VoiceRef;
  content: SsmlInline[];
  /** Starts its paragraph: the paragraph's marks and pause come first. */
  first: boolean;
  /** Ends its paragraph: the pause after and any end marks follow. */
  last: boolean;
}

export interface Layout {
  doc: SsmlDocument;
  dialect: Dialect;
  voices: EngineVoices;
  /** `xml:lang` of the root. */
  lang: string;
}

interface Level {
  key: string;
  /** False for wrappers the dialect drops: tracked, but nothing was written. */
  written: boolean;
  /** For paragraphs: what to write before `</p>`. */
  tail?: { pause: number; marks: readonly string[] };
}

type Step =
  | { key: string; kind: 'p'; p: number }
  | { key: string; kind: 's' }
  | { key: string; kind: 'voice'; voice: string }
  | { key: string; kind: 'wrap'; wrap: Wrap };

export class Emitter {
  /** Set while the leaf about to be written is the first of a new `<s>`. */
  private sentenceStart = false;

  private constructor(
    private readonly layout: Layout,
    private readonly sink: Sink,
    private readonly stack: Level[],
  ) {}

  /** Opens `<speak>` (and the narrator's `<voice>` where the dialect wraps everything in it). */
  static start(layout: Layout, sink: Sink): Emitter {
    const { dialect, voices } = layout;
    sink.open('speak', dialect.root(layout.lang));
    const stack: Level[] = [];
    if (dialect.layout === 'nested' && dialect.narratorVoice && voices.narrator && dialect.voiceAttrs) {
      sink.open('voice', dialect.voiceAttrs(voices.narrator));
      stack.push({ key: 'narrator', written: true });
    }
    return new Emitter(layout, sink, stack);
  }

  /** A copy that writes to another sink (to try a cut without committing to it). */
  fork(sink: Sink): Emitter {
    return new Emitter(
      this.layout,
      sink,
      this.stack.map((l) => ({ ...l })),
    );
  }

  /** The voice a run is written in, or undefined for "the request's own voice". */
  private voiceStep(ref: VoiceRef): Step | undefined {
    const { dialect, voices } = this.layout;
    if (dialect.layout === 'none') return undefined;
    const name = voices.voiceFor(ref);
    if (dialect.layout === 'top') {
      const voice = name ?? voices.narrator;
      return voice ? { key: `v:${voice}`, kind: 'voice', voice } : undefined;
    }
    if (name === undefined || name === voices.narrator) return undefined;
    return { key: `v:${name}`, kind: 'voice', voice: name };
  }

  append(atom: Atom): void {
    const p: Step = { key: `p${atom.p}`, kind: 'p', p: atom.p };
    const s: Step = { key: `s${atom.p}.${atom.s}`, kind: 's' };
    const voice = this.voiceStep(atom.voice);
    const base: Step[] = !voice
      ? [p, s]
      : this.layout.dialect.layout === 'top'
        ? [voice, p, s]
        : [p, s, voice];
    let wrapsOf: readonly Wrap[] | undefined;
    let path: Step[] = base;
    atom.content.forEach((inline: SsmlInline, i) => {
      if (inline.wraps !== wrapsOf) {
        wrapsOf = inline.wraps;
        path = inline.wraps.length
          ? [
              ...base,
              ...inline.wraps.map(
                (wrap, d): Step => ({
                  key: `w${d}:${wrap.kind === 'lang' ? wrap.lang : wrap.level}`,
                  kind: 'wrap',
                  wrap,
                }),
              ),
            ]
          : base;
      }
      this.sentenceStart = false;
      this.moveTo(path, atom, i === 0);
      let leaf = inline.leaf;
      if (this.sentenceStart && leaf.kind === 'text') {
        // A sentence cut between requests or voices starts without the space that separated it.
        leaf = { kind: 'text', text: leaf.text.trimStart() };
      }
      this.layout.dialect.leaf(leaf, this.sink);
    });
    if (atom.last) {
      const para = this.layout.doc.paragraphs[atom.p]!;
      const level = this.stack.find((l) => l.key === p.key);
      if (level) level.tail = { pause: para.pauseAfter, marks: para.endMarks };
    }
  }

  /** Closes what the path no longer shares and opens the rest. */
  private moveTo(path: readonly Step[], atom: Atom, opening: boolean): void {
    const base = this.stack.length && this.stack[0]!.key === 'narrator' ? 1 : 0;
    let k = 0;
    while (k < path.length && base + k < this.stack.length && this.stack[base + k]!.key === path[k]!.key) {
      k++;
    }
    this.closeTo(base + k);
    for (let i = k; i < path.length; i++) this.open(path[i]!, atom, opening);
  }

  private open(step: Step, atom: Atom, opening: boolean): void {
    const { dialect, doc } = this.layout;
    switch (step.kind) {
      case 'p': {
        // A block's marks come right before its paragraph; the pause before it opens the paragraph.
        const para = opening && atom.first ? doc.paragraphs[step.p] : undefined;
        for (const mark of para?.marks ?? []) {
          const m = dialect.markElement(mark);
          this.sink.empty(m.name, m.attrs);
        }
        this.sink.open('p', []);
        this.stack.push({ key: step.key, written: true });
        if (para) {
          if (para.pauseBefore > 0) {
            const b = dialect.pause(para.pauseBefore);
            this.sink.empty(b.name, b.attrs);
          }
        }
        break;
      }
      case 's':
        this.sentenceStart = true;
        this.sink.open('s', []);
        this.stack.push({ key: step.key, written: true });
        break;
      case 'voice':
        this.sink.open('voice', dialect.voiceAttrs?.(step.voice) ?? []);
        this.stack.push({ key: step.key, written: true });
        break;
      case 'wrap': {
        const el = dialect.wrap(step.wrap);
        if (el) this.sink.open(el.name, el.attrs);
        this.stack.push({ key: step.key, written: el !== undefined });
        break;
      }
    }
  }

  private closeTo(depth: number): void {
    const { dialect } = this.layout;
    while (this.stack.length > depth) {
      const level = this.stack.pop()!;
      if (level.tail && level.tail.pause > 0) {
        const b = dialect.pause(level.tail.pause);
        this.sink.empty(b.name, b.attrs);
      }
      if (level.written) this.sink.close();
      // Marks of blocks with nothing to say, at the very end: after the last paragraph.
      for (const mark of level.tail?.marks ?? []) {
        const m = dialect.markElement(mark);
        this.sink.empty(m.name, m.attrs);
      }
    }
  }

  /** Closes everything, `<speak>` included. */
  finish(): void {
    this.closeTo(0);
    this.sink.close();
  }
}
