/**
 * A pass over a page content stream (the operators that draw a page) that closes two gaps Chromium leaves
 * in tagged PDF:
 *
 * - Content outside any marked-content sequence (the running header and page numbers from CSS page-margin
 *   boxes, page backgrounds, decorative pictures) is untagged; PDF/UA wants every piece of content either
 *   tagged or an artifact. Each such graphics object (text object, path, image, shading) is wrapped in
 *   `/Artifact … BDC … EMC` (text as pagination artifacts).
 * - A soft hyphen inside a word is drawn as an invisible glyph with `/ActualText <FEFF00AD>`, so text
 *   extraction and screen readers get words broken by U+00AD where the line does not break (and a
 *   ligature across a break point, "f\u00ADf"). Soft hyphens are removed from ActualText; a hyphen printed
 *   at a line end is a separate, visible glyph and stays.
 *
 * Hand-written because no library at hand (pdf-lib writes content streams but does not parse them) reads
 * the operator structure of an existing stream. The scanner knows the PDF lexical rules (strings with
 * nesting and escapes, hex strings, names, dictionaries, arrays, comments, inline image data).
 */

/** Path construction operators that start a path object, and the operators that end one. */
const PATH_START = new Set(['m', 're']);
const PATH_END = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*', 'n']);
/** Graphics objects that are a single operator. */
const SINGLE = new Set(['Do', 'sh']);

// A regular character (not whitespace, not a delimiter), and the end of a run of them.
const REG = '[^\\0\\t\\n\\f\\r ()<>[\\]{}/%]';
const END = `(?!${REG})`;
/**
 * One operator with the operands before it: any run of whitespace, numbers, keywords (true/false/null),
 * names, dictionary and array brackets, hex strings, flat literal strings and comments; then the
 * operator — or `(` where a literal string has nested parentheses, scanned by hand.
 */
const OPERATOR = new RegExp(
  `(?:[\\0\\t\\n\\f\\r ]+|[+-]?(?:\\d+\\.?\\d*|\\.\\d+)${END}|(?:true|false|null)${END}|/${REG}*|<<|>>|<[^<>]*>|[[\\]{}]|\\((?:[^()\\\\]|\\\\[\\s\\S])*\\)|%[^\\r\\n]*)*(?:${REG}+|\\()`,
  'y',
);

export interface Operator {
  /** The operator, e.g. `BT`, `Tj`, `BDC`. */
  op: string;
  /** Offset where its operands start (just after the previous operator). */
  start: number;
  /** Offset of the operator itself. */
  opStart: number;
  /** Offset just after the operator (after the inline image data for `ID`). */
  end: number;
}

/** The end of the literal string starting at `i` (nested parentheses and escapes). */
function skipLiteral(src: string, i: number): number {
  let depth = 0;
  const n = src.length;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 0x5c /* \ */) i += 2;
    else {
      i++;
      if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) return i;
    }
  }
  return n;
}

/** The operators of a content stream (given as a latin1 string, one character per byte), in order. */
export function operators(src: string): Operator[] {
  const out: Operator[] = [];
  scan(src, (op, start, opStart, end) => out.push({ op, start, opStart, end }));
  return out;
}

function isRegular(c: number): boolean {
  return !(
    c === 0x20 ||
    c === 0x0a ||
    c === 0x0d ||
    c === 0x09 ||
    c === 0x0c ||
    c === 0x00 ||
    c === 0x28 ||
    c === 0x29 ||
    c === 0x3c ||
    c === 0x3e ||
    c === 0x5b ||
    c === 0x5d ||
    c === 0x7b ||
    c === 0x7d ||
    c === 0x2f ||
    c === 0x25
  );
}

/**
 * Calls `visit` for each operator of a content stream, in order. `start` is where the operator's operands
 * begin (the previous operator's end).
 */
function scan(src: string, visit: (op: string, start: number, opStart: number, end: number) => void): void {
  const n = src.length;
  let start = 0;
  let i = 0;
  while (i < n) {
    OPERATOR.lastIndex = i;
    if (!OPERATOR.test(src)) {
      i++; // a stray delimiter: step over it
      continue;
    }
    let end = OPERATOR.lastIndex;
    if (src.charCodeAt(end - 1) === 0x28 /* ( */) {
      i = skipLiteral(src, end - 1); // a literal string with nested parentheses
      continue;
    }
    let opStart = end - 1;
    while (opStart > i && isRegular(src.charCodeAt(opStart - 1))) opStart--;
    const op = src.slice(opStart, end);
    if (op === 'ID') end = endOfInlineImage(src, end);
    visit(op, start, opStart, end);
    start = end;
    i = end;
  }
}

/** The end of inline image data after `ID` at `end`: binary, up to whitespace + EI + whitespace (or the end). */
function endOfInlineImage(src: string, end: number): number {
  const data = /\sEI(?=\s|$)/g;
  data.lastIndex = end + 1;
  const image = data.exec(src);
  return image ? image.index + image[0].length : src.length;
}

/**
 * What the rewrite looks for, in one search that skips all else (the thousands of text-positioning and
 * glyph operators between): literal strings (flat, or the start of a nested one), comments, hex strings
 * with white space inside (which could hold an operator-like word), the name /ActualText, and the
 * operators the rewrite acts on or that carry property lists (BDC BMC EMC BT ET BI ID DP MP Do sh re m,
 * the path painting operators) — as whole words after white space or a delimiter, never after `/`.
 */
const WANTED =
  /\((?:[^()\\]|\\[\s\S])*\)|\(|%[^\r\n]*|<[0-9A-Fa-f]*[\0\t\n\f\r ][^>]*>|\/ActualText(?![^\0\t\n\f\r ()<>[\]{}/%])|(?<![^\0\t\n\f\r )>\]}])(?:BDC|BMC|EMC|BT|ET|BI|ID|DP|MP|Do|sh|re|m|S|s|f\*?|F|B\*?|b\*?|n)(?![^\0\t\n\f\r ()<>[\]{}/%])/g;

/**
 * Inside marked content only BDC, BMC and EMC (and DP, ID and /ActualText, for their operands) matter to
 * the rewrite: there they are searched for as plain words — most of a page is marked content, and this
 * search is many times faster than WANTED's — and their word boundaries checked after.
 */
const NESTED = /BDC|BMC|EMC|DP|ID|\/ActualText|\(|%[^\r\n]*|<[0-9A-Fa-f]*[\0\t\n\f\r ][^>]*>/g;

/** Characters after which an operator may start (white space and closing delimiters), by code. */
const BEFORE_OPERATOR = new Set([0x20, 0x0a, 0x0d, 0x09, 0x0c, 0x00, 0x29, 0x3e, 0x5d, 0x7d]);

/** Whether the word found at [start, end) stands alone (an operator, or a whole name when it starts with /). */
function standsAlone(src: string, start: number, end: number): boolean {
  if (end < src.length && isRegular(src.charCodeAt(end))) return false;
  return src.charCodeAt(start) === 0x2f || start === 0 || BEFORE_OPERATOR.has(src.charCodeAt(start - 1));
}

/**
 * Calls `visit` for the operators in WANTED (inside marked content, those in NESTED), in order, with
 * `after`: the end of the previous one (their operands lie after it) and `actualText`: where /ActualText
 * appeared since then (-1 if not).
 */
function scanWanted(
  src: string,
  visit: (op: string, after: number, opStart: number, end: number, actualText: number) => void,
): void {
  let after = 0;
  let actualText = -1;
  let depth = 0;
  let at = 0;
  for (;;) {
    const search = depth > 0 ? NESTED : WANTED;
    search.lastIndex = at;
    const m = search.exec(src);
    if (!m) return;
    const token = m[0];
    at = search.lastIndex;
    const c = token.charCodeAt(0);
    if (c === 0x28 /* ( */) {
      if (token.length === 1) at = skipLiteral(src, m.index);
      continue;
    }
    if (c === 0x25 /* % */ || c === 0x3c /* < */) continue;
    if (search === NESTED && !standsAlone(src, m.index, at)) continue;
    if (c === 0x2f /* / */) {
      actualText = m.index;
      continue;
    }
    let end = at;
    if (token === 'ID') {
      end = endOfInlineImage(src, end);
      at = end;
    }
    if (token === 'BDC' || token === 'BMC') depth++;
    else if (token === 'EMC') depth = Math.max(0, depth - 1);
    visit(token, after, m.index, end, actualText >= after ? actualText : -1);
    after = end;
    actualText = -1;
  }
}

const isSpace = (c: number) =>
  c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;

/**
 * Where the operands of the operator at `opStart` begin (just after the operator before them), for
 * operators whose operands are numbers and names (m, re, Do, sh): walks back over them, not before `after`.
 */
function operandStart(src: string, opStart: number, after: number): number {
  let at = opStart;
  for (;;) {
    let p = at;
    while (p > after && isSpace(src.charCodeAt(p - 1))) p--;
    let q = p;
    while (q > after && isRegular(src.charCodeAt(q - 1))) q--;
    if (q === p) return p; // a delimiter or the bound: the operands start after it
    if (q > after && src.charCodeAt(q - 1) === 0x2f /* / */)
      q--; // a name
    else if (!/^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(src.slice(q, p))) return p; // the operator before
    at = q;
  }
}

const LONE_SOFT_HYPHEN = '/ActualText <FEFF00AD>';
const ACTUAL_TEXT = /\/ActualText\s*(<[0-9A-Fa-f\s]*>|\((?:\\[\s\S]|[^\\)])*\))/;

/** The bytes of a PDF literal string's body (escapes resolved), as a latin1 string. */
function literalBytes(body: string): string {
  return body.replace(/\\(?:([0-7]{1,3})|(\r\n|[\r\n])|([\s\S]))/g, (_, octal, newline, char) => {
    if (octal) return String.fromCharCode(Number.parseInt(octal, 8) & 0xff);
    if (newline) return '';
    const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
    return escapes[char] ?? char;
  });
}

/** A PDF text string's value (UTF-16BE with BOM, else PDFDocEncoding taken as latin1). */
function textStringValue(bytes: string): string {
  if (bytes.startsWith('\xFE\xFF')) {
    let out = '';
    for (let i = 2; i + 1 < bytes.length; i += 2) {
      out += String.fromCharCode((bytes.charCodeAt(i) << 8) | bytes.charCodeAt(i + 1));
    }
    return out;
  }
  return bytes;
}

function hexTextString(text: string): string {
  if (!text) return '()';
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

/**
 * The operands of a BDC with their ActualText free of soft hyphens (a soft hyphen alone becomes the empty
 * string; a ligature such as "f\u00ADf" becomes "ff"), or undefined when there is nothing to change.
 */
function withoutSoftHyphens(operands: string): string | undefined {
  // Chromium's usual form (a soft hyphen alone, where the line did not break), without decoding.
  if (operands.startsWith(LONE_SOFT_HYPHEN))
    return `/ActualText ()${operands.slice(LONE_SOFT_HYPHEN.length)}`;
  const found = ACTUAL_TEXT.exec(operands);
  if (!found) return undefined;
  const raw = found[1] as string;
  const bytes = raw.startsWith('<')
    ? Buffer.from(raw.slice(1, -1).replace(/\s+/g, '').padEnd(2, '0'), 'hex').toString('latin1')
    : literalBytes(raw.slice(1, -1));
  const value = textStringValue(bytes);
  if (!value.includes('\u00AD')) return undefined;
  const replaced = `/ActualText ${hexTextString(value.replace(/\u00AD/g, ''))}`;
  return operands.slice(0, found.index) + replaced + operands.slice(found.index + found[0].length);
}

export interface ContentFixes {
  /** Graphics objects wrapped as artifacts. */
  artifacts: number;
  /** ActualTexts from which soft hyphens were removed. */
  softHyphens: number;
}

/**
 * Rewrites one content stream (latin1 string): untagged graphics objects become artifacts, soft hyphens
 * lose their ActualText. Returns the new stream and what was changed.
 */
export function fixContentStream(src: string): { text: string; fixes: ContentFixes } {
  const out: string[] = [];
  let copied = 0;
  const fixes: ContentFixes = { artifacts: 0, softHyphens: 0 };
  let depth = 0;
  let open: 'text' | 'path' | 'image' | undefined;
  const emit = (upTo: number, insert: string) => {
    out.push(src.slice(copied, upTo), insert);
    copied = upTo;
  };

  scanWanted(src, (op, after, opStart, end, actualText) => {
    if (op === 'BDC' || op === 'BMC') {
      if (op === 'BDC' && actualText >= 0) {
        const fixed = withoutSoftHyphens(src.slice(actualText, opStart));
        if (fixed !== undefined) {
          emit(actualText, fixed);
          copied = opStart;
          fixes.softHyphens++;
        }
      }
      depth++;
      return;
    }
    if (op === 'EMC') {
      depth = Math.max(0, depth - 1);
      return;
    }
    if (depth > 0) return;
    if (!open) {
      if (op === 'BT') {
        emit(opStart, '/Artifact <</Type /Pagination>> BDC\n');
        open = 'text';
      } else if (PATH_START.has(op)) {
        emit(operandStart(src, opStart, after), '\n/Artifact BMC\n');
        open = 'path';
      } else if (op === 'BI') {
        emit(opStart, '/Artifact BMC\n');
        open = 'image';
      } else if (SINGLE.has(op)) {
        emit(operandStart(src, opStart, after), '\n/Artifact BMC\n');
        emit(end, '\nEMC');
        fixes.artifacts++;
      }
      return;
    }
    const closes =
      (open === 'text' && op === 'ET') ||
      (open === 'path' && PATH_END.has(op)) ||
      (open === 'image' && op === 'ID');
    if (closes) {
      emit(end, '\nEMC');
      open = undefined;
      fixes.artifacts++;
    }
  });
  if (open) {
    out.push(src.slice(copied), '\nEMC');
    fixes.artifacts++;
  } else out.push(src.slice(copied));
  return { text: out.join(''), fixes };
}

/** Whether any graphics object of the stream lies outside marked content (used by tests and checks). */
export function untaggedObjects(src: string): string[] {
  const found: string[] = [];
  let depth = 0;
  for (const { op } of operators(src)) {
    if (op === 'BDC' || op === 'BMC') depth++;
    else if (op === 'EMC') depth = Math.max(0, depth - 1);
    else if (depth === 0 && (op === 'BT' || PATH_START.has(op) || SINGLE.has(op) || op === 'BI'))
      found.push(op);
  }
  return found;
}
