/**
 * The Article model: the one contract between readers, transforms and writers.
 *
 * Runtime schema (zod) and static types come from the same definitions. The JSON form is versioned
 * by `schemaVersion`; a document with another version is refused by the JSON reader.
 */
import { z } from 'zod';

export const SCHEMA_VERSION = 1 as const;

/** Character offsets [start, end) of a run in the original (decoded) input text. */
export const SourceSpan = z
  .object({
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
  })
  .meta({
    description: 'Character offsets [start, end) of this run in the original input text (UTF-16 units).',
  });
export type SourceSpan = z.infer<typeof SourceSpan>;

/** A BCP 47 language tag (e.g. `en`, `en-US`, `ru`, `zh-Hant`). */
export const LangTag = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a BCP 47 language tag such as "en" or "en-US"')
  .meta({ description: 'BCP 47 language tag' });

export const QuoteKind = z.enum(['direct', 'partial', 'other']).meta({
  description:
    'direct: complete spoken or written sentences; partial: a fragment quoted inside narration; other: titles, scare quotes, terms (no speaker).',
});
export type QuoteKind = z.infer<typeof QuoteKind>;

export const TextRun = z.object({
  type: z.literal('text'),
  text: z.string(),
  source: SourceSpan.optional(),
});

export const CodeRun = z.object({ type: z.literal('code'), text: z.string() });
export const LineBreak = z.object({ type: z.literal('break') });

export const Emphasis = z.object({
  type: z.literal('emphasis'),
  get children() {
    return z.array(Inline);
  },
});
export const Strong = z.object({
  type: z.literal('strong'),
  get children() {
    return z.array(Inline);
  },
});
export const Link = z.object({
  type: z.literal('link'),
  href: z.string().min(1),
  title: z.string().optional(),
  get children() {
    return z.array(Inline);
  },
});
/** Where an attribution came from: the rule that fired and the name, pronoun or description it used. */
export const Attribution = z.object({
  rule: z
    .string()
    .meta({ description: 'The attribution rule, e.g. "cue:after-said", "continuation", "pronoun".' }),
  mention: z
    .object({ text: z.string(), source: SourceSpan.optional() })
    .optional()
    .meta({ description: 'The name, pronoun or description in the text that the attribution used.' }),
});
export type Attribution = z.infer<typeof Attribution>;

export const Quote = z.object({
  type: z.literal('quote'),
  kind: QuoteKind,
  speakerId: z.string().optional(),
  attribution: Attribution.optional(),
  /** The quotation marks used in the source, when known (e.g. “ and ”). */
  marks: z.tuple([z.string(), z.string()]).optional(),
  get children() {
    return z.array(Inline);
  },
});
export const LangSpan = z.object({
  type: z.literal('lang'),
  lang: LangTag,
  get children() {
    return z.array(Inline);
  },
});
export const Abbr = z.object({
  type: z.literal('abbr'),
  title: z.string().optional(),
  get children() {
    return z.array(Inline);
  },
});

export const Inline = z.discriminatedUnion('type', [
  TextRun,
  CodeRun,
  LineBreak,
  Emphasis,
  Strong,
  Link,
  Quote,
  LangSpan,
  Abbr,
]);

export type TextRun = z.infer<typeof TextRun>;
export type Inline = z.infer<typeof Inline>;
export type Emphasis = z.infer<typeof Emphasis>;
export type Strong = z.infer<typeof Strong>;
export type Link = z.infer<typeof Link>;
export type Quote = z.infer<typeof Quote>;
export type LangSpan = z.infer<typeof LangSpan>;
export type Abbr = z.infer<typeof Abbr>;

/** Block ids: `b1`, `b2`, … in document order (shared by every output format). */
export const BlockId = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'must be an XML-name-safe id such as "b12"')
  .meta({
    description: 'Stable block id, reused as element id, SSML mark name and media-overlay reference.',
  });

export const AltSource = z
  .enum(['author', 'caption', 'embedded', 'generated', 'decorative', 'missing'])
  .meta({
    description:
      "Where the alt text came from: the page's own alt, the caption, the image file's embedded description, a configured describer, decorative (alt is empty), or missing (an honest placeholder).",
  });
export type AltSource = z.infer<typeof AltSource>;

export const Heading = z.object({
  id: BlockId,
  type: z.literal('heading'),
  level: z.number().int().min(2).max(6),
  children: z.array(Inline),
});
export const Paragraph = z.object({
  id: BlockId,
  type: z.literal('paragraph'),
  children: z.array(Inline),
});
export const Figure = z.object({
  id: BlockId,
  type: z.literal('figure'),
  /** URL, data: URI, or (CLI only) a path relative to the input file. */
  src: z.string(),
  alt: z.string(),
  altSource: AltSource,
  decorative: z.boolean(),
  caption: z.array(Inline).optional(),
  credit: z.string().optional(),
  longDescription: z.string().optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
});
export const BlockQuote = z.object({
  id: BlockId,
  type: z.literal('blockquote'),
  speakerId: z.string().optional(),
  /** Who or what is quoted, as printed (e.g. "— Sergey Lavrov"). */
  attribution: z.string().optional(),
  get children() {
    return z.array(Block);
  },
});
export const ListItem = z.object({
  get children() {
    return z.array(Block);
  },
});
export const List = z.object({
  id: BlockId,
  type: z.literal('list'),
  ordered: z.boolean(),
  start: z.number().int().optional(),
  items: z.array(ListItem),
});
export const Preformatted = z.object({
  id: BlockId,
  type: z.literal('preformatted'),
  text: z.string(),
  language: z.string().optional(),
});
export const Separator = z.object({ id: BlockId, type: z.literal('separator') });

export const Block = z.discriminatedUnion('type', [
  Heading,
  Paragraph,
  Figure,
  BlockQuote,
  List,
  Preformatted,
  Separator,
]);

export type Heading = z.infer<typeof Heading>;
export type Paragraph = z.infer<typeof Paragraph>;
export type Figure = z.infer<typeof Figure>;
export type BlockQuote = z.infer<typeof BlockQuote>;
export type ListItem = z.infer<typeof ListItem>;
export type List = z.infer<typeof List>;
export type Preformatted = z.infer<typeof Preformatted>;
export type Separator = z.infer<typeof Separator>;
export type Block = z.infer<typeof Block>;

export const Person = z.object({
  name: z.string().min(1),
  url: z.string().optional(),
});
export type Person = z.infer<typeof Person>;

export const Speaker = z.object({
  id: z.string().min(1),
  /** The canonical (fullest) name: "Sergey Lavrov". */
  name: z.string().min(1),
  /** Other ways the article refers to the speaker: "Lavrov", "the Russian diplomat". */
  aliases: z.array(z.string()),
  kind: z.enum(['person', 'organization']).optional(),
  /** Titles and roles seen with the name: "Foreign Minister", "spokesperson". */
  roles: z.array(z.string()).optional(),
  /** Voice slot: 0 is the narrator; speakers get 1, 2, … in order of their first direct quote. */
  voiceSlot: z.number().int().nonnegative().optional(),
  /** An explicit voice name (engine-specific), overriding the slot. */
  voice: z.string().optional(),
  /**
   * Gender as the article itself states it (pronouns, honorifics, gendered verb forms), used only to pick
   * a matching voice; absent when the text does not say.
   */
  gender: z.enum(['female', 'male']).optional(),
});
export type Speaker = z.infer<typeof Speaker>;

export const Article = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'must be lowercase letters, digits and hyphens'),
    lang: LangTag,
    langSource: z.enum(['declared', 'detected']).optional().meta({
      description:
        'Whether `lang` was declared by the input (markup, front matter, metadata, an option) or detected from the text; absent when not known (treated as declared).',
    }),
    title: z.string().min(1),
    subtitle: z.string().optional(),
    rubric: z.string().optional(),
    authors: z.array(Person),
    translators: z.array(Person),
    source: z.object({ name: z.string().min(1), url: z.string().optional() }).optional(),
    publishedAt: z.string().optional().meta({ description: 'ISO 8601 date or date-time' }),
    modifiedAt: z.string().optional(),
    url: z.string().optional(),
    description: z.string().optional(),
    blocks: z.array(Block),
    speakers: z.array(Speaker),
  })
  .meta({ id: 'Article', title: 'readout Article', description: 'The readout document model.' });
export type Article = z.infer<typeof Article>;

/** The JSON Schema (draft 2020-12) of the Article model, as printed by `readout schema` and `GET /v1/schema`. */
export function articleJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(Article, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}
