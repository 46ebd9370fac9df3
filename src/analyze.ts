/**
 * `readout analyze --json`: the quotations of an article with their kinds, speakers and the mention
 * each attribution used, as offsets. For plain-text input (every run carries its `source` offsets) the
 * offsets are into the original input; otherwise into `articleText(article)`.
 *
 * Expects an Article that went through the quotes transform (`quotesTransform`).
 */
import { z } from 'zod';
import { type Article, type Block, type Inline, type Quote, QuoteKind } from './model/schema.js';
import { articleText, blockText, inlineText, walkBlocks } from './model/walk.js';

const Offset = z.number().int().nonnegative();

export const AnalyzeSpan = z.object({
  start: Offset.meta({ description: 'UTF-16 offset of the first character.' }),
  end: Offset.meta({ description: 'UTF-16 offset after the last character (exclusive).' }),
  text: z.string(),
});

export const AnalyzeQuote = z.object({
  text: z.string().meta({ description: 'The quoted text, without its quotation marks.' }),
  start: Offset,
  end: Offset,
  kind: QuoteKind,
  speaker: z.string().nullable().meta({ description: "The speaker's canonical name, or null when unknown." }),
  speakerId: z.string().nullable(),
  mention: AnalyzeSpan.nullable().meta({
    description: 'The name, pronoun or description in the text that the attribution used.',
  }),
});

export const AnalyzeResult = z
  .object({
    speakers: z.array(z.object({ id: z.string(), name: z.string(), aliases: z.array(z.string()) })),
    quotes: z.array(AnalyzeQuote),
  })
  .meta({
    id: 'AnalyzeResult',
    title: 'readout analyze result',
    description:
      'Quotations with kind, speaker and attribution mention. Offsets are UTF-16 code units, end exclusive: into the original input for plain-text input, otherwise into the article plain text.',
  });
export type AnalyzeResult = z.infer<typeof AnalyzeResult>;
export type AnalyzeQuote = z.infer<typeof AnalyzeQuote>;

interface Leaf {
  s: number;
  e: number;
  src?: number;
  text: string;
}

interface Found {
  quote: Quote;
  block: number;
  /** Children range in the block's plain text. */
  a: number;
  b: number;
  /** Where the quote node starts in the block's plain text (its opening mark, if read). */
  open: number;
}

function blockInlines(block: Block): Inline[] | undefined {
  if (block.type === 'paragraph' || block.type === 'heading') return block.children;
  if (block.type === 'figure') return block.caption;
  return undefined;
}

/** Walks inlines the way `inlineText` reads them, noting leaves and quotation ranges. */
function scan(inlines: readonly Inline[], block: number, leaves: Leaf[], quotes: Found[], start = 0): number {
  let pos = start;
  for (const run of inlines) {
    switch (run.type) {
      case 'text':
        leaves.push({ s: pos, e: pos + run.text.length, text: run.text, ...(sourceStart(run) ?? {}) });
        pos += run.text.length;
        break;
      case 'code':
        pos += run.text.length;
        break;
      case 'break':
        pos += 1;
        break;
      case 'quote': {
        const full = inlineText([run]).length;
        const inner = inlineText(run.children).length;
        // Read the marks too if `inlineText` counts them.
        const pre = full > inner ? Math.min(run.marks?.[0]?.length ?? 0, full - inner) : 0;
        const found: Found = { quote: run, block, a: pos + pre, b: 0, open: pos };
        quotes.push(found);
        found.b = scan(run.children, block, leaves, quotes, pos + pre);
        pos += full;
        break;
      }
      default:
        pos = scan(run.children, block, leaves, quotes, pos);
    }
  }
  return pos;
}

function sourceStart(run: {
  text: string;
  source?: { start: number; end: number };
}): { src: number } | undefined {
  const s = run.source;
  return s && s.end - s.start === run.text.length ? { src: s.start } : undefined;
}

function toInput(leaves: readonly Leaf[], at: number, end: boolean): number | undefined {
  const leaf = leaves.find((l) => (end ? l.s < at && at <= l.e : l.s <= at && at < l.e));
  return leaf?.src === undefined ? undefined : leaf.src + (at - leaf.s);
}

function nearest(haystack: string, needle: string, start: number, end: number): number {
  if (!needle) return -1;
  const before = haystack.lastIndexOf(needle, start - needle.length);
  const after = haystack.indexOf(needle, end);
  if (before < 0) return after;
  if (after < 0) return before;
  return start - (before + needle.length) <= after - end ? before : after;
}

/** The `readout analyze --json` result for an article that went through the quotes transform. */
export function analyzeArticle(article: Article, inputText?: string): AnalyzeResult {
  const speakers = new Map(article.speakers.map((s) => [s.id, s]));
  const body = articleText(article);

  interface BlockInfo {
    text: string;
    leaves: Leaf[];
    /** Offset of the block's trimmed text in `body`. */
    offset: number;
    lead: number;
  }
  const blocks: BlockInfo[] = [];
  const found: Found[] = [];
  let offset = 0;
  let inputOk = inputText !== undefined;
  for (const block of walkBlocks(article.blocks)) {
    const inlines = blockInlines(block);
    const text = blockText(block);
    const trimmed = text.trim();
    const info: BlockInfo = { text, leaves: [], offset, lead: text.length - text.trimStart().length };
    if (trimmed) offset += trimmed.length + 1;
    if (!inlines) continue;
    scan(inlines, blocks.length, info.leaves, found);
    for (const leaf of info.leaves) {
      if (
        leaf.src === undefined
          ? leaf.text.trim() !== ''
          : inputText?.slice(leaf.src, leaf.src + leaf.text.length) !== leaf.text
      ) {
        inputOk = false;
      }
    }
    blocks.push(info);
  }

  const spans = found.map((f) => {
    const info = blocks[f.block]!;
    let a = f.a;
    let b = f.b;
    while (a < b && /\s/u.test(info.text[a]!)) a++;
    while (b > a && /\s/u.test(info.text[b - 1]!)) b--;
    return { f, info, a, b, atStart: info.text.slice(0, f.open).trim() === '' };
  });

  const locate = (info: BlockInfo, a: number, b: number, input: boolean) => {
    if (input) {
      const start = toInput(info.leaves, a, false);
      const end = toInput(info.leaves, b, true);
      return start === undefined || end === undefined ? undefined : { start, end };
    }
    return { start: info.offset + a - info.lead, end: info.offset + b - info.lead };
  };

  if (inputOk) {
    for (const { info, a, b } of spans) if (b > a && !locate(info, a, b, true)) inputOk = false;
  }
  const base = inputOk ? inputText! : body;

  const quotes: AnalyzeQuote[] = [];
  for (let i = 0; i < spans.length; i++) {
    const { f, info, a, b } = spans[i]!;
    const at = locate(info, a, b, inputOk) ?? { start: 0, end: 0 };
    let end = at.end;
    // A quotation left open at the end of a block and reopened by the next is one quotation.
    let j = i;
    while (
      spans[j]!.f.quote.marks?.[1] === '' &&
      spans[j + 1]?.atStart &&
      spans[j + 1]!.f.block === spans[j]!.f.block + 1
    ) {
      j++;
      const next = spans[j]!;
      end = locate(next.info, next.a, next.b, inputOk)?.end ?? end;
    }
    i = j;
    const q = f.quote;
    const speaker = q.speakerId ? speakers.get(q.speakerId) : undefined;
    let mention: AnalyzeQuote['mention'] = null;
    const m = q.attribution?.mention;
    if (speaker && m) {
      if (inputOk && m.source && inputText!.slice(m.source.start, m.source.end) === m.text) {
        mention = { start: m.source.start, end: m.source.end, text: m.text };
      } else {
        const k = nearest(base, m.text, at.start, end);
        if (k >= 0) mention = { start: k, end: k + m.text.length, text: m.text };
      }
    }
    quotes.push({
      text: base.slice(at.start, end),
      start: at.start,
      end,
      kind: q.kind,
      speaker: speaker?.name ?? null,
      speakerId: speaker?.id ?? null,
      mention,
    });
  }
  return {
    speakers: article.speakers.map((s) => ({ id: s.id, name: s.name, aliases: [...s.aliases] })),
    quotes,
  };
}
