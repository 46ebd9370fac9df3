/**
 * Inputs the fuzzer once broke the chain with, minimised, replayed by fuzz.test.ts on every run.
 * Each entry says what failed; all of them were fixed in 8c19e90 and ed0ab3d. A find that is not fixed yet
 * gets `openIssue` (the id of its KNOWN_ISSUES entry) and is then expected to fail until it is.
 */
import type { FuzzCase } from './fuzz-pipeline.js';

export interface FuzzRegression {
  title: string;
  case: FuzzCase;
  /** The id of a KNOWN_ISSUES entry while the bug is open (the case is then expected to fail). */
  openIssue?: string;
  /** A time box of its own (slow-input issues: well under the inputs' actual time). */
  timeoutMs?: number;
  /** Replayed only in the long form (an open slow-input issue waits out its whole time box). */
  longOnly?: boolean;
}

export const FUZZ_REGRESSIONS: FuzzRegression[] = [
  {
    title: 'an empty text input is refused as input/empty',
    case: { family: 'regression', format: 'text', data: ' \n\t ' },
  },
  {
    title: 'a U+FFFF in a text title gives well-formed EPUB XHTML',
    case: { family: 'regression', format: 'text', data: '\uffff A\na' },
  },
  {
    title: 'a U+0001 in an HTML <title> gives well-formed EPUB XHTML',
    case: { family: 'regression', format: 'html', data: '<title>\u0001</title>a' },
  },
  {
    title: 'Markdown block quotes nested 300 deep give SSML requests for every engine',
    case: { family: 'regression', format: 'markdown', data: `${'>'.repeat(300)} deep\n` },
  },
  {
    title: 'an untitled HTML list is read or refused, never a RenderError',
    case: { family: 'regression', format: 'html', data: '<ul><li>A list item.</li></ul>' },
  },
  {
    title: 'an EPUB cover for a title of one 20,000-letter word is drawn within 5 s',
    case: {
      family: 'regression',
      format: 'text',
      data: `${'x'.repeat(20_000)}\nA first paragraph.`,
      cover: true,
    },
    timeoutMs: 5000,
  },
  {
    // Found by the fuzzer (20 s to 60 s); fixed by flattening elements nested deeper than 256 (ed0ab3d).
    title: 'HTML with 1,000 nested <div> (6 KB) is read within 5 s',
    case: {
      family: 'regression',
      format: 'html',
      data: `<title>T</title>${'<div>'.repeat(1000)}Deep text.${'</div>'.repeat(1000)}`,
    },
    timeoutMs: 5000,
  },
  {
    title: 'HTML with 500 nested <ul><li> is read or refused within 5 s, never with a RangeError',
    case: {
      family: 'regression',
      format: 'html',
      data: `<title>T</title>${'<ul><li>'.repeat(500)}Deep text.${'</ul>'.repeat(500)}`,
    },
    timeoutMs: 5000,
  },
  {
    title: 'Markdown with 500 list lines each nested one level deeper (250 KB) is refused within 5 s',
    case: {
      family: 'regression',
      format: 'markdown',
      data: Array.from({ length: 500 }, (_, i) => `${'  '.repeat(i)}- n`).join('\n'),
    },
    timeoutMs: 5000,
  },
  {
    // Found by the first full long run (seed 1319336612): a blank name became an author with an empty name.
    title: 'Markdown front matter with a blank author string is read, never an invalid article',
    case: {
      family: 'regression',
      format: 'markdown',
      data: '---\nauthors: "\\n \\f"\n---\nA first paragraph of the article.\n',
    },
  },
  {
    title: 'HTML with 138 nested <b> around one sentence gives SSML requests for every engine',
    case: {
      family: 'regression',
      format: 'html',
      data: `${'<b>'.repeat(138)}Deep text, she said.${'</b>'.repeat(138)}`,
    },
  },
];
