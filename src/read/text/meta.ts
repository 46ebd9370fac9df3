/**
 * Metadata lines of a page dump (credits, source, dates, the page address) and where each kind counts:
 * in the header every form, including name lines without "By" ("Anna Schmidt in Berlin", "Jane Doe,
 * Staff Writer", a bare name next to a date); in the trailer just after the body the labelled forms;
 * inside the body byline, translator and named source lines; further away only translator and source
 * lines, since bylines there belong to other articles' teasers.
 */
import type { Person } from '../../model/schema.js';
import { isRoleLine, parseCreditLine, parsePersonLine, parseSourceLine } from './byline.js';
import { isDateish, parseDateLine } from './dates.js';

export interface Meta {
  authors: Person[];
  translators: Person[];
  source?: { name: string; url?: string };
  publishedAt?: string;
  modifiedAt?: string;
  url?: string;
}

/** Where a line stands: above the body, inside it, just after it, or in the chrome further away. */
export type MetaZone = 'header' | 'body' | 'trailer' | 'far';

export interface Neighbours {
  /** The text of the lines just above and below (in the header), for name lines without "By". */
  prev?: string;
  next?: string;
}

/** A line that states a credit or a date by its form alone (a neighbour that makes a bare name a byline). */
function isCreditOrDate(text: string | undefined): boolean {
  if (!text) return false;
  return (
    parseCreditLine(text) !== undefined ||
    isDateish(text) ||
    (parsePersonLine(text)?.form ?? 'bare') !== 'bare'
  );
}

/** Reads a line as metadata into `meta`; returns false when the line is not metadata in its zone. */
export function readMeta(text: string, meta: Meta, zone: MetaZone, around: Neighbours = {}): boolean {
  const source = parseSourceLine(text);
  // Inside the body only a source that names someone ("Source: Example News", not "Source: officials …").
  if (source && (zone !== 'body' || /^\p{Lu}|^https?:/u.test(source.url ?? source.name))) {
    meta.source ??= source;
    return true;
  }
  const credit = parseCreditLine(text);
  if (credit) {
    const people = credit.authors.length + credit.translators.length;
    if (zone === 'far' && (credit.authors.length > 0 || credit.translators.length === 0)) return false;
    if (zone === 'body' && people === 0) return false;
    meta.authors.push(...credit.authors);
    meta.translators.push(...credit.translators);
    if (credit.date) meta.publishedAt ??= credit.date;
    if (credit.modified) meta.modifiedAt ??= credit.modified;
    return true;
  }
  if (zone === 'far' || zone === 'body') return false;
  const date = parseDateLine(text);
  if (date) {
    if (date.modified) meta.modifiedAt ??= date.iso;
    else meta.publishedAt ??= date.iso;
    if (date.updated) meta.modifiedAt ??= date.updated;
    return true;
  }
  if (/^https?:\/\/\S+$/i.test(text)) {
    meta.url ??= text;
    return true;
  }
  if (zone !== 'header') return false;
  if (isDateish(text)) return true;
  const person = parsePersonLine(text);
  // A bare name counts next to a date or credit line, or above its role ("Jane Doe" / "Staff Writer").
  const nearCredit =
    isCreditOrDate(around.prev) || isCreditOrDate(around.next) || isRoleLine(around.next ?? '');
  if (person && (person.form !== 'bare' || nearCredit)) {
    meta.authors.push(...person.people);
    return true;
  }
  // "Business reporter" under a byline.
  return (
    isRoleLine(text) && (isCreditOrDate(around.prev) || parsePersonLine(around.prev ?? '') !== undefined)
  );
}

/** True when `readMeta` would take the line in `zone` (without recording anything). */
export function isMetaLine(text: string, zone: MetaZone, around: Neighbours = {}): boolean {
  return readMeta(text, { authors: [], translators: [] }, zone, around);
}
