/**
 * The PDF writer on fuzz inputs: Chromium is slow, so only a handful of generated cases (short form: 5;
 * long form: 100; READOUT_FUZZ_PDF_INPUTS overrides) go through the whole chain with a PDF too. Same rules as fuzz.test.ts: a caller error or
 * a PDF, never a crash; the other writers' XML stays well-formed. Runs in this thread (the PDF pool is
 * process-wide), with a time box per case.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { closePdfPool } from '../../src/write/pdf/index.js';
import { describeFailure, type HarnessOutcome } from './fuzz-harness.js';
import { htmlInput, jsonInput, markdownInput, textInput } from './fuzz-inputs.js';
import { knownIssue } from './fuzz-known-issues.js';
import { type FuzzCase, runCase } from './fuzz-pipeline.js';
import { recordFigures, scaled } from './suite-form.js';

const COUNT = Number(process.env.READOUT_FUZZ_PDF_INPUTS ?? scaled(5, 100));
const CASE_TIMEOUT_MS = 120_000;
const statuses: Record<string, number> = {};
const known: string[] = [];

afterAll(async () => {
  await closePdfPool();
  recordFigures('fuzz-pdf', { inputs: COUNT, statuses, knownIssues: known });
});

async function withinTimeBox(c: FuzzCase): Promise<HarnessOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<HarnessOutcome>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 'hang', stage: 'pdf', ms: CASE_TIMEOUT_MS, saved: '' }),
      CASE_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([runCase({ ...c, pdf: true, ssmlEngines: ['w3c'] }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

describe(`fuzz inputs printed to PDF (${COUNT})`, () => {
  it(
    'never crash, hang or give a broken PDF',
    async () => {
      const cases = fc.sample(fc.oneof(textInput, htmlInput, markdownInput, jsonInput), {
        numRuns: COUNT,
        seed: 20_261_128,
      });
      const failures: string[] = [];
      for (const c of cases) {
        const outcome = await withinTimeBox(c);
        statuses[outcome.status] = (statuses[outcome.status] ?? 0) + 1;
        const failure = describeFailure(outcome);
        if (!failure) continue;
        const issue = knownIssue(outcome, c);
        if (issue) known.push(issue.id);
        else failures.push(`${c.family}: ${failure}`);
      }
      expect(failures).toEqual([]);
    },
    scaled(600_000, 7_200_000),
  );
});
