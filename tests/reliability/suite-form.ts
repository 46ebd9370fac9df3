/**
 * Short or long form of the reliability suites of this folder (fuzz, SSRF, renderer isolation, archives):
 * `READOUT_LONG=1` selects the long form. Figures of each run are written as JSON under the OS temp folder
 * (`readout-reliability/<suite>.json`) and printed, for docs/RELIABILITY.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const LONG = process.env.READOUT_LONG === '1';

/** The short-form value, or the long-form one under READOUT_LONG=1. */
export function scaled<T>(short: T, long: T): T {
  return LONG ? long : short;
}

export const FIGURES_DIR = join(tmpdir(), 'readout-reliability');

/** Records a suite's figures (merged into its JSON file) and prints them on one line. */
export function recordFigures(suite: string, figures: Record<string, unknown>): string {
  mkdirSync(FIGURES_DIR, { recursive: true });
  const file = join(FIGURES_DIR, `${suite}.json`);
  const body = { suite, form: LONG ? 'long' : 'short', at: new Date().toISOString(), ...figures };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  console.log(`[reliability] ${suite}: ${JSON.stringify(body)}`);
  return file;
}
