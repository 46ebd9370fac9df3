/**
 * Article → the spoken script (the SSML tree in its neutral form, see tree.ts): title, subtitle,
 * byline, source and date; then every block with its mark, sentences split, quotations in their
 * speakers' voices, figures described, and say-as/sub/phoneme markup for the words that need it.
 */
import type { Article, Block, Figure, Inline, Speaker } from '../../model/schema.js';
import { inlineText } from '../../model/walk.js';
import { defaultQuoteMarks } from '../html/locale.js';
import { type AnnotateOptions, annotate, isShouting } from './annotate.js';
import type { Lexicon } from './lexicon.js';
import type { Pauses } from './options.js';
import { sentenceEnds } from './sentences.js';
import { cleanLine, cleanText, withStop } from './text.js';
import {
  NARRATOR,
  type SsmlDocument,
  type SsmlInline,
  type SsmlParagraph,
  type SsmlSentence,
  type SsmlVoiceRun,
  type VoiceRef,
  type Wrap,
} from './tree.js';
import { creditHasLabel, joinNames, spokenDate, type Words, wordsFor } from './words.js';

export interface ScriptOptions {
  voicePartialQuotes?: boolean;
  describeImages?: boolean;
  sayAs?: boolean;
  abbreviations?: boolean;
  lexicon?: Lexicon;
  pauses?: Pauses;
}

export const DEFAULT_PAUSES: Required<Pauses> = {
  afterHeader: 1000,
  beforeHeading: 700,
  afterHeading: 400,
  figure: 300,
  separator: 1200,
};

/** A piece of inline text with everything that decides how it is spoken. */
interface FlatRun {
  text: string;
  voice: VoiceRef;
  wraps: Wrap[];
}

interface Scope {
  voice: VoiceRef;
  wraps: Wrap[];
  lang: string;
  quoteDepth: number;
}

class ScriptBuilder {
  readonly paragraphs: SsmlParagraph[] = [];
  private pendingMarks: string[] = [];
  private pendingPause = 0;
  private readonly slots = new Map<string, number>();
  private nextSlot: number;
  private readonly annotateOptions: AnnotateOptions;
  private readonly pauses: Required<Pauses>;
  readonly words: Words;

  constructor(
    private readonly article: Article,
    private readonly options: ScriptOptions,
  ) {
    this.words = wordsFor(article.lang);
    this.pauses = { ...DEFAULT_PAUSES, ...options.pauses };
    this.annotateOptions = {
      lang: article.lang,
      sayAs: options.sayAs ?? true,
      abbreviations: options.abbreviations ?? true,
      ...(options.lexicon ? { lexicon: options.lexicon } : {}),
    };
    let max = 0;
    for (const s of article.speakers) {
      if (s.voiceSlot !== undefined && s.voiceSlot > 0) {
        this.slots.set(s.id, s.voiceSlot);
        max = Math.max(max, s.voiceSlot);
      }
    }
    this.nextSlot = max + 1;
  }

  private speaker(id: string | undefined): Speaker | undefined {
    return id ? this.article.speakers.find((s) => s.id === id) : undefined;
  }

  /** The voice of a speaker: their slot, or the next free one for a speaker without a slot. */
  private voiceOf(speakerId: string | undefined): VoiceRef | undefined {
    const speaker = this.speaker(speakerId);
    if (!speaker) return undefined;
    let slot = this.slots.get(speaker.id);
    if (slot === undefined) {
      slot = this.nextSlot++;
      this.slots.set(speaker.id, slot);
    }
    return { slot, speakerId: speaker.id };
  }

  private rootScope(voice: VoiceRef = NARRATOR): Scope {
    return { voice, wraps: [], lang: this.article.lang, quoteDepth: 0 };
  }

  private flatten(inlines: readonly Inline[], scope: Scope, out: FlatRun[]): FlatRun[] {
    const push = (text: string, s: Scope) => {
      const clean = cleanText(text);
      if (clean) out.push({ text: clean, voice: s.voice, wraps: s.wraps });
    };
    for (const run of inlines) {
      switch (run.type) {
        case 'text':
        case 'code':
          push(run.text, scope);
          break;
        case 'break':
          push(' ', scope);
          break;
        case 'emphasis':
        case 'strong': {
          const level = run.type === 'strong' ? 'strong' : 'moderate';
          this.flatten(run.children, { ...scope, wraps: [...scope.wraps, { kind: 'emphasis', level }] }, out);
          break;
        }
        case 'link':
        case 'abbr':
          this.flatten(run.children, scope, out);
          break;
        case 'lang': {
          const same = run.lang.toLowerCase() === scope.lang.toLowerCase();
          const inner: Scope = same
            ? scope
            : { ...scope, lang: run.lang, wraps: [...scope.wraps, { kind: 'lang', lang: run.lang }] };
          this.flatten(run.children, inner, out);
          break;
        }
        case 'quote': {
          const switches =
            scope.voice.slot === 0 &&
            (run.kind === 'direct' || (run.kind === 'partial' && this.options.voicePartialQuotes === true));
          const voice = (switches ? this.voiceOf(run.speakerId) : undefined) ?? scope.voice;
          const inner: Scope = { ...scope, voice, quoteDepth: scope.quoteDepth + 1 };
          const [open, close] = run.marks ?? defaultQuoteMarks(scope.lang, scope.quoteDepth);
          push(open, inner);
          this.flatten(run.children, inner, out);
          push(close, inner);
          break;
        }
      }
    }
    return out;
  }

  /** Flat runs → sentences of voice runs, each leaf annotated. */
  private sentences(runs: FlatRun[]): SsmlSentence[] {
    const merged = mergeRuns(runs);
    const text = merged.map((r) => r.text).join('');
    if (!text.trim()) return [];
    const shouting = isShouting(text);
    const ends = sentenceEnds(text, this.article.lang);
    const sentences: SsmlSentence[] = [];
    let runIndex = 0;
    let offset = 0; // start of merged[runIndex] in text
    let consumed = 0; // characters of merged[runIndex] already used
    for (const end of ends) {
      const pieces: FlatRun[] = [];
      while (runIndex < merged.length && offset + consumed < end) {
        const run = merged[runIndex]!;
        const take = Math.min(run.text.length - consumed, end - (offset + consumed));
        pieces.push({ ...run, text: run.text.slice(consumed, consumed + take) });
        consumed += take;
        if (consumed === run.text.length) {
          offset += run.text.length;
          consumed = 0;
          runIndex++;
        }
      }
      const sentence = this.sentence(trimRuns(pieces), shouting, sentences.length === 0);
      if (sentence) sentences.push(sentence);
    }
    return sentences;
  }

  private sentence(pieces: FlatRun[], shouting: boolean, paragraphStart: boolean): SsmlSentence | undefined {
    const runs: SsmlVoiceRun[] = [];
    pieces.forEach((piece, i) => {
      // A newspaper lead-in in capitals ("AS Opposition Leader…") is not a row of acronyms.
      const lead = paragraphStart && i === 0 ? leadInEnd(piece.text) : 0;
      const leaves = lead
        ? [
            ...annotate(piece.text.slice(0, lead), this.annotateOptions, true),
            ...annotate(piece.text.slice(lead), this.annotateOptions, shouting),
          ]
        : annotate(piece.text, this.annotateOptions, shouting);
      // Wrappers around nothing but white space say nothing: dropped.
      const wraps = piece.wraps.length && !piece.text.trim() ? [] : piece.wraps;
      const content: SsmlInline[] = leaves.map((leaf) => ({ wraps, leaf }));
      const last = runs[runs.length - 1];
      if (last && sameVoice(last.voice, piece.voice)) last.content.push(...content);
      else runs.push({ voice: piece.voice, content });
    });
    return runs.length ? { runs } : undefined;
  }

  private paragraph(sentences: SsmlSentence[], blockId: string | undefined, before = 0, after = 0): void {
    if (!sentences.length) {
      if (blockId) this.pendingMarks.push(blockId);
      this.pendingPause = Math.max(this.pendingPause, before);
      return;
    }
    const marks = [...this.pendingMarks, ...(blockId ? [blockId] : [])];
    this.pendingMarks = [];
    this.paragraphs.push({
      marks,
      endMarks: [],
      blockIds: [...marks],
      pauseBefore: Math.max(before, this.pendingPause),
      pauseAfter: after,
      sentences,
    });
    this.pendingPause = 0;
  }

  /** A line the script adds (title, byline…), in the narrator's voice; `label` parts are localised words. */
  private line(parts: { text: string; label?: boolean }[], after = 0): void {
    const runs: FlatRun[] = [];
    for (const part of parts) {
      const text = cleanText(part.text);
      if (text) runs.push(part.label ? this.label(text) : { text, voice: NARRATOR, wraps: [] });
    }
    this.paragraph(this.sentences(runs), undefined, 0, after);
  }

  header(): void {
    const a = this.article;
    const { labels } = this.words;
    const lines: (() => void)[] = [];
    lines.push(() => this.line([{ text: withStop(cleanLine(a.title)) }]));
    const subtitle = cleanLine(a.subtitle ?? '');
    if (subtitle) lines.push(() => this.line([{ text: withStop(subtitle) }]));
    const authors = a.authors.map((p) => cleanLine(p.name)).filter(Boolean);
    const translators = a.translators.map((p) => cleanLine(p.name)).filter(Boolean);
    if (authors.length || translators.length) {
      const parts: { text: string; label?: boolean }[] = [];
      if (authors.length) {
        parts.push({ text: `${labels.by(authors.length)} `, label: true });
        parts.push({ text: `${withStop(joinNames(authors, labels))} ` });
      }
      if (translators.length) {
        parts.push({ text: `${labels.translatedBy(translators.length)} `, label: true });
        parts.push({ text: withStop(joinNames(translators, labels)) });
      }
      lines.push(() => this.line(parts));
    }
    const source = cleanLine(a.source?.name ?? '');
    const date = a.publishedAt ? spokenDate(a.publishedAt, this.words.lang) : undefined;
    if (source || date) {
      const parts: { text: string; label?: boolean }[] = [];
      if (source)
        parts.push({ text: `${this.words.source}: `, label: true }, { text: `${withStop(source)} ` });
      if (date) parts.push({ text: `${this.words.published} ${withStop(date)}`, label: true });
      lines.push(() => this.line(parts));
    }
    lines.forEach((emit, i) => {
      emit();
      if (i === lines.length - 1) {
        const last = this.paragraphs[this.paragraphs.length - 1];
        if (last) last.pauseAfter = this.pauses.afterHeader;
      }
    });
  }

  blocks(blocks: readonly Block[], voice: VoiceRef = NARRATOR): void {
    for (const block of blocks) this.block(block, voice);
  }

  private block(block: Block, voice: VoiceRef, prefix?: string): void {
    const scope = this.rootScope(voice);
    const runs = (inlines: readonly Inline[]) => {
      const out: FlatRun[] = prefix ? [{ text: prefix, voice: NARRATOR, wraps: [] }] : [];
      return this.flatten(inlines, scope, out);
    };
    switch (block.type) {
      case 'heading':
        this.paragraph(
          this.sentences(runs(block.children)),
          block.id,
          this.pauses.beforeHeading,
          this.pauses.afterHeading,
        );
        break;
      case 'paragraph':
        this.paragraph(this.sentences(runs(block.children)), block.id);
        break;
      case 'preformatted':
        this.paragraph(this.sentences(runs([{ type: 'text', text: block.text }])), block.id);
        break;
      case 'figure':
        this.figure(block);
        break;
      case 'separator':
        this.paragraph([], block.id, this.pauses.separator);
        break;
      case 'blockquote': {
        this.pendingMarks.push(block.id);
        const quoted = this.voiceOf(block.speakerId) ?? voice;
        this.blocks(block.children, quoted);
        const attribution = cleanLine(block.attribution ?? '');
        if (attribution) this.line([{ text: withStop(attribution) }]);
        break;
      }
      case 'list': {
        this.pendingMarks.push(block.id);
        block.items.forEach((item, i) => {
          const number = block.ordered ? `${(block.start ?? 1) + i}. ` : undefined;
          item.children.forEach((child, k) => {
            this.block(child, voice, k === 0 ? number : undefined);
          });
        });
        break;
      }
    }
  }

  private figure(block: Figure): void {
    const describe = this.options.describeImages ?? true;
    if (block.decorative || !describe) {
      this.paragraph([], block.id);
      return;
    }
    const plain = (text: string): FlatRun => ({ text, voice: NARRATOR, wraps: [] });
    const alt = cleanLine(block.alt);
    const caption = block.caption ? cleanLine(inlineText(block.caption)) : '';
    const altSaid = alt !== '' && normalise(alt) !== normalise(caption);
    const runs: FlatRun[] = [];
    if (altSaid) runs.push(this.label(`${this.words.image}: `), plain(`${withStop(alt)} `));
    else runs.push(this.label(caption ? `${this.words.image}: ` : `${this.words.image}. `));
    const long = cleanLine(block.longDescription ?? '');
    if (long && altSaid) runs.push(plain(`${withStop(long)} `));
    if (caption && block.caption) {
      this.flatten(block.caption, this.rootScope(), runs);
      endSentence(runs);
      runs.push(plain(' '));
    }
    const credit = cleanLine(block.credit ?? '');
    if (credit) {
      if (!creditHasLabel(credit)) runs.push(this.label(`${this.words.photo}: `));
      runs.push(plain(withStop(credit)));
    }
    this.paragraph(this.sentences(runs), block.id, this.pauses.figure, this.pauses.figure);
  }

  /** Words the script adds, wrapped in `<lang>` when they are not in the article's language. */
  private label(text: string): FlatRun {
    const foreign = this.words.lang.split('-')[0] !== this.article.lang.split('-')[0];
    return { text, voice: NARRATOR, wraps: foreign ? [{ kind: 'lang', lang: this.words.lang }] : [] };
  }

  finish(): void {
    const last = this.paragraphs[this.paragraphs.length - 1];
    if (last && this.pendingMarks.length) {
      last.endMarks.push(...this.pendingMarks);
      last.blockIds.push(...this.pendingMarks);
    }
    this.pendingMarks = [];
  }
}

/** Capital words that open a newspaper lead-in ("A HIGH-powered team…", "AS Opposition Leader…"). */
const LEAD_WORDS = new Set(
  'A AN THE AS IN ON AT WHEN AFTER BEFORE FOR IF WITH BY FROM OF TO SINCE WHILE THIS THAT THERE ONE TWO ITS HIS HER THEIR OUR WE HE SHE THEY SOME MANY MOST'.split(
    ' ',
  ),
);

/** The end of a run of capital words at the start of `text` that begins with a common word, else 0. */
function leadInEnd(text: string): number {
  const m = /^(?:[\p{Lu}’']+(?:[\s-]+|$))+/u.exec(text);
  if (!m) return 0;
  const first = /^[\p{Lu}’']+/u.exec(m[0])![0];
  return LEAD_WORDS.has(first) ? m[0].length : 0;
}

function normalise(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\s\p{P}]+/gu, ' ')
    .trim();
}

/** Makes the last words of `runs` end a sentence (a caption before its credit: "… Reykjavik. Photo: …"). */
function endSentence(runs: FlatRun[]): void {
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i]!;
    const trimmed = run.text.trimEnd();
    if (!trimmed) continue;
    run.text = withStop(trimmed);
    return;
  }
}

function sameVoice(a: VoiceRef, b: VoiceRef): boolean {
  return a.slot === b.slot && a.speakerId === b.speakerId;
}

function sameWraps(a: readonly Wrap[], b: readonly Wrap[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((w, i) => {
    const v = b[i]!;
    if (w.kind === 'lang') return v.kind === 'lang' && v.lang === w.lang;
    return v.kind === 'emphasis' && v.level === w.level;
  });
}

/** Joins neighbouring runs spoken the same way, so abbreviations and numbers are seen whole. */
function mergeRuns(runs: FlatRun[]): FlatRun[] {
  const out: FlatRun[] = [];
  for (const run of runs) {
    const last = out[out.length - 1];
    if (last && sameVoice(last.voice, run.voice) && sameWraps(last.wraps, run.wraps)) {
      last.text = (last.text + run.text).replace(/ {2,}/g, ' ');
    } else out.push({ ...run });
  }
  return out;
}

/** Drops white space at the start and end of a sentence (and runs left empty). */
function trimRuns(pieces: FlatRun[]): FlatRun[] {
  let out = pieces;
  while (out.length && !out[0]!.text.trim()) out = out.slice(1);
  while (out.length && !out[out.length - 1]!.text.trim()) out = out.slice(0, -1);
  if (!out.length) return out;
  out = out.map((p) => ({ ...p }));
  out[0]!.text = out[0]!.text.trimStart();
  out[out.length - 1]!.text = out[out.length - 1]!.text.trimEnd();
  return out.filter((p) => p.text.length > 0);
}

/** The spoken script of an article. */
export function buildScript(article: Article, options: ScriptOptions = {}): SsmlDocument {
  const builder = new ScriptBuilder(article, options);
  builder.header();
  builder.blocks(article.blocks);
  builder.finish();
  return { lang: article.lang, paragraphs: builder.paragraphs };
}
