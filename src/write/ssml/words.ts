/**
 * Words the script adds around the article's own text (image, photo, source, published), localised.
 * Byline words and readable dates come from the HTML writer's locale module (writers share only
 * src/write/html/). Hand-written table: no installed library ships these phrases.
 */
import { lookupByLang } from '../../model/lang.js';
import { type Labels, labelsFor, readableDate } from '../html/locale.js';

interface SpokenWords {
  image: string;
  photo: string;
  source: string;
  published: string;
}

const WORDS: Record<string, SpokenWords> = {
  en: { image: 'Image', photo: 'Photo', source: 'Source', published: 'Published' },
  ru: { image: 'Изображение', photo: 'Фото', source: 'Источник', published: 'Опубликовано' },
  uk: { image: 'Зображення', photo: 'Фото', source: 'Джерело', published: 'Опубліковано' },
  fr: { image: 'Image', photo: 'Photo', source: 'Source', published: 'Publié le' },
  de: { image: 'Bild', photo: 'Foto', source: 'Quelle', published: 'Veröffentlicht am' },
  es: { image: 'Imagen', photo: 'Foto', source: 'Fuente', published: 'Publicado el' },
  it: { image: 'Immagine', photo: 'Foto', source: 'Fonte', published: 'Pubblicato il' },
  pt: { image: 'Imagem', photo: 'Foto', source: 'Fonte', published: 'Publicado em' },
};

/** Every localised word for "image" and "photo", to avoid saying "Photo: Photo: …" when a credit has its own. */
const CREDIT_WORDS = new Set(
  Object.values(WORDS).flatMap((w) => [w.image.toLowerCase(), w.photo.toLowerCase()]),
);
['foto', 'photograph', 'picture', 'credit', 'credits', 'фото', 'photos'].forEach((w) => {
  CREDIT_WORDS.add(w);
});

export interface Words extends SpokenWords {
  /** The language the words are in: the article's, or `en` when it has no table. */
  lang: string;
  labels: Labels;
}

export function wordsFor(lang: string): Words {
  const found = lookupByLang(WORDS, lang);
  const words = found ?? (WORDS.en as SpokenWords);
  const labelLang = found ? lang : 'en';
  return { ...words, lang: labelLang, labels: labelsFor(labelLang) };
}

/** True when a credit line already starts with a word such as "Photo" or "Фото". */
export function creditHasLabel(credit: string): boolean {
  const first = /^\s*([\p{L}]+)/u.exec(credit)?.[1]?.toLowerCase();
  return first !== undefined && CREDIT_WORDS.has(first);
}

/** "A", "A and B", "A, B and C" with the language's own "and". */
export function joinNames(names: readonly string[], labels: Labels): string {
  if (names.length <= 1) return names[0] ?? '';
  const last = names[names.length - 1]!;
  return `${names.slice(0, -1).join(', ')} ${labels.and(last)} ${last}`;
}

/** The publication date written out ("May 19, 2021"), or undefined when it is not a date. */
export function spokenDate(iso: string, lang: string): string | undefined {
  return readableDate(iso, lang)?.text;
}
