/**
 * Turns what a reader recovered into a valid Article: block ids in document order, a stable article id,
 * a language (detected when the input declares none), and a final schema check.
 */
import { createHash } from 'node:crypto';
import slugify from '@sindresorhus/slugify';
import { InputError, RenderError } from '../errors.js';
import { Article, type Block, type Inline, SCHEMA_VERSION } from '../model/schema.js';
import { articleText, walkBlocks } from '../model/walk.js';
import { detectLanguage, normaliseLang } from './language.js';

/** An Article before finalising: ids and language may be missing; block ids may be empty strings. */
export type ArticleDraft = Omit<Article, 'schemaVersion' | 'id' | 'lang' | 'speakers'> & {
  id?: string;
  lang?: string;
  speakers?: Article['speakers'];
};

export interface FinalizeOptions {
  /** Keep block ids that are present, valid and unique (JSON input); otherwise number them b1, b2, … */
  keepBlockIds?: boolean;
  /** Language to use when the draft has none (overrides detection). */
  fallbackLang?: string;
}

/** A URL-safe slug of the title, for file names (`clearing-the-roadblocks`). */
export function articleSlug(title: string, max = 60): string {
  const slug = slugify(title, { lowercase: true }).slice(0, max).replace(/-+$/, '');
  return slug || 'article';
}

/** A stable id: the slug of the title plus 8 hex digits of a hash of the URL (or title and text). */
export function deriveArticleId(draft: Pick<ArticleDraft, 'title' | 'url' | 'blocks'>): string {
  const basis = draft.url ?? `${draft.title}\n${articleText(draft).slice(0, 2000)}`;
  const hash = createHash('sha256').update(basis).digest('hex').slice(0, 8);
  return `${articleSlug(draft.title, 48)}-${hash}`;
}

function numberBlocks(blocks: Block[], keep: boolean): void {
  const all = [...walkBlocks(blocks)];
  if (keep) {
    const seen = new Set<string>();
    const ok = all.every((b) => /^[A-Za-z][A-Za-z0-9_-]*$/.test(b.id) && !seen.has(b.id) && seen.add(b.id));
    if (ok) return;
  }
  all.forEach((b, i) => {
    b.id = `b${i + 1}`;
  });
}

/**
 * Block quotes and lists nested deeper than this are unwrapped into their parent (their content kept). No
 * article nests that deep; hostile input nesting hundreds deep made every block start (a speech mark, a
 * tag) pile up at one position, more than an engine request can hold.
 */
export const MAX_BLOCK_NESTING = 16;

/** Inline elements (emphasis, links…) nested deeper than this are unwrapped too: each level is a tag in SSML. */
export const MAX_INLINE_NESTING = 8;

function flattenInlines(inlines: Inline[], depth: number): Inline[] {
  const out: Inline[] = [];
  for (const inline of inlines) {
    if (!('children' in inline)) {
      out.push(inline);
      continue;
    }
    const children = flattenInlines(inline.children, depth + 1);
    if (depth >= MAX_INLINE_NESTING) out.push(...children);
    else out.push({ ...inline, children } as Inline);
  }
  return out;
}

function flattenDeepNesting(blocks: Block[], depth: number): Block[] {
  const out: Block[] = [];
  for (const block of blocks) {
    if (block.type === 'blockquote') {
      const children = flattenDeepNesting(block.children, depth + 1);
      if (depth >= MAX_BLOCK_NESTING) out.push(...children);
      else out.push({ ...block, children });
    } else if (block.type === 'list') {
      const items = block.items.map((item) => ({
        ...item,
        children: flattenDeepNesting(item.children, depth + 1),
      }));
      if (depth >= MAX_BLOCK_NESTING) out.push(...items.flatMap((item) => item.children));
      else out.push({ ...block, items });
    } else if (block.type === 'heading' || block.type === 'paragraph') {
      out.push({ ...block, children: flattenInlines(block.children, 0) });
    } else if (block.type === 'figure' && block.caption) {
      out.push({ ...block, caption: flattenInlines(block.caption, 0) });
    } else out.push(block);
  }
  return out;
}

export function finalizeArticle(draft: ArticleDraft, options: FinalizeOptions = {}): Article {
  draft = { ...draft, blocks: flattenDeepNesting(draft.blocks, 0) };
  const text = articleText(draft);
  if (!text.trim()) {
    throw new InputError('input/no-article-text', 'No article text found in the input.');
  }
  numberBlocks(draft.blocks, options.keepBlockIds ?? false);
  const declared = normaliseLang(draft.lang) ?? normaliseLang(options.fallbackLang);
  const detected = declared ? undefined : detectLanguage(`${draft.title}\n${text}`);
  const lang = declared ?? detected ?? 'und';
  // Only detection is recorded here (a declared language is the normal case, and JSON input round-trips
  // unchanged); a reader that detected the language itself passes it in `lang` and says so in `langSource`.
  const langSource = draft.langSource ?? (detected ? 'detected' : undefined);
  const article = {
    schemaVersion: SCHEMA_VERSION,
    ...draft,
    id: draft.id ?? deriveArticleId(draft),
    lang,
    ...(langSource ? { langSource } : {}),
    speakers: draft.speakers ?? [],
  };
  const parsed = Article.safeParse(article);
  if (!parsed.success) {
    // A reader produced something outside the model: a bug in readout, not in the input.
    throw new RenderError(
      'internal/invalid-article',
      'The reader produced an invalid article.',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}
