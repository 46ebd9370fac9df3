/**
 * Date lines in the header or trailer of a page dump ("May 19, 2021", "19 мая 2021, 10:42",
 * "Updated 2021-05-19"). Only whole lines that are a date are recognised; the result is an ISO date.
 * Hand-written: the installed libraries parse no localised month names.
 */

const MONTHS: Record<string, number> = {
  january: 1,
  jan: 1,
  february: 2,
  feb: 2,
  march: 3,
  mar: 3,
  april: 4,
  apr: 4,
  may: 5,
  june: 6,
  jun: 6,
  july: 7,
  jul: 7,
  august: 8,
  aug: 8,
  september: 9,
  sep: 9,
  sept: 9,
  october: 10,
  oct: 10,
  november: 11,
  nov: 11,
  december: 12,
  dec: 12,
  января: 1,
  февраля: 2,
  марта: 3,
  апреля: 4,
  мая: 5,
  июня: 6,
  июля: 7,
  августа: 8,
  сентября: 9,
  октября: 10,
  ноября: 11,
  декабря: 12,
  janvier: 1,
  février: 2,
  mars: 3,
  avril: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  août: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  décembre: 12,
  januar: 1,
  februar: 2,
  märz: 3,
  juni: 6,
  juli: 7,
  oktober: 10,
  dezember: 12,
};

const PREFIX =
  /^(?:(published|posted|first published|опубликовано|publié le|veröffentlicht am)|(updated|last updated|modified|обновлено|mis à jour le|aktualisiert am))\s*(?:on\s+)?:?\s*/iu;
const WEEKDAY =
  /^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?\.?,?\s+|^(?:понедельник|вторник|среда|четверг|пятница|суббота|воскресенье),?\s+/iu;
const TIME =
  /(?:,?\s*(?:at\s+|в\s+|à\s+|um\s+|-\s+)?\d{1,2}(?:[:.]\d{2}|h\d{2})(?:\s*[ap]\.?\s?m\.?)?(?:\s+uhr)?(?:\s+[A-Z]{2,5}|\s+\(?(?:GMT|UTC|МСК)[+-]?\d*\)?)?)$/iu;
const YEAR_SUFFIX = /\s+(?:года|г\.)$/u;

export interface DateLine {
  /** ISO 8601 date, `YYYY-MM-DD`. */
  iso: string;
  /** True for "Updated …" lines. */
  modified: boolean;
  /** The date of an "Updated …" part that follows the first date on the same line. */
  updated?: string;
}

/** Where an "Updated …" part starts after a first date ("April 28, 2019 at 6:01 am Updated April 29, 2019"). */
const UPDATED_PART =
  /\s+(?:[|•·—–-]\s*)?(?=(?:updated|last updated|modified|mis à jour|aktualisiert|обновлено)\b)/iu;

function iso(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2200) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** Parses a line that is nothing but a date (with optional "Published"/"Updated", weekday and time). */
export function parseDateLine(line: string): DateLine | undefined {
  const text = line.trim();
  if (text.length > 120 || !/\d/.test(text)) return undefined;
  const split = UPDATED_PART.exec(text);
  if (split && split.index > 0) {
    const first = parseOneDate(text.slice(0, split.index));
    const rest = text.slice(split.index + split[0].length);
    const second = parseOneDate(rest);
    if (first && second) return { ...first, updated: second.iso };
    // "… Updated 2 hours ago", or "Updated ago" when the page's script never filled the time in.
    if (first && rest.split(/\s+/).length <= 5) return first;
  }
  return parseOneDate(text);
}

function parseOneDate(line: string): DateLine | undefined {
  let text = line.trim();
  if (text.length > 80) return undefined;
  const prefix = PREFIX.exec(text);
  const modified = Boolean(prefix?.[2]);
  if (prefix) text = text.slice(prefix[0].length);
  text = text.replace(WEEKDAY, '').replace(TIME, '').replace(YEAR_SUFFIX, '').replace(/[.,]$/, '').trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (m) return wrap(iso(Number(m[1]), Number(m[2]), Number(m[3])), modified);
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (m) return wrap(iso(Number(m[3]), Number(m[2]), Number(m[1])), modified);
  m = /^(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/u.exec(text);
  if (m) return wrap(iso(Number(m[3]), MONTHS[m[1]!.toLowerCase()] ?? 0, Number(m[2])), modified);
  m = /^(\d{1,2})(?:er)?\.?\s+(\p{L}+)\.?,?\s+(\d{4})$/u.exec(text);
  if (m) return wrap(iso(Number(m[3]), MONTHS[m[2]!.toLowerCase()] ?? 0, Number(m[1])), modified);
  return undefined;
}

function wrap(date: string | undefined, modified: boolean): DateLine | undefined {
  return date ? { iso: date, modified } : undefined;
}

const MONTH_WORD = new RegExp(`^(?:${Object.keys(MONTHS).join('|')})\\.?$`, 'iu');

/**
 * A line that only tells when: a full date (parseDateLine), a time ("1:39 PM ET"), a relative time
 * ("52m ago", "3 hours ago"), a numeric date with a short tail ("11.03.17 in Gadgetry") or a day and
 * month without a year ("March 18 at 12:22 PM"). For finding the header; most carry no ISO date.
 */
export function isDateish(line: string): boolean {
  if (parseDateLine(line)) return true;
  const text = line.trim().replace(/[.,]$/, '');
  if (text.length > 60 || !/\d/.test(text)) return false; // every form has a digit
  if (/^\d{1,2}(?:[:.]\d{2}|h\d{2})\s*(?:[ap]\.?\s?m\.?)?(?:\s*[A-Z]{2,4})?$/iu.test(text)) return true;
  if (
    /^(?:\d+\s*(?:s|m|h|d|min|mins|minutes?|hours?|hrs?|days?|weeks?)\s+ago|(?:vor|il y a)\s+\d+\s*\p{L}+|\d+\s+\p{L}+\s+назад)$/iu.test(
      text,
    )
  )
    return true;
  if (/^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b/u.test(text) && text.split(/\s+/).length <= 6) return true;
  // A day and month without a year, with an optional time: "March 18 at 12:22 PM", "18 March, 10:42".
  const bare = text.replace(WEEKDAY, '').replace(TIME, '').trim();
  const m = /^(\p{L}+)\.?\s+\d{1,2}(?:st|nd|rd|th)?$|^\d{1,2}\.?\s+(\p{L}+)\.?$/u.exec(bare);
  const month = m?.[1] ?? m?.[2];
  return month !== undefined && MONTH_WORD.test(month);
}
