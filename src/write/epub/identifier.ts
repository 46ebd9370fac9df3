/**
 * Deterministic package identity: the same article(s) give the same book identifier and the same
 * `dcterms:modified`, so the same input gives the same bytes.
 */
import { createHash } from 'node:crypto';

/** readout's own UUID namespace for book identifiers (a fixed, random v4 UUID). */
const NAMESPACE = '6f1c3a52-9d0e-4b7f-a1e3-2c5d8b9f4e60';

/**
 * A name-based UUID (RFC 4122 version 5: SHA-1 of namespace + name) as a `urn:uuid:` URN.
 * Hand-written: Node's crypto offers only random UUIDs, and ten lines do not justify a dependency.
 */
export function nameUuid(name: string): string {
  const ns = Buffer.from(NAMESPACE.replace(/-/g, ''), 'hex');
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The book identifier of one article, or of an anthology (its articles' ids, in order). */
export function bookIdentifier(articleIds: readonly string[]): string {
  return nameUuid(
    articleIds.length === 1 ? `article:${articleIds[0]}` : `anthology:${articleIds.join('\n')}`,
  );
}

/** Used when no article carries a usable date: the start of the zip (DOS) epoch, so zip times can match it. */
export const FIXED_EPOCH = new Date(Date.UTC(1980, 0, 1));

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** An ISO 8601 date or date-time as a Date (date-only and zone-less values taken as UTC), else undefined. */
export function parseIsoDate(value: string | undefined): Date | undefined {
  const m = value ? ISO_DATE.exec(value.trim()) : null;
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  // A real calendar day (no 2021-02-31) in a four-digit year.
  const day = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (day.getUTCMonth() !== Number(mo) - 1 || day.getUTCDate() !== Number(d) || Number(y) < 1000)
    return undefined;
  const offset = zone && zone.toUpperCase() !== 'Z' ? zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z';
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `CCYY-MM-DDThh:mm:ssZ`, the only form EPUB allows for `dcterms:modified`. */
export function modifiedStamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The latest of the given dates (modifiedAt, else publishedAt, of each article), else the fixed epoch. */
export function modifiedDate(articles: readonly { modifiedAt?: string; publishedAt?: string }[]): Date {
  let latest: Date | undefined;
  for (const a of articles) {
    const date = parseIsoDate(a.modifiedAt) ?? parseIsoDate(a.publishedAt);
    if (date && (!latest || date > latest)) latest = date;
  }
  return latest ?? FIXED_EPOCH;
}

/** A W3CDTF value for `dc:date`: the calendar date as published, else undefined. */
export function publicationDate(value: string | undefined): string | undefined {
  return parseIsoDate(value) ? value!.trim().slice(0, 10) : undefined;
}
