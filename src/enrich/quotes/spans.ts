/**
 * Quotation spans in one block's text: pairs of “ ” „ “ « » ‹ › " " ‘ ’ ' ' (and their national
 * variants), nested to any depth. Apostrophes (don’t, rock ’n’ roll, ’90s, players’) are told apart
 * from single quotation marks by the letters around them. Hand-written: no installed library pairs
 * typographic quotation marks.
 */

export interface QuoteSpan {
  /** Index of the opening mark. */
  open: number;
  /** First character inside the quote. */
  innerStart: number;
  /** End of the quoted text (the closing mark's index; the text's end when unclosed). */
  innerEnd: number;
  /** After the closing mark. */
  end: number;
  openMark: string;
  /** The closing mark; '' when the quote runs on past the end of the block. */
  closeMark: string;
  children: QuoteSpan[];
}

export interface BlockSpans {
  spans: QuoteSpan[];
  /**
   * The outermost quote still open at the end of the block (it is also the last of `spans`), or null.
   * `straight` tells that it opened with a typewriter mark, which is kept only when the next block reopens.
   */
  open: { span: QuoteSpan; straight: boolean } | null;
}

type Family = 'double' | 'single';

/** For each opening mark, the marks that may close it. */
const CLOSERS: Record<string, string> = {
  '“': '”“',
  '„': '“”',
  '«': '»',
  '»': '«',
  '‹': '›',
  '›': '‹',
  '‘': '’‘',
  '‚': '‘’',
  '"': '"',
  "'": "'’",
  '”': '”',
  '「': '」',
  '『': '』',
};

const MARKS = new Set(['“', '”', '„', '«', '»', '‹', '›', '‘', '’', '‚', '"', "'", '「', '」', '『', '』']);
const MARK = /[“”„«»‹›‘’‚"'「」『』]/g;
const SINGLE = new Set(['‘', '’', '‚', "'", '‹', '›']);
/** Marks that French and Russian typography set apart from the text by a (no-break) space. */
const SPACED = new Set(['«', '»', '‹', '›']);
const OPEN_PUNCT = '([{—–-/|\u2014\u2013';
const CLOSE_PUNCT = '.,;:!?)]}…—–-/|';
/** Elisions written with a leading apostrophe: ’em, ’til, ’tis, ’cause, ’n’. */
const ELISION = /^(?:em|til|tis|twas|cause|bout|n)(?![\p{L}])/iu;

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isLetter = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

interface Frame {
  mark: string;
  pos: number;
  family: Family;
  children: QuoteSpan[];
}

/** Is the apostrophe-like mark at `i` an apostrophe rather than a quotation mark? */
function isApostrophe(text: string, i: number): boolean {
  const prev = text[i - 1];
  const next = text[i + 1];
  if (isLetter(prev) && isLetter(next)) return true; // don’t, O’Brien, l’Arcep
  if (!isLetter(prev) && next !== undefined && /\d/.test(next)) {
    return /^\d\d(?:s|\b)/.test(text.slice(i + 1, i + 4)); // ’90s, '20
  }
  if (!isLetter(prev) && ELISION.test(text.slice(i + 1, i + 6))) return true;
  return false;
}

/** An opener that never closed: its inner quotes move up to its parent. */
function drop(stack: Frame[], root: QuoteSpan[], index: number): void {
  const [frame] = stack.splice(index, 1);
  if (frame) (index > 0 ? stack[index - 1]!.children : root).push(...frame.children);
}

export function findQuoteSpans(text: string): BlockSpans {
  const root: QuoteSpan[] = [];
  const stack: Frame[] = [];
  const n = text.length;

  MARK.lastIndex = 0;
  for (let found = MARK.exec(text); found; found = MARK.exec(text)) {
    const i = found.index;
    const c = text[i]!;
    const prev = i > 0 ? text[i - 1] : undefined;
    const next = text[i + 1];
    const single = SINGLE.has(c) && c !== '‹' && c !== '›';
    if (single && (c === '’' || c === "'" || c === '‘') && isApostrophe(text, i)) continue;

    const spaced = SPACED.has(c);
    const afterOpen = prev === undefined || isSpace(prev) || OPEN_PUNCT.includes(prev) || MARKS.has(prev);
    const beforeClose = next === undefined || isSpace(next) || CLOSE_PUNCT.includes(next) || MARKS.has(next);
    const canOpen = c in CLOSERS && (spaced || !isSpace(next)) && next !== undefined && afterOpen;
    const canClose = (spaced || !isSpace(prev)) && prev !== undefined && beforeClose;

    // The innermost open quote this mark can close.
    let match = -1;
    if (canClose) {
      for (let k = stack.length - 1; k >= 0; k--) {
        if (CLOSERS[stack[k]!.mark]?.includes(c)) {
          match = k;
          break;
        }
        // A closing single mark may skip unclosed single openers, never an open double quote.
        if (stack[k]!.family === 'double' && single) break;
      }
    }
    const preferClose = match >= 0 && (!canOpen || match === stack.length - 1);
    if (preferClose) {
      while (stack.length - 1 > match) drop(stack, root, stack.length - 1);
      const frame = stack.pop()!;
      (stack.length ? stack[stack.length - 1]!.children : root).push({
        open: frame.pos,
        innerStart: frame.pos + frame.mark.length,
        innerEnd: i,
        end: i + 1,
        openMark: frame.mark,
        closeMark: c,
        children: frame.children,
      });
    } else if (canOpen && c !== '’') {
      // ” opens only Swedish-style ”…”, when nothing can be closed by it.
      stack.push({ mark: c, pos: i, family: single ? 'single' : 'double', children: [] });
    }
  }

  // Single quotes left open were apostrophes after all; the outermost open double quote runs on.
  for (let k = stack.length - 1; k >= 0; k--) if (stack[k]!.family === 'single') drop(stack, root, k);
  while (stack.length > 1) drop(stack, root, stack.length - 1);
  let open: BlockSpans['open'] = null;
  const last = stack[0];
  if (last) {
    const span: QuoteSpan = {
      open: last.pos,
      innerStart: last.pos + last.mark.length,
      innerEnd: n,
      end: n,
      openMark: last.mark,
      closeMark: '',
      children: last.children,
    };
    root.push(span);
    open = { span, straight: last.mark === '"' };
  }
  root.sort((a, b) => a.open - b.open);
  return { spans: root, open };
}

/** Does the block text start (after white space) with an opening mark of the same kind as `mark`? */
export function reopensWith(text: string, mark: string): boolean {
  const first = text.trimStart()[0];
  if (first === undefined) return false;
  if (first === mark) return true;
  // Some styles reopen with a different glyph of the same family (« … then «, “ … then „).
  const doubles = '“„«"”';
  return doubles.includes(first) && doubles.includes(mark);
}

/** Removes a span that turned out not to be a quotation, promoting its inner quotes. */
export function withoutSpan(spans: QuoteSpan[], target: QuoteSpan): QuoteSpan[] {
  const out: QuoteSpan[] = [];
  for (const s of spans) {
    if (s === target) out.push(...s.children);
    else out.push(s);
  }
  return out.sort((a, b) => a.open - b.open);
}
