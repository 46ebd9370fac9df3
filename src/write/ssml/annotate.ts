/**
 * Marks up a run of text for speech: lexicon words (`<sub>`/`<phoneme>`), dates, times, telephone
 * numbers and ordinals (`<say-as>`), acronyms read letter by letter (`<say-as interpret-as="characters">`)
 * and common abbreviations (`<sub alias>`). One combined regular expression per language and option set;
 * at one position the earlier alternative wins (lexicon first, acronyms and abbreviations last).
 */

import { LRUCache } from 'lru-cache';
import { boundedCache } from '../../bounded-cache.js';
import { subtags } from '../../model/lang.js';
import { type Abbreviation, abbreviationsFor, isRomanNumeral, readAsWord } from './abbreviations.js';
import type { Lexicon, LexiconEntry } from './lexicon.js';
import type { Leaf, SayAsKind } from './tree.js';

export interface AnnotateOptions {
  lang: string;
  sayAs: boolean;
  abbreviations: boolean;
  lexicon?: Lexicon;
}

interface Compiled {
  re: RegExp;
  /** Cheap tests: when none passes, nothing in the text can match. */
  quick: RegExp | undefined;
  literals: string[];
  lexicon: Map<string, LexiconEntry>;
  abbreviations: Map<string, Abbreviation[]>;
  monthFirst: boolean;
}

const L = '(?<![\\p{L}\\p{N}_])';
const R = '(?![\\p{L}\\p{N}_])';

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const ORDINALS: Record<string, string> = {
  en: `(?<ord>\\d{1,4})(?<ordsuf>st|nd|rd|th)${R}`,
  fr: `(?<ord>\\d{1,4})(?<ordsuf>er|re|ère|e|ème|eme)${R}`,
  es: `(?<ord>\\d{1,4})(?<ordsuf>[ºª])`,
  it: `(?<ord>\\d{1,4})(?<ordsuf>[ºª])`,
  pt: `(?<ord>\\d{1,4})(?<ordsuf>[ºª])`,
  de: '(?<ord>\\d{1,2})(?<ordsuf>\\.)(?=\\s(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\\b)',
};

const TIME = `(?<time>(?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?(?:\\s?(?:[ap]\\.m\\.|[AaPp][Mm]${R}))?)(?![\\d:])`;
const ISO_DATE = '(?<iso>\\d{4}-\\d{2}-\\d{2})(?![\\d-])';
const NUM_DATE = '(?<numdate>\\d{1,2}(?<dsep>[./])\\d{1,2}\\k<dsep>\\d{4})(?![\\d.]\\d)';
const PHONE = `(?<phone>(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]\\d{2,4}){1,5})(?![\\d])`;
const ACRONYM = `(?<acr>\\p{Lu}{2,5})${R}`;

/** Compiled patterns by language and options (bounded: language tags come from input). */
const cache = boundedCache<string, Compiled>('ssml:annotation-patterns', 64);
/** The same for each lexicon a request brings (dropped with the lexicon). */
const lexiconCache = new WeakMap<Lexicon, LRUCache<string, Compiled>>();

function compile(options: AnnotateOptions): Compiled {
  const { primary, region } = subtags(options.lang);
  const key = `${options.lang}|${options.sayAs}|${options.abbreviations}`;
  const byLexicon = options.lexicon
    ? (lexiconCache.get(options.lexicon) ?? new LRUCache<string, Compiled>({ max: 16 }))
    : cache;
  const hit = byLexicon.get(key);
  if (hit) return hit;

  const parts: string[] = [];
  const lexicon = new Map<string, LexiconEntry>();
  if (options.lexicon) {
    for (const entry of options.lexicon.entries) {
      for (const g of entry.graphemes) if (!lexicon.has(g)) lexicon.set(g, entry);
    }
    const graphemes = [...lexicon.keys()].sort((a, b) => b.length - a.length).map(escape);
    if (graphemes.length) parts.push(`${L}(?<lex>${graphemes.join('|')})${R}`);
  }
  if (options.sayAs) {
    parts.push(`${L}${ISO_DATE}`, `${L}${NUM_DATE}`, `(?<![\\d:])${TIME}`, `(?<![\\w+])${PHONE}`);
    const ordinal = ORDINALS[primary];
    if (ordinal) parts.push(`${L}${ordinal}`);
  }
  const abbreviations = new Map<string, Abbreviation[]>();
  if (options.abbreviations) {
    for (const a of abbreviationsFor(options.lang)) {
      abbreviations.set(a.written, [...(abbreviations.get(a.written) ?? []), a]);
    }
    const written = [...abbreviations.keys()].sort((a, b) => b.length - a.length);
    if (written.length) {
      parts.push(
        `${L}(?<abbr>${written.map((w) => escapeRegex(w) + (/[\p{L}]$/u.test(w) ? '(?![\\p{L}])' : '')).join('|')})`,
      );
    }
  }
  if (options.sayAs) parts.push(`${L}${ACRONYM}`);
  // A match can only start like this: checking it first lets the engine skip ahead quickly.
  const starts = new Set<string>();
  for (const w of [...lexicon.keys(), ...abbreviations.keys()])
    starts.add(escapeRegex([...w].slice(0, 2).join('')));
  const first = [...(options.sayAs ? ['\\d', '[+(]\\d', '\\p{Lu}\\p{Lu}'] : []), ...starts].join('|');
  const literals = [...abbreviations.keys(), ...(lexicon.size <= 500 ? lexicon.keys() : [])];
  const compiled: Compiled = {
    re: new RegExp(parts.length ? `(?=${first})(?:${parts.join('|')})` : '(?!)', 'gu'),
    quick:
      options.sayAs || lexicon.size > 500 ? (lexicon.size > 500 ? /[\s\S]/ : /\d|\p{Lu}\p{Lu}/u) : undefined,
    literals,
    lexicon,
    abbreviations,
    // Month first only for US English (and English without a region); day first elsewhere.
    monthFirst: primary === 'en' && (!region || region === 'us'),
  };
  byLexicon.set(key, compiled);
  if (options.lexicon) lexiconCache.set(options.lexicon, byLexicon);
  return compiled;
}

function validDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

function englishSuffixOk(n: number, suffix: string): boolean {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const want = teen ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return suffix === want;
}

/** A telephone number has 7–15 digits and either a country code, an area code in brackets or 2+ separators;
 * groups of exactly three digits after the first are thousands ("1 000 000"), not a telephone number. */
function isTelephone(s: string): boolean {
  const digits = s.replace(/\D/g, '').length;
  if (digits < 7 || digits > 15) return false;
  const groups = s.split(/[ .()+-]+/).filter(Boolean);
  if (groups.length > 1 && groups.slice(1).every((g) => g.length === 3) && !/[+(]/.test(s)) return false;
  const separators = (s.match(/[ .-]/g) ?? []).length;
  return s.startsWith('+') || s.includes('(') || separators >= 2;
}

function lexiconLeaf(entry: LexiconEntry, text: string): Leaf {
  if (entry.phoneme) {
    return {
      kind: 'phoneme',
      alphabet: entry.phoneme.alphabet,
      ph: entry.phoneme.ph,
      ...(entry.alias ? { alias: entry.alias } : {}),
      text,
    };
  }
  return { kind: 'sub', alias: entry.alias ?? text, text };
}

function abbreviationLeaf(
  candidates: readonly Abbreviation[],
  text: string,
  before: string,
  after: string,
): Leaf | undefined {
  const nextWord = /^\s+(\S)/u.exec(after)?.[1] ?? '';
  const prevWord = /(\S+)\s+$/u.exec(before)?.[1] ?? '';
  for (const a of candidates) {
    if (a.next === 'capital' && !/\p{Lu}/u.test(nextWord)) continue;
    if (a.next === 'digit' && !/\d/.test(nextWord)) continue;
    if (a.prev === 'capital' && !/^\p{Lu}/u.test(prevWord)) continue;
    return { kind: 'sub', alias: a.alias, text };
  }
  return undefined;
}

/** A say-as leaf that reads the token as written. */
function sayAsLeaf(interpretAs: SayAsKind, token: string, format?: string): Leaf {
  return { kind: 'say-as', interpretAs, ...(format ? { format } : {}), text: token, written: token };
}

/**
 * The leaves of one run of text. `shouting` (a run mostly in capitals) turns off the acronym rule, so
 * an all-capital headline is not spelled out.
 */
export function annotate(text: string, options: AnnotateOptions, shouting = false): Leaf[] {
  const c = compile(options);
  if (!text) return [];
  if (!c.quick?.test(text) && !c.literals.some((w) => text.includes(w))) return [{ kind: 'text', text }];
  const out: Leaf[] = [];
  let last = 0;
  const pushText = (end: number) => {
    if (end > last) out.push({ kind: 'text', text: text.slice(last, end) });
  };
  for (const m of text.matchAll(c.re)) {
    const g = m.groups ?? {};
    const start = m.index;
    const token = m[0];
    let leaf: Leaf | undefined;
    if (g.lex !== undefined) {
      const entry = c.lexicon.get(g.lex);
      if (entry) leaf = lexiconLeaf(entry, token);
    } else if (g.iso !== undefined) {
      const [y, mo, d] = g.iso.split('-').map(Number) as [number, number, number];
      if (validDate(y, mo, d)) leaf = sayAsLeaf('date', token, 'ymd');
    } else if (g.numdate !== undefined) {
      const [a, b, y] = g.numdate.split(/[./]/).map(Number) as [number, number, number];
      const monthFirst = c.monthFirst ? a <= 12 || b > 12 : a <= 12 && b > 12;
      const [mo, d] = monthFirst ? [a, b] : [b, a];
      if (validDate(y, mo, d)) leaf = sayAsLeaf('date', token, monthFirst ? 'mdy' : 'dmy');
    } else if (g.time !== undefined) {
      leaf = sayAsLeaf('time', token, /[ap]\.?m\.?$/i.test(token) ? 'hms12' : 'hms24');
    } else if (g.phone !== undefined) {
      if (isTelephone(token)) leaf = sayAsLeaf('telephone', token);
    } else if (g.ord !== undefined) {
      const n = Number(g.ord);
      if (
        n > 0 &&
        (g.ordsuf === undefined || !/^(st|nd|rd|th)$/.test(g.ordsuf) || englishSuffixOk(n, g.ordsuf))
      ) {
        leaf = { kind: 'say-as', interpretAs: 'ordinal', text: g.ord, written: token };
      }
    } else if (g.abbr !== undefined) {
      const candidates = c.abbreviations.get(g.abbr);
      if (candidates) {
        leaf = abbreviationLeaf(candidates, token, text.slice(0, start), text.slice(start + token.length));
      }
    } else if (g.acr !== undefined) {
      if (!shouting && !readAsWord(token) && !isRomanNumeral(token)) {
        leaf = sayAsLeaf('characters', token);
      }
    }
    if (!leaf) continue;
    pushText(start);
    out.push(leaf);
    last = start + token.length;
  }
  pushText(text.length);
  return out;
}

/** True when most letters of `text` are capitals (a shouted headline, a caption in capitals). */
export function isShouting(text: string): boolean {
  let letters = 0;
  let upper = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) {
      letters++;
      upper++;
    } else if (c >= 97 && c <= 122) letters++;
    else if (c >= 0xc0) {
      const ch = text[i]!;
      const up = ch.toUpperCase();
      if (up !== ch.toLowerCase()) {
        letters++;
        if (ch === up) upper++;
      }
    }
  }
  return letters >= 12 && upper / letters > 0.6;
}
