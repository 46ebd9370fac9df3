/**
 * The alt text rules: which texts may serve as an alt (a meaningful description, not a file name, a URL, a
 * generic word, a bare credit or the title repeated), credits split off captions and alts, long texts cut at
 * a sentence or word boundary, and the signs of a decorative picture.
 *
 * Credit lines are recognised by the readers' own rules (html `credits.ts`, text `figures.ts`), so a credit
 * is a credit everywhere in readout.
 */
import { findTrailingCredit, isCreditLike } from '../../read/html/credits.js';
import { parseImageCredit, splitTrailingCredit } from '../../read/text/figures.js';
import { MISSING_ALT_TEXTS } from './missing-text.js';

export const MAX_ALT_LENGTH = 250;

export type AltRejection = 'empty' | 'filename' | 'url' | 'generic' | 'credit' | 'title' | 'placeholder';

export interface AltJudgement {
  /** The article title (an alt that repeats it says nothing about the picture). */
  title: string;
  /** The figure's credit, when known. */
  credit?: string | undefined;
  /** The figure's image address (an alt equal to its file name is a file name). */
  src?: string | undefined;
}

const IMAGE_EXTENSION = /\.(?:jpe?g|jfif|png|gif|webp|avif|svg|bmp|tiff?|heic|heif|ico)$/i;
/** Camera, phone and CMS asset names: IMG_1234, DSC01234, PXL_20230101_123456, 13SUDAN-1-master768. */
const ASSET_NAME =
  /^(?:img|dsc[fn]?|dcim|pxl|mvimg|gopr|dji|sam|wp|p|pic|photo|image|screenshot|scan|untitled|file|asset|media)[-_ ]?\d[\w-]*$/i;

/**
 * Words that say only that there is a picture, in the languages readout speaks, plus small function words.
 * A text made only of these (and digits) describes nothing.
 */
// biome-ignore format: a word list reads better packed
const GENERIC = new Set([
  // English
  'image', 'images', 'img', 'photo', 'photos', 'photograph', 'photography', 'picture', 'pictures', 'pic', 'pics',
  'placeholder', 'thumbnail', 'thumb', 'graphic', 'graphics', 'illustration', 'icon', 'logo', 'banner', 'figure',
  'fig', 'untitled', 'alt', 'text', 'default', 'featured', 'feature', 'lead', 'hero', 'main', 'header', 'cover',
  'article', 'story', 'post', 'gallery', 'slide', 'slideshow', 'media', 'file', 'blank', 'spacer', 'pixel',
  'loading', 'lazy', 'preview', 'small', 'large', 'medium', 'full', 'size', 'caption', 'description', 'view',
  'click', 'here', 'enlarge', 'zoom', 'open', 'see', 'more', 'teaser', 'embed', 'no', 'null', 'undefined', 'none',
  'jpg', 'jpeg', 'png', 'gif', 'webp', 'stock', 'inline', 'top', 'body', 'content', 'item', 'new',
  'a', 'an', 'the', 'of', 'for', 'to', 'and', 'this', 'in', 'with', 'by', 'on', 'at',
  // French
  'photographie', 'illustration', 'vignette', 'miniature', 'légende', 'visuel', 'une', 'un', 'de', 'la', 'le',
  'du', 'des', 'les', 'l', 'd', 'en', 'à',
  // German
  'bild', 'bilder', 'foto', 'fotos', 'abbildung', 'grafik', 'vorschaubild', 'platzhalter', 'titelbild',
  'aufmacher', 'aufmacherbild', 'symbolbild', 'artikelbild', 'beitragsbild', 'das', 'der', 'die', 'ein', 'eine',
  'zum', 'zur', 'von',
  // Spanish, Italian, Portuguese
  'imagen', 'imágenes', 'fotografía', 'ilustración', 'portada', 'immagine', 'fotografia', 'imagem', 'el', 'una',
  'del', 'di', 'il', 'da', 'do',
  // Russian, Ukrainian
  'фото', 'фотография', 'фотографія', 'изображение', 'зображення', 'картинка', 'иллюстрация', 'ілюстрація',
  'рисунок', 'снимок', 'превью', 'заглушка', 'обложка', 'к', 'статье', 'на', 'в', 'и',
]);

/** Spacer and tracking-pixel file names. */
const SPACER_FILE =
  /(?:^|[/_.-])(?:spacer|blank|pixel|transparent|clear|1x1|dot|tracking|tracker|beacon|empty)(?:[-_.]?\d+)?\.(?:gif|png|webp)$/i;

function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

/** The last path segment of an address, percent-decoded, without query or fragment. */
export function fileNameOf(src: string | undefined): string | undefined {
  if (!src || src.startsWith('data:')) return undefined;
  const path = src.split(/[?#]/)[0] ?? '';
  const last = path.split(/[/\\]/).pop() ?? '';
  try {
    return decodeURIComponent(last) || undefined;
  } catch {
    return last || undefined;
  }
}

function looksLikeFileName(text: string, src: string | undefined): boolean {
  const t = text.trim();
  if (!/\s/.test(t) && IMAGE_EXTENSION.test(t)) return true;
  if (ASSET_NAME.test(t)) return true;
  // One token mixing letters, digits and _ or -: "_84456971_gettyimages-167501087", "AP_8912060228".
  if (!/\s/.test(t) && /[_-]/.test(t) && (t.match(/\d/g) ?? []).length >= 3 && t.length >= 6) return true;
  const file = fileNameOf(src);
  if (file) {
    const stem = file.replace(IMAGE_EXTENSION, '');
    if (normalise(t) === normalise(file) || (stem.length >= 3 && normalise(t) === normalise(stem)))
      return true;
  }
  return false;
}

const URL_TOKEN = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.|data:|\/\/)\S+$|^[\w-]+(?:\.[\w-]+)+\/\S*$/i;

function looksLikeUrl(text: string): boolean {
  const tokens = words(text);
  const urls = tokens.filter((t) => URL_TOKEN.test(t));
  if (!urls.length) return false;
  // A URL with at most a word or two around it ("Image: https://…") is an address, not a description.
  return tokens.length - urls.length <= 2;
}

function isGeneric(text: string): boolean {
  const ws = words(normalise(text));
  return ws.every((w) => GENERIC.has(w) || /^\d+$/.test(w) || w.length === 1);
}

/** A credit with nothing else: "Getty Images", "AP Photo/Evan Vucci", "Photo: Jane Doe", "© Reuters". */
export function isBareCredit(text: string, credit?: string): boolean {
  const t = text.trim();
  if (credit && normalise(t) === normalise(credit)) return true;
  if (isCreditLike(t)) {
    const found = findTrailingCredit(t);
    if (found && found.start === 0) return true;
  }
  const parsed = parseImageCredit(t);
  return parsed !== undefined && (parsed.marked || parsed.parts >= 2);
}

/** Why a text cannot be an alt, or undefined when it can. */
export function rejectAlt(text: string, judgement: AltJudgement): AltRejection | undefined {
  const t = text.trim();
  if (!t || !/[\p{L}\p{N}]/u.test(t)) return 'empty';
  if (MISSING_ALT_TEXTS.has(t)) return 'placeholder';
  if (looksLikeUrl(t)) return 'url';
  if (looksLikeFileName(t, judgement.src)) return 'filename';
  if (isGeneric(t)) return 'generic';
  if (isBareCredit(t, judgement.credit)) return 'credit';
  if (judgement.title && normalise(t) === normalise(judgement.title)) return 'title';
  return undefined;
}

export interface CreditSplit {
  /** The text before the credit (empty when the whole text was a credit). */
  text: string;
  credit?: string;
  /** Characters cut off the end of the input (the credit with its label, brackets and spacing). */
  cut: number;
}

/** Splits a credit line off the end of a caption or alt ("… in Reykjavik. Photo: Jane Doe/Reuters"). */
export function splitCredit(input: string): CreditSplit {
  const text = input.replace(/\s+$/, '');
  const html = findTrailingCredit(text);
  if (html) {
    const rest = text.slice(0, html.start).replace(/[\s|–—-]+$/, '');
    return { text: rest, credit: html.credit, cut: input.length - rest.length };
  }
  const single = text.replace(/\s+/g, ' ');
  if (single === text) {
    const line = splitTrailingCredit(text);
    if (line) {
      const rest = text.slice(0, line.captionLength).replace(/\s+$/, '');
      return { text: rest, credit: line.credit, cut: input.length - rest.length };
    }
  }
  return { text: input.trim(), cut: input.length - input.trimEnd().length };
}

/** True when `alt` is `caption` cut short ("…so-called ‘metadat" for "…so-called ‘metadata’ for two years."). */
export function isTruncatedCopy(alt: string, caption: string): boolean {
  const strip = (s: string) => s.replace(/\s+/g, ' ').replace(/[\s.…]+$/u, '');
  const a = strip(alt);
  const c = strip(caption);
  return a.length >= 10 && a.length < c.length && c.startsWith(a);
}

/** Abbreviations that end with a period inside a sentence (the sentence segmenter has no list of its own). */
// biome-ignore format: a word list reads better packed
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'gen', 'sen', 'rep', 'gov', 'lt', 'col', 'sgt', 'capt', 'prof',
  'rev', 'no', 'nos', 'vs', 'etc', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov',
  'dec', 'inc', 'ltd', 'co', 'corp', 'mt', 'ft', 'ave', 'approx', 'ca', 'bzw', 'nr', 'mme', 'mlle', 'av', 'г',
  'ул', 'им', 'тыс', 'млн', 'млрд', 'gov', 'pres',
]);

function endsInAbbreviation(segment: string): boolean {
  const s = segment.trimEnd();
  if (!s.endsWith('.')) return false;
  // Initials and dotted abbreviations: "U.S.", "J.", "z.B."
  if (/(?:^|[\s(])(?:\p{L}\.)+$/u.test(s)) return true;
  const last = /(\p{L}+)\.$/u.exec(s)?.[1];
  return last !== undefined && ABBREVIATIONS.has(last.toLowerCase());
}

/** Sentences of a text, with abbreviation breaks ("U.S. Secretary") joined back. */
export function sentences(text: string, lang: string): string[] {
  let segmenter: Intl.Segmenter;
  try {
    segmenter = new Intl.Segmenter(lang, { granularity: 'sentence' });
  } catch {
    segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  }
  const out: string[] = [];
  for (const { segment } of segmenter.segment(text)) {
    const previous = out[out.length - 1];
    if (previous !== undefined && (endsInAbbreviation(previous) || /^[\p{Ll}\p{N}]/u.test(segment))) {
      out[out.length - 1] = previous + segment;
    } else out.push(segment);
  }
  return out;
}

export interface LimitedAlt {
  alt: string;
  /** The full text, when the alt had to be cut. */
  full?: string;
}

/**
 * An alt of at most `max` characters: whole sentences when the first one fits, else cut at a word boundary
 * with an ellipsis. The full text is returned alongside when anything was cut.
 */
export function limitAlt(text: string, lang: string, max = MAX_ALT_LENGTH): LimitedAlt {
  const full = text.replace(/\s+/g, ' ').trim();
  if (full.length <= max) return { alt: full };
  let alt = '';
  for (const sentence of sentences(full, lang)) {
    if ((alt + sentence).trimEnd().length > max) break;
    alt += sentence;
  }
  alt = alt.trim();
  if (!alt) {
    const room = full.slice(0, max);
    const space = room.lastIndexOf(' ');
    alt = `${(space > max / 2 ? room.slice(0, space) : room.slice(0, max - 1)).replace(/[\s,;:–—-]+$/u, '')}…`;
  }
  return { alt, full };
}

export interface PictureSize {
  width?: number | undefined;
  height?: number | undefined;
}

/** Tracking pixels and spacers: at most 2×2 pixels, or a spacer file name. */
export function isTrackingPixel(size: PictureSize, src: string): boolean {
  const { width, height } = size;
  if (width !== undefined && height !== undefined && width <= 2 && height <= 2) return true;
  const file = fileNameOf(src);
  return file !== undefined && SPACER_FILE.test(`/${file}`);
}

/** Icon-sized: both sides at most 48 px (bullets, arrows, social buttons). */
export function isIconSized(size: PictureSize): boolean {
  return size.width !== undefined && size.height !== undefined && size.width <= 48 && size.height <= 48;
}
