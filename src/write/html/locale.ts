/**
 * Language-dependent details of the HTML output: writing direction, default quotation marks,
 * byline words and readable dates.
 *
 * Hand-written tables: the platform's Intl API exposes neither quotation delimiters nor script
 * direction (Intl.Locale#getTextInfo is not available in Node 20), and Intl.ListFormat('en')
 * puts a serial comma ("A, B, and C") that news bylines do not use.
 */

import { boundedCache } from '../../bounded-cache.js';
import { lookupByLang, subtags } from '../../model/lang.js';

export { defaultQuoteMarks } from '../../model/quote-marks.js';

/** Scripts written right to left (ISO 15924). */
const RTL_SCRIPTS = new Set(['arab', 'hebr', 'thaa', 'syrc', 'nkoo', 'adlm', 'rohg', 'mand', 'samr']);
/** Languages whose default script is written right to left. */
const RTL_LANGUAGES = new Set([
  'ar',
  'arc',
  'ckb',
  'dv',
  'fa',
  'he',
  'iw',
  'ji',
  'ks',
  'prs',
  'ps',
  'sd',
  'syr',
  'ug',
  'ur',
  'yi',
]);

/** `rtl` for languages written right to left (from the script subtag if there is one, else the language). */
export function textDirection(lang: string): 'rtl' | 'ltr' {
  const { primary, script } = subtags(lang);
  if (script) return RTL_SCRIPTS.has(script) ? 'rtl' : 'ltr';
  return RTL_LANGUAGES.has(primary) ? 'rtl' : 'ltr';
}

/** Words around names and images, localised. */
export interface Labels {
  /** The language these words are in (differs from the article's when falling back to English). */
  lang: string;
  by(count: number): string;
  translatedBy(count: number): string;
  /** The word joining the last two names ("and"); may depend on the next name (Spanish y/e). */
  and(nextName: string): string;
  imageDescription: string;
  /** Heading of the list of people and organisations quoted. */
  quoted: string;
  /** Print: heading of the numbered link addresses. */
  links: string;
  /** Print: the words around the page numbers in "Page 3 of 5". */
  pageOf: [before: string, between: string];
}

const LABELS: Record<string, Omit<Labels, 'lang'>> = {
  en: {
    by: () => 'By',
    translatedBy: () => 'Translated by',
    and: () => 'and',
    imageDescription: 'Image description',
    quoted: 'Quoted in this article',
    links: 'Links',
    pageOf: ['Page ', ' of '],
  },
  ru: {
    by: (n) => (n > 1 ? 'Авторы:' : 'Автор:'),
    translatedBy: () => 'Перевод:',
    and: () => 'и',
    imageDescription: 'Описание изображения',
    quoted: 'Цитируемые в статье',
    links: 'Ссылки',
    pageOf: ['Страница ', ' из '],
  },
  uk: {
    by: (n) => (n > 1 ? 'Автори:' : 'Автор:'),
    translatedBy: () => 'Переклад:',
    and: () => 'і',
    imageDescription: 'Опис зображення',
    quoted: 'Цитовані у статті',
    links: 'Посилання',
    pageOf: ['Сторінка ', ' з '],
  },
  fr: {
    by: () => 'Par',
    translatedBy: () => 'Traduit par',
    and: () => 'et',
    imageDescription: 'Description de l’image',
    quoted: 'Personnes citées',
    links: 'Liens',
    pageOf: ['Page ', ' sur '],
  },
  de: {
    by: () => 'Von',
    translatedBy: () => 'Übersetzt von',
    and: () => 'und',
    imageDescription: 'Bildbeschreibung',
    quoted: 'In diesem Artikel zitiert',
    links: 'Links',
    pageOf: ['Seite ', ' von '],
  },
  es: {
    by: () => 'Por',
    translatedBy: () => 'Traducido por',
    // Spanish writes "e" instead of "y" before an /i/ sound (Ignacio, Hilda, but not Hielo-like diphthongs).
    and: (next) => (/^h?[iíÍI](?![aeiouáéíóú])/i.test(next.trim()) ? 'e' : 'y'),
    imageDescription: 'Descripción de la imagen',
    quoted: 'Citados en este artículo',
    links: 'Enlaces',
    pageOf: ['Página ', ' de '],
  },
  it: {
    by: () => 'Di',
    translatedBy: () => 'Traduzione di',
    and: () => 'e',
    imageDescription: 'Descrizione dell’immagine',
    quoted: 'Citati in questo articolo',
    links: 'Link',
    pageOf: ['Pagina ', ' di '],
  },
  pt: {
    by: () => 'Por',
    translatedBy: () => 'Tradução de',
    and: () => 'e',
    imageDescription: 'Descrição da imagem',
    quoted: 'Citados neste artigo',
    links: 'Ligações',
    pageOf: ['Página ', ' de '],
  },
};

/** The labels for `lang`, or English ones (with `lang: 'en'`) when the language has none. */
export function labelsFor(lang: string): Labels {
  const found = lookupByLang(LABELS, lang);
  return found ? { lang, ...found } : { lang: 'en', ...(LABELS.en as Omit<Labels, 'lang'>) };
}

const HTML_DATETIME =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A `<time>` element's content: a valid `datetime` value and the date written out in `lang`. */
export function readableDate(iso: string, lang: string): { datetime: string; text: string } | undefined {
  const value = iso.trim();
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // The calendar date as published (the date part of the string), so no time zone can shift the day.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return {
    datetime: HTML_DATETIME.test(value) ? value : m[0],
    text: dateFormat(lang).format(date),
  };
}

const formats = boundedCache<string, Intl.DateTimeFormat>('html:date-formats', 64);
function dateFormat(lang: string): Intl.DateTimeFormat {
  let format = formats.get(lang);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' });
    } catch {
      format = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });
    }
    formats.set(lang, format);
  }
  return format;
}
