/**
 * Photo credits: recognising credit elements and credit lines at the end of captions
 * ("… in Reykjavik. Photo: Jane Doe/Reuters", "(Thomas Coex/AFP/Getty Images)", "© AP") and cleaning them
 * ("Photo: Jane Doe/Reuters" → "Jane Doe/Reuters").
 */
import { collapseWhitespace, hintTokens } from './dom.js';

/** Labels that introduce a credit, in several languages. */
const LABEL =
  '(?:photo(?:graph)?s?(?:\\s+credit)?|pictures?|picture\\s+credit|image(?:s)?(?:\\s+credit)?|credits?|crédits?(?:\\s+photo)?|photo\\s+credit|fotos?|fotografie|foto(?:grafía)?|bild(?:er)?|quelle|source|illustration|grafik|graphic|video|фото(?:графия)?|источник|copyright)';
/** A label with a colon: "Photo:", "Фото:" (how captions print credits). */
const LABEL_PREFIX = new RegExp(`^\\s*${LABEL}\\s*[:：]\\s*`, 'iu');
const LABEL_START = new RegExp(`^\\s*${LABEL}`, 'iu');

/**
 * Strips a label from text already known to be a credit; the colon may be missing ("Credit Jane Doe"),
 * even the space, when a screen-reader label is glued to the name ("CreditJane Doe").
 */
function stripLooseLabel(s: string): string {
  const m = LABEL_START.exec(s);
  if (!m) return s;
  const rest = s.slice(m[0].length);
  const sep = /^\s*[:：|/–—-]\s*/.exec(rest);
  if (sep) return rest.slice(sep[0].length);
  const next = rest.replace(/^\s+/, '');
  const first = next.charAt(0);
  return first && (first === '(' || (first !== first.toLowerCase() && first === first.toUpperCase()))
    ? next
    : s;
}
const COPYRIGHT_START = /^(?:©|\(c\)|copyright\b)/i;
/** "Photo by Jane Doe", "Image courtesy of NASA". */
const BY_PREFIX =
  /^\s*(?:photo(?:graph)?s?|pictures?|images?|illustrations?|video|foto)\s+(?:by|courtesy(?:\s+of)?|von|par|de)\s+/i;
const LABELLED_TAIL = new RegExp(
  `(?:^|[.!?…)\\]"”»]\\s+|\\s[|–—-]\\s+)(${LABEL}\\s*[:：]\\s*[^.!?]{2,120})$`,
  'iu',
);

/**
 * Photo and news agencies whose names mark a credit line. A list of the trade's largest agencies
 * (generic, not taken from any article): credit lines name them far more often than anything else.
 */
const AGENCY =
  /\b(?:Reuters|AP|AFP|Getty(?:\s+Images)?|EPA(?:-EFE)?|EFE|TASS|ANSA|Scanpix|LETA|Associated\s+Press|Agence\s+France[-\s]Presse|Bloomberg|dpa|PA(?:\s+(?:Wire|Images|Media))?|Alamy|Shutterstock|Xinhua|Sipa(?:\s+USA)?|Keystone|Anadolu(?:\s+Agency)?|Sputnik|RIA\s+Novosti|Kyodo|Yonhap|ZUMA(?:\s+Press|\s+Wire)?|NurPhoto|SOPA(?:\s+Images)?|Imago|picture[-\s]alliance|iStock(?:photo)?|Corbis|Magnum(?:\s+Photos)?|Redux|Polaris|Kommersant|ITAR-TASS|Wikimedia\s+Commons|Unsplash|handout)\b/i;

/** Small words allowed in lowercase inside names of people and organisations. */
// biome-ignore format: a word list reads better packed
const CONNECTORS = new Set([
  'of', 'the', 'for', 'and', 'de', 'del', 'della', 'der', 'des', 'du', 'la', 'le', 'les', 'van', 'von', 'da',
  'di', 'dos', 'das', 'y', 'e', 'et', 'und', 'via', 'for', 'at', 'on', 'to', 'in', 'photo', 'photos', 'by', '&',
  '—', '–', '-',
]);

/** A sentence end inside text; a period after an initial ("Ellen M. Banner") is not one. */
const SENTENCE_BREAK = /(?<!(?:^|[\s.])\p{Lu})[.!?]\s+[\p{Lu}("“«„]/u;

function words(s: string): string[] {
  return s.split(/\s+/).filter(Boolean);
}

/** Every word starts with a capital, a digit or is a connector ("Chang W. Lee", "Agence France-Presse — Getty Images"). */
function capitalised(s: string): boolean {
  return words(s).every((w) => !/^\p{Ll}/u.test(w) || CONNECTORS.has(w.toLowerCase()));
}

/** True for text that reads as a credit line: an agency, or names separated by slashes, all capitalised. */
export function isCreditLike(text: string): boolean {
  const s = text.trim();
  if (!s || words(s).length > 14 || SENTENCE_BREAK.test(s)) return false;
  if (COPYRIGHT_START.test(s) || LABEL_PREFIX.test(s) || BY_PREFIX.test(s)) return true;
  if (!capitalised(s)) return false;
  if (AGENCY.test(s)) return true;
  const parts = s.split(/\s*\/\s*/);
  return parts.length >= 2 && parts.every((p) => p.length > 0 && words(p).length <= 6);
}

/** "Photo: Jane Doe/Reuters" → "Jane Doe/Reuters"; "(Bild: Hersteller)" → "Hersteller"; "Credit Credit X" → "X". */
export function cleanCredit(text: string): string | undefined {
  let s = collapseWhitespace(text).trim();
  for (let i = 0; i < 4; i++) {
    const before = s;
    s = stripLooseLabel(s)
      .replace(/^\((.*)\)$/s, '$1')
      .replace(/^\[(.*)\]$/s, '$1')
      .replace(COPYRIGHT_START, '')
      .replace(BY_PREFIX, '')
      .replace(/^[\s:|–—-]+|[\s|–—-]+$/g, '')
      .trim();
    if (s === before) break;
  }
  return s && /\p{L}/u.test(s) ? s : undefined;
}

export interface TrailingCredit {
  /** Offset in the caption where the credit (including any label or bracket) begins. */
  start: number;
  credit: string;
}

/**
 * A credit printed at the end of a caption (or as the whole caption), with where it starts, or undefined.
 * Recognises a label ("Photo:", "Фото:", "Bild:"…), "©", a bracketed credit, or a last sentence-free
 * segment that is credit-like (an agency, or slash-separated names).
 */
export function findTrailingCredit(caption: string): TrailingCredit | undefined {
  const text = caption.replace(/\s+$/, '');
  if (!text) return undefined;
  const make = (start: number, raw: string): TrailingCredit | undefined => {
    const credit = cleanCredit(raw);
    return credit ? { start, credit } : undefined;
  };
  // The whole caption is a credit ("Photo: Jane Doe/Reuters", "© AP", "Jane Doe/Reuters").
  const labelledStart = LABEL_PREFIX.test(text) || COPYRIGHT_START.test(text) || BY_PREFIX.test(text);
  if (
    isCreditLike(text) &&
    (labelledStart || (!/[.!?]$/.test(text) && (AGENCY.test(text) || text.includes('/'))))
  ) {
    return make(0, text);
  }
  const labelled = LABELLED_TAIL.exec(text);
  if (labelled) return make(text.length - labelled[1]!.length, labelled[1]!);
  const copyright = /(?:^|\s)(©\s*[^.!?©]{2,100})$/.exec(text);
  if (copyright) return make(text.length - copyright[1]!.length, copyright[1]!);
  const bracketed = /\s*([([]([^()[\]]{2,120})[)\]])\s*$/.exec(text);
  if (bracketed && isCreditLike(bracketed[2]!) && bracketed.index > 0) {
    return make(bracketed.index, bracketed[1]!);
  }
  // The last segment after a sentence end: "… on Monday. Jane Doe/Reuters"
  const tail = /(?<!(?:^|[\s.])\p{Lu})[.!?…"”»]\s+([^.!?()[\]]{2,120})$/u.exec(text);
  if (tail && isCreditLike(tail[1]!) && (AGENCY.test(tail[1]!) || tail[1]!.includes('/'))) {
    return make(text.length - tail[1]!.length, tail[1]!);
  }
  return undefined;
}

/** Class, id and itemprop words that mark an element holding a photo credit. */
export function isCreditElement(el: Element): boolean {
  const props = (el.getAttribute('itemprop') ?? '').toLowerCase().split(/\s+/);
  if (
    props.some((p) => ['copyrightholder', 'credittext', 'copyrightnotice', 'creator', 'author'].includes(p))
  ) {
    return true;
  }
  return hintTokens(el).some(
    (t) =>
      t.startsWith('credit') ||
      t.startsWith('copyright') ||
      t === 'photographer' ||
      t === 'attribution' ||
      t === 'source' ||
      t === 'byline' ||
      t === 'courtesy',
  );
}
