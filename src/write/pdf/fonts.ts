/**
 * The fonts shipped with the project (@fontsource Noto Serif and Noto Sans), embedded in the print HTML as
 * data: URIs (the renderer fetches nothing else), so a PDF looks the same on every machine. Only the
 * subsets (Latin, Latin Extended, Cyrillic, Greek, Vietnamese) whose characters occur in the article are
 * included; other scripts fall back to the system's fonts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { RenderError } from '../../errors.js';

const require = createRequire(import.meta.url);

/** The font families the print stylesheet names. */
export const SERIF = 'Readout Serif';
export const SANS = 'Readout Sans';

interface Face {
  family: string;
  pkg: '@fontsource/noto-serif' | '@fontsource/noto-sans';
  file: string;
  weight: 400 | 700;
  style: 'normal' | 'italic';
}

const FACES: Face[] = [
  { family: SERIF, pkg: '@fontsource/noto-serif', file: 'noto-serif', weight: 400, style: 'normal' },
  { family: SERIF, pkg: '@fontsource/noto-serif', file: 'noto-serif', weight: 400, style: 'italic' },
  { family: SERIF, pkg: '@fontsource/noto-serif', file: 'noto-serif', weight: 700, style: 'normal' },
  { family: SERIF, pkg: '@fontsource/noto-serif', file: 'noto-serif', weight: 700, style: 'italic' },
  { family: SANS, pkg: '@fontsource/noto-sans', file: 'noto-sans', weight: 400, style: 'normal' },
  { family: SANS, pkg: '@fontsource/noto-sans', file: 'noto-sans', weight: 700, style: 'normal' },
];

/** Subsets offered, Latin first (always included: digits, punctuation, the page numbers). */
const SUBSETS = [
  'latin',
  'latin-ext',
  'cyrillic',
  'cyrillic-ext',
  'greek',
  'greek-ext',
  'vietnamese',
] as const;
type Subset = (typeof SUBSETS)[number];

interface SubsetInfo {
  /** The CSS unicode-range value. */
  range: string;
  /** Matches any character of the subset. */
  test: RegExp;
}

function readJson(path: string): Record<string, string> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
}

/** A character class from a CSS unicode-range (`U+0400-045F,U+2116`). */
function rangeRegExp(range: string): RegExp {
  const hex = (h: string) => `\\u{${h}}`;
  const parts = range.split(',').map((r) => {
    const [from, to] = r.trim().replace(/^U\+/i, '').split('-');
    return to ? `${hex(from ?? '0')}-${hex(to)}` : hex(from ?? '0');
  });
  return new RegExp(`[${parts.join('')}]`, 'u');
}

let subsets: Map<Subset, SubsetInfo> | undefined;
function subsetTable(): Map<Subset, SubsetInfo> {
  if (!subsets) {
    const ranges = readJson(require.resolve('@fontsource/noto-serif/unicode.json'));
    subsets = new Map(
      SUBSETS.map((name) => {
        const range = ranges[name];
        if (!range) throw new RenderError('internal/fonts-missing', `@fontsource has no ${name} subset.`);
        return [name, { range, test: rangeRegExp(range) }];
      }),
    );
  }
  return subsets;
}

const dataUris = new Map<string, string>();
function fontDataUri(face: Face, subset: Subset): string {
  const spec = `${face.pkg}/files/${face.file}-${subset}-${face.weight}-${face.style}.woff2`;
  let uri = dataUris.get(spec);
  if (!uri) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(require.resolve(spec));
    } catch (error) {
      throw new RenderError('internal/fonts-missing', `The font file ${spec} is missing (npm ci).`, [], {
        cause: error,
      });
    }
    uri = `data:font/woff2;base64,${bytes.toString('base64')}`;
    dataUris.set(spec, uri);
  }
  return uri;
}

/** The subsets needed for `text` (Latin always). */
export function subsetsFor(text: string): Subset[] {
  const table = subsetTable();
  return SUBSETS.filter((name) => name === 'latin' || table.get(name)?.test.test(text));
}

const faceCss = new Map<string, string>();

/** @font-face rules for the faces of the print stylesheet, with the subsets `text` needs. */
export function fontFaceCss(text: string): string {
  const table = subsetTable();
  return subsetsFor(text)
    .map((subset) => {
      let css = faceCss.get(subset);
      if (!css) {
        const range = table.get(subset)?.range ?? '';
        css = FACES.map(
          (face) =>
            `@font-face{font-family:"${face.family}";font-style:${face.style};font-weight:${face.weight};` +
            `font-display:block;src:url(${fontDataUri(face, subset)}) format("woff2");unicode-range:${range}}`,
        ).join('\n');
        faceCss.set(subset, css);
      }
      return css;
    })
    .join('\n');
}
