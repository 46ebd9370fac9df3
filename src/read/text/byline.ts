/**
 * Credit lines of a page dump: bylines ("By X", "Story by X", "Текст: X"…), translator lines
 * ("Translation by X", "Translated from the Russian by X", "Перевод: X"), other credits that carry no
 * author ("Editing by X", "Photos by X") and source lines ("Source: X"). A line is a credit line only
 * when ALL of it is credits (clauses separated by ";", "|", "·" or ". "), and every name looks like a
 * personal or organisation name (capitalised words), so sentences such as "By Tuesday, the talks…" are not.
 * Hand-written: no installed library parses bylines from plain text.
 */
import type { Person } from '../../model/schema.js';
import { isDateish, parseDateLine } from './dates.js';

export interface CreditLine {
  authors: Person[];
  translators: Person[];
  /** A date found in the same line ("By Jane Doe · May 4, 2022"). */
  date?: string;
  /** An "Updated …" date found in the same line. */
  modified?: string;
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
  ['author', /^(?:by|par|von|por)\s*:?\s+(.+)$/iu],
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
  /\b(?:staff|writers?|correspondents?|reporters?|editors?|contributors?|columnists?|bureau|chief|special to|for the)\b|корреспондент|обозреватель|редактор|спецкор/iu;
/** A lone calendar word is not a name ("By Tuesday, …", "By May"). */
const CALENDAR =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|today|tonight|tomorrow|yesterday|noon|midnight)$/iu;
const HANDLE_TAIL = /\s*,?\s*(?:follow(?: on \p{L}+)?:?\s+)?@[\w.]+$/iu;
const NAME_SEPARATORS = /\s*,\s*(?:and\s+|и\s+|&\s+)?|\s+(?:and|&|и|et|und|y)\s+/u;

function isNameWord(word: string): boolean {
  if (PARTICLES.has(word.toLowerCase()) && word === word.toLowerCase()) return true;
  return /^["'“‘«(]?\p{Lu}[\p{L}\p{M}.'’-]*[)"'”’»]?$/u.test(word);
}

/** The people named in the text after "by" / "Текст:", or undefined when it is not a list of names. */
export function parseNames(text: string): Person[] | undefined {
  let cleaned = text
    .trim()
    // "Jane Doe (with John Roe and Ann Poe)", "Martin Dupont (avec Paul Durand)": co-authors in brackets.
    .replace(/\s*\((?:with|avec|mit|con|com|с|и)\s+([^()]+)\)$/iu, ', $1')
    // A social handle after the name: "Jane Doe @janedoe", "Jane Doe, Follow @janedoe".
    .replace(HANDLE_TAIL, '');
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

/** "Posted on May 4, 2022 by Jane Doe", "Published 04.05.2022 by Jane Doe": a date, then the author. */
const DATE_THEN_BY = /^(.+?)\s+(?:by|par|von|por)\s+(.+)$/iu;

function parseClause(clause: string): Clause | undefined {
  const dated = DATE_THEN_BY.exec(clause);
  const date = dated ? parseDateLine(dated[1]!) : undefined;
  const datedPeople = date && !date.modified ? parseNames(dated![2]!) : undefined;
  if (date && datedPeople) {
    return { role: 'author', people: datedPeople.map((p) => ({ name: unshout(p.name) })), date: date.iso };
  }
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
    // "By Jane Doe March 18 at 12:22 PM": a date without a year (no ISO date to keep).
    const bare = names.replace(HANDLE_TAIL, '').split(/\s+/);
    for (let k = 2; k < bare.length; k++) {
      const before = isDateish(bare.slice(k).join(' ')) ? parseNames(bare.slice(0, k).join(' ')) : undefined;
      if (before) return { role, people: before.map((p) => ({ name: unshout(p.name) })) };
    }
  }
  return undefined;
}

/** Parses a whole line of credits; undefined when the line is anything else. */
/** Every credit clause has "by"-like word or a label separator; a line with neither is no credit line. */
const CREDIT_HINT = /\b(?:by|par|von|por)\b|[:—–]|перев|traduit|übersetzt/iu;

export function parseCreditLine(line: string): CreditLine | undefined {
  const text = line.trim();
  if (text.length > 200 || !CREDIT_HINT.test(text)) return undefined;
  const clauses = text.split(/\s*[;|•·]\s*|(?<=\p{Ll}{2}|\p{Ll}\))\.\s+(?=\p{Lu})/u).filter(Boolean);
  const result: CreditLine = { authors: [], translators: [] };
  const parsedClauses = clauses.map(parseClause);
  // A short label may stand before the credits ("Example News | May 4, 2015 | By Jane Doe").
  const leadingLabel =
    clauses.length > 1 &&
    !parsedClauses[0] &&
    clauses[0]!.split(/\s+/).length <= 4 &&
    /^\p{Lu}/u.test(clauses[0]!) &&
    parsedClauses.some((c) => c && c.role !== 'other');
  let first = !leadingLabel;
  for (const [i, clause] of clauses.entries()) {
    if (i === 0 && leadingLabel) continue;
    const parsed = parsedClauses[i];
    if (parsed) {
      if (parsed.date) result.date ??= parsed.date;
      if (parsed.role === 'author') result.authors.push(...parsed.people);
      else if (parsed.role === 'translator') result.translators.push(...parsed.people);
    } else if (first) {
      return undefined;
    } else {
      const date = parseDateLine(clause);
      if (date && !date.modified) result.date ??= date.iso;
      else if (date) result.modified ??= date.iso;
      else if (isDateish(clause)) continue;
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

/** How a header line names its author without a "By" (see parsePersonLine). */
export type PersonLineForm = 'bare' | 'role' | 'handle' | 'place';

export interface PersonLine {
  people: Person[];
  form: PersonLineForm;
}

const PLACE_TAIL = /^(.+?)\s+in\s+(\p{Lu}[\p{L}'’.-]+(?:[\s-]\p{Lu}[\p{L}'’.-]+){0,2})$/u;

/** Capitalised words that start menu items and headlines ("Have Your Say", "Our Picks"), never names. */
const NOT_NAME_WORDS = new Set(
  'the a an our your my his her their its this that these those all more most have has new top best why how what who when where read see get join'.split(
    ' ',
  ),
);

/** Two to four name words, the first not a particle: a person's name rather than a one-word label. */
function personNames(text: string): Person[] | undefined {
  const people = parseNames(text);
  if (!people) return undefined;
  const ok = people.every((p) => {
    const ws = p.name.split(/\s+/);
    return (
      ws.length >= 2 &&
      ws.length <= 4 &&
      !CALENDAR.test(ws[0]!) &&
      ws.some((w) => /\p{Ll}/u.test(w)) &&
      !ws.some((w) => NOT_NAME_WORDS.has(w.toLowerCase()))
    );
  });
  return ok ? people : undefined;
}

/**
 * A header line that names the author(s) without "By": "Anna Schmidt in Berlin" (place), "Jane Doe, Staff
 * Writer" (role), "Jane Doe, @janedoe" (handle), or just "Jane Doe" / "Jane Doe and John Roe" (bare). The
 * caller decides where each form counts: bare names only next to a date or another credit line, since a
 * two-word Title-Case menu item ("Middle East") reads like a name too.
 */
export function parsePersonLine(line: string): PersonLine | undefined {
  const text = line.trim();
  if (text.length > 100 || /[.!?:;]$/.test(text) || !/\s/.test(text)) return undefined;
  if (HANDLE_TAIL.test(text)) {
    const people = personNames(text.replace(HANDLE_TAIL, ''));
    return people ? { people: people.map((p) => ({ name: unshout(p.name) })), form: 'handle' } : undefined;
  }
  const comma = text.indexOf(',');
  if (comma > 0 && ROLE_WORDS.test(text.slice(comma + 1))) {
    const people = personNames(text.slice(0, comma));
    if (people && text.slice(comma + 1).split(/\s+/).length <= 6) {
      return { people: people.map((p) => ({ name: unshout(p.name) })), form: 'role' };
    }
    return undefined;
  }
  const place = PLACE_TAIL.exec(text);
  if (place) {
    const people = personNames(place[1]!);
    return people ? { people: people.map((p) => ({ name: unshout(p.name) })), form: 'place' } : undefined;
  }
  const people = personNames(text);
  return people ? { people: people.map((p) => ({ name: unshout(p.name) })), form: 'bare' } : undefined;
}

/** A line naming only a role or desk, as printed under a byline ("Business reporter", "Staff Writer"). */
export function isRoleLine(line: string): boolean {
  const text = line.trim();
  return text.split(/\s+/).length <= 6 && ROLE_WORDS.test(text) && !/[.!?]$/.test(text);
}
