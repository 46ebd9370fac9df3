/**
 * Header rules: which short line is a rubric (section label), and where a line that holds both the
 * title and the subtitle splits. Hand-written heuristics; each rule is general (capitalisation and
 * length), not tied to a site.
 */
import { collapseSpaces, words } from './lines.js';

/** A section label: at most three words, no final punctuation, and lower-case, ALL CAPS or a single word. */
export function isLabelLike(text: string): boolean {
  const ws = words(text);
  if (ws.length === 0 || ws.length > 3 || text.length > 40) return false;
  if (/[.!?…:;,]$/u.test(text)) return false;
  return ws.length === 1 || text === text.toLowerCase() || text === text.toUpperCase();
}

/** Lower-case words a headline does not end on (so "Talks with | Lavrov …" is no split). */
const FUNCTION_WORDS = new Set([
  'a',
  'an',
  'the',
  'and',
  'or',
  'but',
  'nor',
  'of',
  'to',
  'in',
  'on',
  'at',
  'by',
  'for',
  'from',
  'with',
  'as',
  'into',
  'onto',
  'over',
  'under',
  'about',
  'after',
  'before',
  'between',
  'against',
  'than',
  'that',
  'this',
  'is',
  'are',
  'was',
  'were',
  'be',
  'its',
  'his',
  'her',
  'their',
  'our',
  'my',
  'your',
  'not',
  'no',
  'vs',
  'и',
  'в',
  'во',
  'с',
  'со',
  'на',
  'о',
  'об',
  'по',
  'к',
  'ко',
  'за',
  'из',
  'от',
  'до',
  'для',
  'не',
  'а',
  'но',
  'или',
  'что',
  'как',
  'у',
  'при',
  'без',
  'над',
  'под',
  'про',
  'через',
  'de',
  'la',
  'le',
  'les',
  'des',
  'du',
  'et',
  'en',
  'der',
  'die',
  'das',
  'und',
  'mit',
  'von',
  'zu',
  'im',
]);

/** Capitalised words that typically open a sentence, rarely stand inside a sentence-case headline. */
const SENTENCE_STARTERS = new Set([
  'The',
  'A',
  'An',
  'This',
  'These',
  'Those',
  'In',
  'On',
  'At',
  'After',
  'Before',
  'As',
  'When',
  'While',
  'How',
  'Why',
  'What',
  'Who',
  'Where',
  'It',
  'He',
  'She',
  'They',
  'We',
  'Our',
  'His',
  'Her',
  'Their',
  'Its',
  'For',
  'From',
  'Despite',
  'Amid',
  'During',
  'Following',
  'Since',
  'Here',
  'There',
  'В',
  'На',
  'Как',
  'Что',
  'Почему',
  'Кто',
  'Это',
  'Он',
  'Она',
  'Они',
  'Мы',
  'После',
  'Из-за',
  'Когда',
  'По',
  'Le',
  'La',
  'Les',
  'Der',
  'Die',
  'Das',
]);

const LETTER_START = /^["'“‘«(]?([\p{L}\p{N}])/u;

function initial(word: string): 'upper' | 'lower' | 'other' {
  const c = LETTER_START.exec(word)?.[1];
  if (!c) return 'other';
  if (/\p{Lu}/u.test(c)) return 'upper';
  return /\p{Ll}/u.test(c) ? 'lower' : 'other';
}

const bare = (word: string) => /[\p{L}\p{N}]$/u.test(word);

export interface TitleSplit {
  title: string;
  subtitle: string;
}

/**
 * Splits a line holding a title and a subtitle. Evidence, strongest first:
 * 1. another line of the dump (a breadcrumb, a related link, "Title | Site") is a prefix of this one;
 * 2. a capitalised sentence opener ("The", "In", "В"…) inside a sentence-case line;
 * 3. a capitalised word right after a lower-case content word ("Clearing the roadblocks | Lavrov and …").
 * The title part must be short (2–6 words), the subtitle longer than the title and sentence-like; rules 2
 * and 3 apply only to lines of 12 words or more.
 */
export function splitTitleLine(line: string, otherLines: readonly string[] = []): TitleSplit | undefined {
  const text = collapseSpaces(line);
  const ws = words(text);
  const at = (k: number): TitleSplit => ({
    title: ws.slice(0, k).join(' '),
    subtitle: ws.slice(k).join(' '),
  });

  let best = 0;
  for (const other of otherLines) {
    if (!other.trimStart().startsWith(ws[0]!)) continue;
    const prefix = collapseSpaces(other).split(/\s+[|—–·]\s+|\s+-\s+/u)[0]!;
    const k = words(prefix).length;
    const rest = ws[k];
    const opensSentence = rest !== undefined && initial(rest) !== 'other';
    if (k >= 2 && k > best && ws.length - k >= 3 && opensSentence && text.startsWith(`${prefix} `)) best = k;
  }
  if (best) return at(best);

  // Without such evidence only a long line splits (an ordinary headline has fewer words), and never
  // after a comma in the title part ("Alaskan halibut, caught by a century-old | Seattle boat …").
  if (ws.length < 12 || initial(ws[0]!) === 'lower') return undefined;
  const fits = (k: number) =>
    k >= 2 && k <= 6 && ws.length - k >= 6 && ws.length - k > k && !ws.slice(0, k).some((w) => /,$/.test(w));
  const sentenceLike = (k: number) => ws.slice(k + 1, k + 7).some((w) => initial(w) === 'lower');
  const sentenceCaseTitle = (k: number) => ws.slice(1, k).some((w) => initial(w) === 'lower');

  for (let k = 2; k < ws.length; k++) {
    const prev = ws[k - 1]!;
    if (
      fits(k) &&
      SENTENCE_STARTERS.has(ws[k]!) &&
      /[\p{L}\p{N}"”’»)]$/u.test(prev) &&
      sentenceCaseTitle(k)
    ) {
      if (sentenceLike(k)) return at(k);
    }
  }
  for (let k = 2; k < ws.length; k++) {
    const prev = ws[k - 1]!;
    if (!fits(k) || initial(ws[k]!) !== 'upper' || initial(prev) !== 'lower' || !bare(prev)) continue;
    if (FUNCTION_WORDS.has(prev.toLowerCase())) continue;
    if (sentenceLike(k)) return at(k);
  }
  return undefined;
}
