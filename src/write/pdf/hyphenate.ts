/**
 * Soft hyphens for print. The Chromium used here has no hyphenation dictionaries (`hyphens: auto` does
 * nothing), so break points come from the TeX hyphenation patterns of the `hyphen` package, chosen by the
 * language of each text run (the article's, or that of an enclosing language span). Only text runs of
 * running text are touched (paragraphs, list items, block quotes, captions); headings, titles, code and
 * anything that looks like an address are left whole. The PDF post-processing step keeps these soft
 * hyphens out of the extracted text where the line does not break.
 */
import { createRequire } from 'node:module';
import { boundedCache } from '../../bounded-cache.js';
import { subtags } from '../../model/lang.js';
import type { Article, Block, Inline } from '../../model/schema.js';

export const SOFT_HYPHEN = '\u00AD';

/** Words shorter than this are never broken. */
export const MIN_WORD_LENGTH = 6;
/** Letters that must stay before the first and after the last break of a word (TeX's \lefthyphenmin/\righthyphenmin). */
const LEFT_MIN = 2;
const RIGHT_MIN = 3;

type HyphenateSync = (text: string, options?: { minWordLength?: number; hyphenChar?: string }) => string;

const require = createRequire(import.meta.url);
/** The patterns found for a language tag, or `false` when there are none (bounded: tags come from input). */
const cache = boundedCache<string, HyphenateSync | false>('pdf:hyphenators', 256);

/** The `hyphen` package's module names to try for a language tag, most specific first. */
function candidates(lang: string): string[] {
  const { primary, script, region } = subtags(lang);
  const names: string[] = [];
  if (region) names.push(`${primary}-${region}`);
  if (script) names.push(`${primary}-${script}`);
  // Language-wide defaults where the package has only regional or script-specific patterns.
  const defaults: Record<string, string> = {
    en: 'en-us',
    el: 'el-monoton',
    mn: 'mn-cyrl',
    sr: script === 'latn' ? 'sh-latn' : 'sr-cyrl',
  };
  names.push(defaults[primary] ?? primary);
  return names;
}

/** The hyphenation function for `lang`, or null when the `hyphen` package has no patterns for it. */
export function hyphenatorFor(lang: string): HyphenateSync | null {
  const key = lang.toLowerCase();
  const known = cache.get(key);
  if (known !== undefined) return known || null;
  let found: HyphenateSync | null = null;
  for (const name of candidates(key)) {
    if (!/^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$/.test(name)) continue;
    try {
      const mod = require(`hyphen/${name}`) as { hyphenateSync?: HyphenateSync };
      if (typeof mod.hyphenateSync === 'function') {
        found = mod.hyphenateSync;
        break;
      }
    } catch {
      // no patterns under this name: try the next one
    }
  }
  cache.set(key, found ?? false);
  return found;
}

/** Whether soft hyphens can be inserted for `lang`. */
export function canHyphenate(lang: string): boolean {
  return hyphenatorFor(lang) !== null;
}

// Tokens that are not words of running text: addresses and domain names, e-mail, paths, numbers with
// letters, ALL-CAPS acronyms.
const NOT_A_WORD = /[/@\\_=<>{}|#~]|^(?:https?:|www\.)|\p{L}\.\p{L}|\d/u;
const isAcronym = (token: string) => !/\p{Ll}/u.test(token) && /\p{Lu}[^\p{Lu}]*\p{Lu}/u.test(token);

/** Drops break points that would leave fewer than LEFT_MIN/RIGHT_MIN letters on either side of a word part. */
function trimBreaks(token: string): string {
  const parts = token.split(/([^\p{L}\p{M}\u00AD]+)/u);
  return parts
    .map((part, i) => {
      if (i % 2 === 1 || !part.includes(SOFT_HYPHEN)) return part;
      const pieces = part.split(SOFT_HYPHEN);
      let out = pieces[0] ?? '';
      let before = out.length;
      let after = part.length - out.length - (pieces.length - 1);
      for (const piece of pieces.slice(1)) {
        const ok = before >= LEFT_MIN && after >= RIGHT_MIN;
        out += (ok ? SOFT_HYPHEN : '') + piece;
        before += piece.length;
        after -= piece.length;
      }
      return out;
    })
    .join('');
}

// Hyphenated words by patterns (tags that share patterns share words): news text repeats its words, and the
// pattern lookup is the costly part. A few languages at a time, each up to MAX_CACHED_WORDS words.
const words = boundedCache<HyphenateSync, Map<string, string>>('pdf:hyphenated-words', 8);
const MAX_CACHED_WORDS = 50_000;

/** `text` with soft hyphens at the break points of its words (≥ MIN_WORD_LENGTH letters) in `lang`. */
export function hyphenateText(text: string, lang: string): string {
  const hyphenate = hyphenatorFor(lang);
  if (!hyphenate) return text;
  let cached = words.get(hyphenate);
  if (!cached) {
    cached = new Map<string, string>();
    words.set(hyphenate, cached);
  }
  return text.replace(/\S+/g, (token) => {
    if (
      token.length < MIN_WORD_LENGTH ||
      token.includes(SOFT_HYPHEN) ||
      NOT_A_WORD.test(token) ||
      isAcronym(token)
    ) {
      return token;
    }
    let out = cached.get(token);
    if (out === undefined) {
      out = trimBreaks(hyphenate(token, { minWordLength: MIN_WORD_LENGTH }));
      if (cached.size >= MAX_CACHED_WORDS) cached.clear();
      cached.set(token, out);
    }
    return out;
  });
}

function inlines(runs: readonly Inline[], lang: string): Inline[] {
  return runs.map((run): Inline => {
    switch (run.type) {
      case 'text':
        return { ...run, text: hyphenateText(run.text, lang) };
      case 'code':
      case 'break':
        return run;
      case 'lang':
        return { ...run, children: inlines(run.children, run.lang) };
      default:
        return { ...run, children: inlines(run.children, lang) };
    }
  });
}

function blocks(list: readonly Block[], lang: string): Block[] {
  return list.map((block): Block => {
    switch (block.type) {
      case 'paragraph':
        return { ...block, children: inlines(block.children, lang) };
      case 'figure':
        return block.caption ? { ...block, caption: inlines(block.caption, lang) } : block;
      case 'blockquote':
        return { ...block, children: blocks(block.children, lang) };
      case 'list':
        return { ...block, items: block.items.map((item) => ({ children: blocks(item.children, lang) })) };
      default:
        return block; // headings (they are bookmarks too), code, separators
    }
  });
}

/** A copy of `article` whose running text carries soft hyphens (the input is not changed). */
export function hyphenateArticle(article: Article): Article {
  return { ...article, blocks: blocks(article.blocks, article.lang) };
}
