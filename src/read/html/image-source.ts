/**
 * Which URL an `<img>` really shows: the largest `srcset`/`<picture><source>` candidate, lazy-loading
 * attributes (`data-src`, `data-original`, `data-lazy-src`…), then `src` unless it is a placeholder.
 */
import { httpUrl, resolveUrl, tagOf } from './dom.js';

export interface SrcsetCandidate {
  url: string;
  width?: number;
  density?: number;
}

/**
 * Parses a `srcset` value. Hand-written after the HTML standard's algorithm (no srcset parser is
 * installed): URLs may contain commas ("w_300,h_200"), so candidates are split on the comma that
 * follows a URL's descriptors, not on every comma.
 */
export function parseSrcset(value: string): SrcsetCandidate[] {
  const out: SrcsetCandidate[] = [];
  let i = 0;
  const n = value.length;
  while (i < n) {
    while (i < n && /[\s,]/.test(value[i]!)) i++;
    if (i >= n) break;
    let start = i;
    while (i < n && !/\s/.test(value[i]!)) i++;
    let url = value.slice(start, i);
    let descriptors = '';
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      start = i;
      let depth = 0;
      while (i < n && (value[i] !== ',' || depth > 0)) {
        if (value[i] === '(') depth++;
        else if (value[i] === ')') depth = Math.max(0, depth - 1);
        i++;
      }
      descriptors = value.slice(start, i).trim();
    }
    if (!url) continue;
    const candidate: SrcsetCandidate = { url };
    for (const d of descriptors.split(/\s+/)) {
      const w = /^(\d+)w$/i.exec(d);
      const x = /^(\d*\.?\d+)x$/i.exec(d);
      if (w) candidate.width = Number(w[1]);
      else if (x) candidate.density = Number(x[1]);
    }
    out.push(candidate);
  }
  return out;
}

/** The largest candidate: by width when widths are given, else by pixel density. */
export function largestCandidate(candidates: SrcsetCandidate[]): SrcsetCandidate | undefined {
  let best: SrcsetCandidate | undefined;
  const size = (c: SrcsetCandidate) => (c.width !== undefined ? c.width * 1000 : (c.density ?? 1));
  for (const c of candidates) if (!best || size(c) > size(best)) best = c;
  return best;
}

const SRCSET_ATTRS = ['srcset', 'data-srcset', 'data-lazy-srcset', 'data-original-set'];
/** Lazy-loading attributes, the high-resolution ones first. */
const LAZY_ATTRS = [
  'data-hi-res-src',
  'data-full-src',
  'data-large-src',
  'data-original',
  'data-src',
  'data-lazy-src',
  'data-lazy',
  'data-url',
  'datasrc',
];
/** Image formats every output (PDF, EPUB readers) can show; others are used only when nothing else is offered. */
const PORTABLE_TYPE = /^(?:image\/(?:jpeg|jpg|png|gif|webp|svg\+xml))?$/i;

/** A usable image address: http(s), or an inline data: image big enough not to be a placeholder. */
function usable(url: string | undefined): string | undefined {
  if (!url) return undefined;
  if (/^data:image\//i.test(url)) return url.length >= 400 ? url : undefined;
  return httpUrl(url)?.href;
}

/** Placeholders that lazy loaders put in `src` until a script swaps the real image in. */
function isPlaceholderPath(url: string): boolean {
  if (url.startsWith('data:')) return false;
  const file = url.split(/[?#]/)[0]!.split('/').pop() ?? '';
  return /(?:^|[-_.])(?:placeholder|blank|spacer|transparent|lazy(?:-?load)?|loading|loader|pixel|grey|gray|1x1)(?:[-_.]|$)/i.test(
    file,
  );
}

function bestFromSrcset(values: string[], base: string | undefined): string | undefined {
  const candidates = values.flatMap(parseSrcset).filter((c) => usable(resolveUrl(c.url, base)));
  const best = largestCandidate(candidates);
  return best ? usable(resolveUrl(best.url, base)) : undefined;
}

/** The absolute URL of the image an `<img>` shows, or undefined when it has none worth keeping. */
export function imageSource(img: Element, base: string | undefined): string | undefined {
  const srcsets: string[] = [];
  const picture = img.parentElement && tagOf(img.parentElement) === 'picture' ? img.parentElement : undefined;
  if (picture) {
    const sources = [...picture.children].filter((c) => tagOf(c) === 'source');
    const portable = sources.filter((s) => PORTABLE_TYPE.test(s.getAttribute('type') ?? ''));
    for (const source of portable.length ? portable : sources) {
      for (const attr of SRCSET_ATTRS) {
        const v = source.getAttribute(attr);
        if (v) srcsets.push(v);
      }
    }
  }
  for (const attr of SRCSET_ATTRS) {
    const v = img.getAttribute(attr);
    if (v) srcsets.push(v);
  }
  const fromSet = bestFromSrcset(srcsets, base);
  if (fromSet) return fromSet;
  for (const attr of LAZY_ATTRS) {
    const url = usable(resolveUrl(img.getAttribute(attr), base));
    if (url) return url;
  }
  const src = usable(resolveUrl(img.getAttribute('src'), base));
  return src && !isPlaceholderPath(src) ? src : undefined;
}
