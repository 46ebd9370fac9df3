/**
 * Text runs that carry their offsets in the original input. Whitespace is collapsed by ending a run
 * at the collapsed place, so `input.slice(run.source.start, run.source.end) === run.text` holds for
 * every run that has a source; the only runs without one are single ' ' joiners standing for a line
 * break or tab that the input spells differently.
 */
import type { TextRun } from '../../model/schema.js';
import { keepsVerbatim } from './lines.js';

function run(input: string, start: number, end: number): TextRun {
  return { type: 'text', text: input.slice(start, end), source: { start, end } };
}

/** Runs for the input span [start, end) (which must not begin or end with whitespace). */
export function runsFromSpan(input: string, start: number, end: number): TextRun[] {
  const runs: TextRun[] = [];
  const spaces = /\s+/g;
  spaces.lastIndex = start;
  let runStart = start;
  for (let m = spaces.exec(input); m && m.index < end; m = spaces.exec(input)) {
    const from = m.index;
    const to = Math.min(from + m[0].length, end);
    const stretch = input.slice(from, to);
    if (keepsVerbatim(stretch)) continue;
    if (stretch[0] === ' ') {
      // Keep the first (plain) space in the run before; skip the rest.
      runs.push(run(input, runStart, from + 1));
      runStart = to;
    } else if (stretch[stretch.length - 1] === ' ') {
      runs.push(run(input, runStart, from));
      runStart = to - 1;
    } else {
      runs.push(run(input, runStart, from), { type: 'text', text: ' ' });
      runStart = to;
    }
  }
  if (runStart < end) runs.push(run(input, runStart, end));
  return runs.filter((r) => r.text !== '');
}
