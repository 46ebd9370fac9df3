/**
 * Turning bylines ("By Steven Mufson", "Martin Untersinger (avec Damien Leloup et Morgane Tual)",
 * "JANE DOE and JOHN ROE, Staff Writers") into person names, and choosing the article's authors
 * from the page's several author sources.
 */
import type { Person } from '../../model/schema.js';
import { collapseWhitespace } from './dom.js';
import type { RawAuthor } from './metadata.js';

/** Words that introduce a byline in several languages ("By", "Par", "Von", "Por", "Автор:"…). */
const LEAD_IN =
  /^(?:(?:written|story|reporting|text|words|report|analysis|interview)\s+(?:by|von|par|por)\b|by|par|von|por|di|door|av|af|przez|от|автор(?:ы)?|текст|text|texte|autor(?:es|en|in)?|auteur(?:s)?|author(?:s)?|byline)\s*[:：]?\s*/i;

/** Separators between names: commas, semicolons, ampersands, "and" in several languages. */
const NAME_SEPARATOR =
  /\s*(?:[,;|/&+]|\s(?:and|und|et|y|e|i|и|en|og|och|ja|és|with|with additional reporting by|avec|mit|con|com|с)\s)\s*/i;

/** Roles and job titles that follow names in bylines but are not names. */
const ROLE =
  /^(?:(?:senior|chief|staff|special|foreign|political|economics?|business|science|technology|tech|sports?|national|international|investigative|contributing|deputy|associate|managing|executive|white house|washington|london|paris|bureau|news|social media|data|digital|global|health|environment|climate|education|legal|security|defen[cs]e|diplomatic|europe|asia|africa|middle east)\s+)*(?:writer|reporter|correspondent|editor|columnist|contributor|photographer|journalist|staff|chief|producer|analyst|critic|bureau chief|news service|newsroom|desk|team|intern|(?:guest\s+)?author)s?$/i;

const DATE_WORDS =
  /\b(?:updated|published|posted|modified|mis à jour|publié|aktualisiert|veröffentlicht|обновлено|опубликовано|actualizado|publicado|aggiornato|pubblicato)\b/i;
function titleCaseWord(word: string): string {
  return word
    .toLowerCase()
    .replace(/(^|[-'’.])(\p{Ll})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** "JOE HILDEBRAND" → "Joe Hildebrand"; names already in mixed case are left as they are. */
export function fixNameCase(name: string): string {
  const letters = name.replace(/[^\p{L}]/gu, '');
  if (letters.length < 2 || letters !== letters.toUpperCase() || letters === letters.toLowerCase())
    return name;
  return name.split(' ').map(titleCaseWord).join(' ');
}

/** True when a cleaned string can be a person's (or agency's) name rather than a date, role or sentence. */
export function isNameLike(name: string): boolean {
  if (name.length < 2 || name.length > 80) return false;
  if (!/\p{L}/u.test(name)) return false;
  if (/\d/.test(name)) return false;
  if (/[@:]|https?|www\./i.test(name)) return false;
  if (DATE_WORDS.test(name) || ROLE.test(name)) return false;
  const words = name.split(/\s+/);
  if (words.length > 6) return false;
  // A lone lowercase token is a user name or slug ("devindra"), not how a byline prints a name.
  if (words.length === 1 && /^[\p{Ll}\d._-]+$/u.test(name) && /[a-z]/.test(name)) return false;
  // Mostly lowercase words make a phrase, not a name (names may hold particles like "van", "de").
  const lower = words.filter((w) => /^\p{Ll}/u.test(w)).length;
  if (lower > 0 && lower > words.length - lower && /\p{Lu}/u.test(name)) return false;
  return true;
}

/** Splits a byline into names, dropping lead-ins ("By"), dates, roles and places ("in London"). */
export function parseByline(byline: string): string[] {
  let text = collapseWhitespace(byline).trim();
  if (!text || text.length > 300) return [];
  // Parenthesised co-authors: "A (avec B et C)" / "A (with B)" → "A, B et C".
  text = text.replace(/\(\s*(?:avec|with|mit|con|com|с|and|et|und)\s+([^)]*)\)/gi, ', $1');
  text = text.replace(/[()[\]]/g, ' ');
  const names: string[] = [];
  for (let part of text.split(NAME_SEPARATOR)) {
    part = part.trim();
    for (let i = 0; i < 3 && LEAD_IN.test(part); i++) part = part.replace(LEAD_IN, '').trim();
    // "Jane Doe in Washington", "Jane Doe | Reporter", trailing punctuation.
    part = part
      .replace(/\s+(?:in|à|aus|en|из|в)\s+\p{Lu}[\p{L}.' -]*$/u, '')
      .replace(/^[\s\-–—•·:]+|[\s\-–—•·:.,]+$/g, '')
      .trim();
    if (!part || !isNameLike(part)) continue;
    names.push(fixNameCase(part));
  }
  return names;
}

function sameName(a: string, b: string): boolean {
  const n = (s: string) => s.toLowerCase().replace(/[^\p{L}]+/gu, '');
  return n(a) === n(b);
}

export interface AuthorSources {
  jsonLd: RawAuthor[];
  /** Readability's byline (from metadata or from the page's byline element). */
  readabilityByline?: string | null;
  meta: string[];
  /** The names of the site and publisher: a byline equal to one of them is an organisation. */
  siteNames: string[];
}

/**
 * The article's authors: the first source that names a person wins (JSON-LD, then Readability's
 * byline, then meta tags), so a stale meta author never joins a byline printed on the page.
 * Organisation bylines (the site's own name) are used only when no source names a person.
 */
export function chooseAuthors(sources: AuthorSources): Person[] {
  const isOrg = (name: string) => sources.siteNames.some((s) => sameName(s, name));
  const lists: { people: Person[]; orgs: Person[] }[] = [];
  const add = (entries: { name: string; url?: string; organisation?: boolean }[]) => {
    const people: Person[] = [];
    const orgs: Person[] = [];
    for (const entry of entries) {
      const whole = collapseWhitespace(entry.name).trim();
      if (entry.organisation || isOrg(whole)) {
        if (whole) orgs.push({ name: whole });
        continue;
      }
      for (const name of parseByline(whole)) {
        if (isOrg(name)) orgs.push({ name });
        else people.push({ name, ...(entry.url ? { url: entry.url } : {}) });
      }
    }
    lists.push({ people, orgs });
  };
  add(sources.jsonLd);
  if (sources.readabilityByline) add([{ name: sources.readabilityByline }]);
  add(sources.meta.map((name) => ({ name })));
  const chosen = lists.find((l) => l.people.length)?.people ?? lists.find((l) => l.orgs.length)?.orgs ?? [];
  const unique: Person[] = [];
  for (const person of chosen) if (!unique.some((p) => sameName(p.name, person.name))) unique.push(person);
  return unique;
}
