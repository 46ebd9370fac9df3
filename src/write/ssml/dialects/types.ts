/** What a dialect is: how each node of the neutral SSML tree is written for one engine, and its limits. */
import type { Engine } from '../options.js';
import type { Leaf, SayAsKind, Wrap } from '../tree.js';

export type Attr = readonly [name: string, value: string];

/** Receives a document as a stream of XML events (see measure.ts and serialize.ts). */
export interface Sink {
  open(name: string, attrs: readonly Attr[]): void;
  close(): void;
  empty(name: string, attrs: readonly Attr[]): void;
  text(text: string): void;
}

export interface Limits {
  /** Characters (UTF-16 code units) of the whole request, tags included. */
  maxChars?: number;
  /** Characters of spoken text (tags excluded), as the engine bills them. */
  maxBilledChars?: number;
  /** UTF-8 bytes of the whole request, tags included. */
  maxBytes?: number;
  /** `<voice>` elements in one request. */
  maxVoices?: number;
}

/**
 * How voices are written:
 * - `nested`: speakers' `<voice>` inside sentences; the narrator is the request's voice (or wraps all);
 * - `top`: `<speak>` holds only `<voice>` elements (narrator included), nothing nests inside a voice;
 * - `none`: no `<voice>`; a request never mixes voices, its voice is chosen by the request.
 */
export type VoiceLayout = 'nested' | 'top' | 'none';

/** How the engine takes one kind of `<say-as>`. */
export interface SayAsSpec {
  /** Its `interpret-as` value. */
  as: string;
  /** Its `format`: the script's own (`true`), one derived from it, or none (absent). */
  format?: true | ((format: string | undefined) => string);
}

/** Everything that sets one engine apart; `makeDialect` derives the rest. */
export interface DialectSpec {
  engine: Engine;
  layout: VoiceLayout;
  /** Write `<?xml …?>` (files for local engines); API payloads leave it out. */
  declaration: boolean;
  /** Attributes of `<speak>` (an `xmlns` first when the root has a namespace). */
  root(lang: string): Attr[];
  limits: Limits;
  /** Longest pause the engine accepts, in ms. */
  maxBreakMs?: number;
  /** How `<voice>` names a voice (layouts `nested` and `top`): by `name`, or described by gender/variant. */
  voice?: 'named' | 'described';
  /** The narrator gets its own `<voice>` around everything when one is configured (`nested` only). */
  narratorVoice?: boolean;
  mark: 'mark' | 'bookmark';
  /** How `<lang>` spans are written: as `<lang>`, as `<voice xml:lang>` (eSpeak), or dropped. */
  lang: 'lang' | 'voice' | false;
  /** The language tag to write in `xml:lang` of spans. */
  langTag(lang: string): string;
  emphasis: boolean;
  /** The `<say-as>` kinds the engine takes; one that is missing is written as the article's own text. */
  sayAs: Partial<Record<SayAsKind, SayAsSpec>>;
  /** Phoneme alphabets the engine takes; other pronunciations fall back to their alias or the text. */
  phonemeAlphabets: readonly string[];
  /** Clean-up of attribute values the engine reads naively (eSpeak does not decode entities). */
  attrValue?(value: string): string;
}

export interface Dialect extends DialectSpec {
  /** `<voice>` attributes for a voice name (layouts `nested` and `top`). */
  voiceAttrs?(voice: string): Attr[];
  /** Every element the engine accepts and its attributes (for the checker), from the spec. */
  elements: Readonly<Record<string, readonly string[]>>;
  /** Values of `interpret-as` the engine accepts (for the checker). */
  interpretAs: readonly string[];
  /** Writes one leaf. */
  leaf(leaf: Leaf, sink: Sink): void;
  /** The text a leaf puts in the document (what an XML parser returns as its text content). */
  spoken(leaf: Leaf): string;
  /** The element of a `<lang>`/`<emphasis>` wrapper, or undefined when the engine drops it. */
  wrap(wrap: Wrap): { name: string; attrs: Attr[] } | undefined;
  /** A `<break>` of `ms` milliseconds (capped at the engine's maximum). */
  pause(ms: number): { name: string; attrs: Attr[] };
  markElement(name: string): { name: string; attrs: Attr[] };
}
