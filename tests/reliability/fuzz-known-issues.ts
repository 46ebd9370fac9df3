/**
 * Failures the fuzzer found that are reported to the owners of the code and not fixed yet. A matching
 * outcome is counted (figure `knownIssues`) instead of failing the property, so the fuzzer keeps looking
 * for new failures; each issue also has a minimised regression in fuzz-regressions.ts that is expected to
 * fail until it is fixed (then delete the entry here and the `openIssue` mark there).
 */
import type { HarnessOutcome } from './fuzz-harness.js';
import type { FuzzCase } from './fuzz-pipeline.js';

export interface KnownIssue {
  id: string;
  /** What is wrong and who owns the fix. */
  summary: string;
  matches(outcome: HarnessOutcome, input: FuzzCase): boolean;
}

/**
 * Fixed so far (their regressions are in fuzz-regressions.ts): epub-xml-chars, ssml-deep-nesting,
 * epub-cover-long-title, markdown-staircase, html-untitled-list (8c19e90), html-deep-nesting (ed0ab3d) and
 * ssml-deep-inline (inline elements nested past 8 are unwrapped by finalizeArticle).
 */
export const KNOWN_ISSUES: KnownIssue[] = [];

export function knownIssue(outcome: HarnessOutcome, input: FuzzCase): KnownIssue | undefined {
  return KNOWN_ISSUES.find((issue) => issue.matches(outcome, input));
}
