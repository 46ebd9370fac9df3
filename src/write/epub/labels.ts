/**
 * The few words the EPUB writer adds around the articles (navigation headings, landmark names), per
 * language. Hand-written for the same reason as the HTML writer's labels: the platform has no such table.
 */
import { lookupByLang } from '../../model/lang.js';

export interface BookLabels {
  /** The language these words are in (English when the book's language has no entry). */
  lang: string;
  contents: string;
  /** Accessible name of the landmarks navigation. */
  guide: string;
  cover: string;
  /** The landmark pointing at the first chapter. */
  start: string;
  /** Default title of a book made of several articles. */
  anthology: string;
}

const LABELS: Record<string, Omit<BookLabels, 'lang'>> = {
  en: {
    contents: 'Contents',
    guide: 'Guide',
    cover: 'Cover',
    start: 'Start of content',
    anthology: 'Articles',
  },
  ru: { contents: 'Содержание', guide: 'Навигация', cover: 'Обложка', start: 'Начало', anthology: 'Статьи' },
  uk: { contents: 'Зміст', guide: 'Навігація', cover: 'Обкладинка', start: 'Початок', anthology: 'Статті' },
  fr: {
    contents: 'Table des matières',
    guide: 'Repères',
    cover: 'Couverture',
    start: 'Début du contenu',
    anthology: 'Articles',
  },
  de: {
    contents: 'Inhalt',
    guide: 'Orientierung',
    cover: 'Cover',
    start: 'Textbeginn',
    anthology: 'Artikel',
  },
  es: {
    contents: 'Índice',
    guide: 'Guía',
    cover: 'Cubierta',
    start: 'Inicio del contenido',
    anthology: 'Artículos',
  },
  it: {
    contents: 'Indice',
    guide: 'Punti di riferimento',
    cover: 'Copertina',
    start: 'Inizio del contenuto',
    anthology: 'Articoli',
  },
  pt: {
    contents: 'Sumário',
    guide: 'Guia',
    cover: 'Capa',
    start: 'Início do conteúdo',
    anthology: 'Artigos',
  },
};

/** The labels for `lang`, or English ones (with `lang: 'en'`) when the language has none. */
export function bookLabels(lang: string): BookLabels {
  const found = lookupByLang(LABELS, lang);
  return found ? { lang, ...found } : { lang: 'en', ...(LABELS.en as Omit<BookLabels, 'lang'>) };
}
