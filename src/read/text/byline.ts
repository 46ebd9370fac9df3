/**
 * Credit lines of a page dump: bylines ("By X", "Story by X", "Текст: X"…), translator lines
 * ("Translation by X", "Translated from the Russian by X", "Перевод: X"), other credits that carry no
 * author ("Editing by X", "Photos by X") and source lines ("Source: X"). A line is a credit line only
 * when ALL of it is credits (clauses separated by ";", "|", "·" or ". "), and every name looks like a
 * personal or organisation name (capitalised words), so sentences such as "By Tuesday, the talks…" are not.
 * Hand-written: no installed library parses bylines from plain text.
 */
import type { Person } from '../../model/schema.js';
import { parseDateLine } from './dates.js';

export interface CreditLine {
  authors: Person[];
  translators: Person[];
  /** A date found in the same line ("By Jane Doe · May 4, 2022"). */
  date?: string;
}

type Role = 'author' | 'translator' | 'other';

const ROLE_PATTERNS: ReadonlyArray<[Role, RegExp]> = [
  [
    'translator',
    /^(?:(?:abridged |condensed |english |russian )?translation|(?:abridged and )?translated(?: from (?:the )?\p{L}+)?(?: into (?:the )?\p{L}+)?|english version)\s+by\s+(.+)$/iu,
  ],
  [
    'translator',
    /^(?:translation|translations|translator|translators|перевод|переводчик|переводчица|traduction|übersetzung)\s*[:—–]\s*(.+)$/iu,
  ],
  ['translator', /^(?:перевела|перевёл|перевел|перевели|traduit par|übersetzt von)\s+(.+)$/iu],
  [
    'author',
    /^(?:(?:additional )?reporting|story|words|text|written|reported|interview|article|report|analysis|text and photos?|words and photos?)\s+by\s+(.+)$/iu,
  ],
  ['author', /^(?:by|par|von|por)\s+(.+)$/iu],
  ['author', /^(?:author|authors|words|text|автор|авторы|текст|auteur|autor|autorin)\s*[:—–]\s*(.+)$/iu],
  [
    'other',
    /^(?:edit(?:ed|ing)|copy edit(?:ed|ing)|fact[- ]check(?:ed|ing)|photos?|photographs?|photography|illustrations?|graphics|design|video|produced|production|редактор|редактура|фото|иллюстрации|графика)\s*(?:by\s+|[:—–]\s*)(.+)$/iu,
  ],
];

/** Lower-case words that may stand inside a name (Ludwig van Beethoven, Ibn Battuta, Vincent de Paul). */
const PARTICLES = new Set([
  'de',
  'da',
  'di',
  'del',
  'della',
  'der',
  'den',
  'van',
  'von',
  'zu',
  'la',
  'le',
  'du',
  'dos',
  'das',
  'al',
  'el',
  'bin',
  'ibn',
  'y',
  'ten',
  'ter',
  'st.',
]);
/** A part naming a role or desk rather than a person ("Jane Doe, Staff Writer"): dropped. */
const ROLE_WORDS =
  /\b(?:staff|writer|correspondent|reporter|editor|contributor|columnist|bureau|chief|special to|for the)\b|корреспондент|обозреватель|редактор|спецкор/iu;
/** A lone calendar word is not a name ("By Tuesday, …", "By May"). */
const CALENDAR =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|today|tonight|tomorrow|yesterday|noon|midnight)$/iu;
const NAME_SEPARATORS = /\s*,\s*(?:and\s+|и\s+|&\s+)?|\s+(?:and|&|и|et|und|y)\s+/u;

function isNameWord(word: string): boolean {
  if (PARTICLES.has(word.toLowerCase()) && word === word.toLowerCase()) return true;
  return /^["'“‘«(]?\p{Lu}[\p{L}\p{M}.'’-]*[)"'”’»]?$/u.test(word);
}

/** The people named in the text after "by" / "Текст:", or undefined when it is not a list of names. */
export function parseNames(text: string): Person[] | undefined {
  let cleaned = text.trim();
  // Keep the final dot of an initial ("Jane Q."); drop other trailing punctuation.
  if (!/(?:^|\s)\p{Lu}\.$/u.test(cleaned)) cleaned = cleaned.replace(/[.;,]+$/, '');
  const people: Person[] = [];
  for (const part of cleaned.split(NAME_SEPARATORS)) {
    const name = part.trim();
    if (!name) continue;
    if (ROLE_WORDS.test(name)) continue;
    const ws = name.split(/\s+/);
    if (ws.length === 1 && CALENDAR.test(name)) return undefined;
    if (ws.length > 5 || !ws.every(isNameWord) || !isNameWord(ws[0]!) || PARTICLES.has(ws[0]!))
      return undefined;
    people.push({ name });
  }
  return people.length ? people : undefined;
}

/** "JEFFREY GETTLEMAN" → "Jeffrey Gettleman" (names set in capitals; short acronyms such as "AP" stay). */
function unshout(name: string): string {
  if (name !== name.toUpperCase() || !/\p{Lu}{2}/u.test(name) || !/\s/.test(name)) return name;
  return name
    .toLowerCase()
    .replace(/(^|[\s\-'’])(\p{Ll})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

interface Clause {
  role: Role;
  people: Person[];
  date?: string;
}

function parseClause(clause: string): Clause | undefined {
  for (const [role, pattern] of ROLE_PATTERNS) {
    const m = pattern.exec(clause);
    if (!m) continue;
    const names = m[1]!;
    const people = parseNames(names);
    if (people) return { role, people: people.map((p) => ({ name: unshout(p.name) })) };
    // "By JANE DOE JAN. 13, 2017": names followed by a date without a separator.
    const ws = names.split(/\s+/);
    for (let k = ws.length - 1; k >= 1; k--) {
      const date = parseDateLine(ws.slice(k).join(' '));
      const before = date && parseNames(ws.slice(0, k).join(' '));
      if (date && before)
        return { role, people: before.map((p) => ({ name: unshout(p.name) })), date: date.iso };
    }
  }
  return undefined;
}

/** Parses a whole line of credits; undefined when the line is anything else. */
export function parseCreditLine(line: string): CreditLine | undefined {
  const text = line.trim();
  if (text.length > 200) return undefined;
  const clauses = text.split(/\s*[;|•·]\s*|(?<=\p{Ll}{2}|\p{Ll}\))\.\s+(?=\p{Lu})/u).filter(Boolean);
  const result: CreditLine = { authors: [], translators: [] };
  let first = true;
  for (const clause of clauses) {
    const parsed = parseClause(clause);
    if (parsed) {
      if (parsed.date) result.date ??= parsed.date;
      if (parsed.role === 'author') result.authors.push(...parsed.people);
      else if (parsed.role === 'translator') result.translators.push(...parsed.people);
    } else if (first) {
      return undefined;
    } else {
      const date = parseDateLine(clause);
      if (date) result.date ??= date.iso;
      // Otherwise a short trailing label ("Reuters", "Staff") is tolerated; a longer clause is not a credit line.
      else if (clause.split(/\s+/).length > 4) return undefined;
    }
    first = false;
  }
  return result;
}

const SOURCE_LABEL =
  /^(?:source|sources|источник|quelle|fuente|fonte|source de l'article)\s*[:—–]\s*(.+?)\.?$/iu;
const SOURCE_PHRASE = /^(?:originally|first) published (?:by|in|on|at)\s+(.+?)\.?$/iu;

/** "Source: Meduza" → { name: 'Meduza' }; "Source: https://example.org/x" → { name: 'example.org', url }. */
export function parseSourceLine(line: string): { name: string; url?: string } | undefined {
  const m = SOURCE_LABEL.exec(line.trim()) ?? SOURCE_PHRASE.exec(line.trim());
  if (!m) return undefined;
  const value = m[1]!.trim();
  if (/^https?:\/\/\S+$/i.test(value)) {
    try {
      return { name: new URL(value).hostname.replace(/^www\./, ''), url: value };
    } catch {
      return undefined;
    }
  }
  if (value.length > 80 || value.split(/\s+/).length > 8 || /[.!?]\s/.test(value)) return undefined;
  return { name: value };
}
