/** Small articles for the quote tests: paragraphs (and headings) in, quotes with their speakers out. */
import { type AnalyzeQuote, analyzeArticle } from '../../src/analyze.js';
import { type QuotesOptions, quotesTransform } from '../../src/enrich/quotes/index.js';
import type { Article, Block, Inline, Quote } from '../../src/model/schema.js';
import { walkBlocks } from '../../src/model/walk.js';
import { finalizeArticle } from '../../src/read/finalize.js';
import { Report } from '../../src/report.js';

/** A paragraph, or `# text` for a heading. */
export function article(paragraphs: string[], lang = 'en'): Article {
  const blocks: Block[] = paragraphs.map((p) =>
    p.startsWith('# ')
      ? { id: '', type: 'heading', level: 2, children: [{ type: 'text', text: p.slice(2) }] }
      : { id: '', type: 'paragraph', children: [{ type: 'text', text: p }] },
  );
  return finalizeArticle({ title: 'Test article', authors: [], translators: [], blocks, lang });
}

export interface Run {
  article: Article;
  report: Report;
  quotes: AnalyzeQuote[];
  /** Speaker name (or null) of the quote whose text starts with `start`. */
  speakerOf(start: string): string | null;
  kindOf(start: string): string;
  quote(start: string): AnalyzeQuote;
}

export function run(input: Article, options?: QuotesOptions): Run {
  const report = new Report();
  const out = quotesTransform(options)(input, report);
  const quotes = analyzeArticle(out).quotes;
  const quote = (start: string) => {
    const q = quotes.find((x) => x.text.startsWith(start));
    if (!q)
      throw new Error(`no quote starts with "${start}"; found: ${quotes.map((x) => x.text).join(' | ')}`);
    return q;
  };
  return {
    article: out,
    report,
    quotes,
    quote,
    speakerOf: (start) => quote(start).speaker,
    kindOf: (start) => quote(start).kind,
  };
}

/** Every Quote inline of the article, outer before inner. */
export function quoteInlines(a: Article): Quote[] {
  const out: Quote[] = [];
  const walk = (inlines: readonly Inline[]) => {
    for (const run of inlines) {
      if (run.type === 'quote') out.push(run);
      if ('children' in run) walk(run.children);
    }
  };
  for (const b of walkBlocks(a.blocks)) {
    if (b.type === 'paragraph' || b.type === 'heading') walk(b.children);
    if (b.type === 'figure' && b.caption) walk(b.caption);
  }
  return out;
}
