/**
 * The SSML script as a typed tree in its neutral (engine-independent) form:
 *
 *   SsmlDocument → SsmlParagraph (`<p>`, with its block marks and pauses) → SsmlSentence (`<s>`)
 *     → SsmlVoiceRun (narrator or a speaker's `<voice>`) → SsmlInline (`<lang>`/`<emphasis>` wrappers
 *     around one leaf: text, `<say-as>`, `<sub>` or `<phoneme>`).
 *
 * The shape is normalised (voices never nest, wrappers are a list per leaf) so the same tree can be laid
 * out for every engine and split into requests anywhere. Dialects (`dialects/`) decide how each node is
 * written; `emit.ts` writes it.
 */

/** Who speaks: slot 0 is the narrator; speakers have slots 1, 2, … */
export interface VoiceRef {
  slot: number;
  speakerId?: string;
}

export const NARRATOR: VoiceRef = { slot: 0 };

export type SayAsKind = 'characters' | 'date' | 'time' | 'ordinal' | 'telephone';

export type Leaf =
  | { kind: 'text'; text: string }
  /** `text` is what goes inside `<say-as>`; `written` is the article's own form, used where say-as is dropped. */
  | { kind: 'say-as'; interpretAs: SayAsKind; format?: string; text: string; written: string }
  | { kind: 'sub'; alias: string; text: string }
  /** From a lexicon: a pronunciation, and an alias to fall back on where the alphabet is not accepted. */
  | { kind: 'phoneme'; alphabet: string; ph: string; alias?: string; text: string };

export type Wrap = { kind: 'lang'; lang: string } | { kind: 'emphasis'; level: 'moderate' | 'strong' };

export interface SsmlInline {
  /** Wrappers, outermost first. */
  wraps: readonly Wrap[];
  leaf: Leaf;
}

export interface SsmlVoiceRun {
  voice: VoiceRef;
  content: SsmlInline[];
}

export interface SsmlSentence {
  runs: SsmlVoiceRun[];
}

export interface SsmlParagraph {
  /** Block ids whose `<mark>` opens this paragraph (a block quote's id, then its first child's…). */
  marks: string[];
  /** Marks of blocks with nothing to say at the very end of the article. */
  endMarks: string[];
  /** Every block id spoken here (for manifests). */
  blockIds: string[];
  pauseBefore: number;
  pauseAfter: number;
  sentences: SsmlSentence[];
}

export interface SsmlDocument {
  lang: string;
  paragraphs: SsmlParagraph[];
}

/** The article's own form of a leaf (what was written). */
export function writtenText(leaf: Leaf): string {
  return leaf.kind === 'say-as' ? leaf.written : leaf.text;
}

/** The written text of the whole document: paragraphs on lines, sentences separated by spaces. */
export function documentText(doc: SsmlDocument): string {
  return doc.paragraphs
    .map((p) =>
      p.sentences
        .map((s) => s.runs.map((r) => r.content.map((c) => writtenText(c.leaf)).join('')).join(''))
        .join(' '),
    )
    .join('\n');
}
