/**
 * A generated cover: the source, title and subtitle set in an SVG and rasterised to PNG with sharp, in a
 * child process of its own (engines/svg-rasteriser.ts: the text rendering libraries' memory grows with the
 * characters drawn), as readers and shops handle raster covers best. The same text gives the same bytes;
 * recent covers are kept in memory, since rasterising costs far more than the rest of a book.
 */
import { getSvgRasteriser } from '../../engines/svg-rasteriser.js';
import { textDirection } from '../html/locale.js';

export interface CoverText {
  title: string;
  subtitle?: string;
  /** The publication (or publications) the text comes from. */
  source?: string;
  lang: string;
}

export interface CoverImage {
  bytes: Uint8Array;
  mediaType: 'image/png';
  extension: 'png';
  width: number;
  height: number;
  /** The cover's text alternative: everything printed on it, in reading order. */
  alt: string;
}

export const COVER_WIDTH = 1400;
export const COVER_HEIGHT = 2100;
const MARGIN = 120;
const TEXT_WIDTH = COVER_WIDTH - 2 * MARGIN;

/** Wide (East Asian full-width) characters take about one em; others about half. */
const WIDE =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

function textWidth(text: string, size: number, factor: number): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? size : size * factor;
  return width;
}

/**
 * Greedy line breaking at spaces (and between wide characters, which take no spaces), measured with an
 * average glyph width: SVG does not wrap text, and a cover needs no typographic precision.
 */
/**
 * A word too wide for a line, cut into pieces that fit (an SVG line never wraps, and a very long unbroken line
 * made the rasteriser's time grow much faster than its length).
 */
function splitToFit(word: string, size: number, factor: number): string[] {
  if (textWidth(word, size, factor) <= TEXT_WIDTH) return [word];
  const pieces: string[] = [];
  let piece = '';
  for (const ch of word) {
    if (piece && textWidth(piece + ch, size, factor) > TEXT_WIDTH) {
      pieces.push(piece);
      piece = '';
    }
    piece += ch;
  }
  if (piece) pieces.push(piece);
  return pieces;
}

export function wrapText(text: string, size: number, factor: number, maxLines: number): string[] {
  // A cover shows a few lines: more text than could ever fit is not laid out (nor drawn) at all.
  const chars = [...text.trim()].slice(0, 2000).join('');
  const tokens = chars
    .split(/\s+/)
    .flatMap((word) => (WIDE.test(word) ? [...word] : [word]))
    .flatMap((word) => splitToFit(word, size, factor));
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    const joiner = line && !(WIDE.test(token) && WIDE.test(line.slice(-1))) ? ' ' : '';
    const candidate = line + joiner + token;
    if (!line || textWidth(candidate, size, factor) <= TEXT_WIDTH) line = candidate;
    else {
      lines.push(line);
      line = token;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]!.replace(/[\s.,;:!?…-]*$/u, '')}…`;
  return kept;
}

/** Scripts whose letters may be spaced out (spacing breaks joined scripts such as Arabic). */
const SPACEABLE = /^[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\P{L}]*$/u;

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface Block {
  lines: string[];
  size: number;
  leading: number;
}

/** The largest title size (down to a floor) at which the title fits in five lines. */
function fitTitle(title: string): Block {
  for (let size = 124; size > 72; size -= 8) {
    const lines = wrapText(title, size, 0.64, 99);
    if (lines.length <= 5) return { lines, size, leading: size * 1.15 };
  }
  return { lines: wrapText(title, 72, 0.64, 7), size: 72, leading: 72 * 1.15 };
}

function textElement(block: Block, top: number, attrs: string): string {
  const spans = block.lines
    .map(
      (line, i) =>
        `<tspan x="${COVER_WIDTH / 2}" y="${Math.round(top + i * block.leading)}">${escapeXml(line)}</tspan>`,
    )
    .join('');
  return `<text ${attrs} font-size="${block.size}" text-anchor="middle">${spans}</text>`;
}

/** The cover as SVG text (exported for tests). */
export function coverSvg(text: CoverText): string {
  const lang = escapeXml(text.lang);
  const dir = textDirection(text.lang);
  const common = `xml:lang="${lang}" direction="${dir}"${dir === 'rtl' ? ' unicode-bidi="embed"' : ''}`;
  const title = fitTitle(text.title);
  const subtitle: Block | undefined = text.subtitle?.trim()
    ? { lines: wrapText(text.subtitle, 56, 0.52, 6), size: 56, leading: 56 * 1.35 }
    : undefined;
  const blockHeight = (b: Block) => b.lines.length * b.leading;
  const gap = subtitle ? 80 : 0;
  const total = blockHeight(title) + gap + (subtitle ? blockHeight(subtitle) : 0);
  // The title and subtitle centred in the area below the source line, a little above the middle.
  const top = Math.max(480, Math.round(420 + (COVER_HEIGHT - 420 - total) * 0.4)) + title.size * 0.8;
  const source = text.source?.trim() ? wrapText(text.source.toUpperCase(), 44, 0.66, 1)[0] : undefined;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${COVER_WIDTH}" height="${COVER_HEIGHT}" viewBox="0 0 ${COVER_WIDTH} ${COVER_HEIGHT}">`,
    '<rect width="100%" height="100%" fill="#1d2b3a"/>',
    `<rect x="${MARGIN}" y="300" width="${TEXT_WIDTH}" height="6" fill="#f0c987"/>`,
    source
      ? `<text ${common} x="${COVER_WIDTH / 2}" y="250" font-family="DejaVu Sans, Noto Sans, Liberation Sans, sans-serif" font-size="44"${SPACEABLE.test(source) ? ' letter-spacing="6"' : ''} fill="#f0c987" text-anchor="middle">${escapeXml(source)}</text>`
      : '',
    textElement(
      title,
      top,
      `${common} font-family="DejaVu Serif, Noto Serif, Liberation Serif, serif" font-weight="bold" fill="#ffffff"`,
    ),
    subtitle
      ? textElement(
          subtitle,
          top + blockHeight(title) + gap,
          `${common} font-family="DejaVu Serif, Noto Serif, Liberation Serif, serif" fill="#d5dbe3"`,
        )
      : '',
    `<rect x="${MARGIN}" y="${COVER_HEIGHT - 200}" width="${TEXT_WIDTH}" height="6" fill="#f0c987"/>`,
    '</svg>',
  ].join('');
}

/** The cover's alt text: source, title and subtitle as printed. */
export function coverAlt(text: CoverText): string {
  const clean = (s: string | undefined) => s?.replace(/\s+/g, ' ').trim() ?? '';
  const parts = [clean(text.title), clean(text.subtitle)].filter(Boolean).join(': ');
  return clean(text.source) ? `${parts} (${clean(text.source)})` : parts;
}

const CACHE_SIZE = 32;
const cache = new Map<string, Promise<Uint8Array>>();

/**
 * Rasterises the cover, cached by its text (the picture depends on nothing else: the same text gives the same
 * bytes without the work, or even laying out the SVG again).
 */
export async function generateCover(text: CoverText): Promise<CoverImage> {
  const key = JSON.stringify([text.title, text.subtitle ?? null, text.source ?? null, text.lang]);
  let bytes = cache.get(key);
  if (bytes) {
    cache.delete(key);
  } else {
    bytes = getSvgRasteriser()
      .render(coverSvg(text))
      .then((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    bytes.catch(() => cache.delete(key));
  }
  cache.set(key, bytes);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return {
    bytes: await bytes,
    mediaType: 'image/png',
    extension: 'png',
    width: COVER_WIDTH,
    height: COVER_HEIGHT,
    alt: coverAlt(text),
  };
}
