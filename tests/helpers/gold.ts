/**
 * Checks an Article against the `expect` section of a gold file (../shared/corpus/gold/*.json).
 * Every key is checked generically, so any reader can reuse it; an unknown key is reported rather
 * than ignored, so a new kind of expectation cannot pass silently.
 */
import { expect } from 'vitest';
import type { Article, Block, Figure } from '../../src/model/schema.js';
import { articleText, blockText, walkBlocks } from '../../src/model/walk.js';

export interface GoldFigure {
  /** Text the figure's caption contains. */
  captionContains: string;
  /** The figure's credit, exactly. */
  credit?: string;
  /** How often `captionContains` occurs in the whole body text (captions included). */
  captionOccurrences?: number;
}

export interface GoldExpect {
  lang?: string;
  titleStartsWith?: string;
  subtitleContains?: string;
  rubric?: string;
  /** The source's name. */
  source?: string;
  authors?: string[];
  translators?: string[];
  /** Every heading's text, in document order, exactly. */
  headings?: string[];
  /** Text that no block of the body (captions included) may contain. */
  notInBody?: string[];
  figures?: GoldFigure[];
  bodyParagraphsAtLeast?: number;
}

export interface GoldFile {
  input: string;
  format: string;
  expect: GoldExpect;
}

function occurrences(haystack: string, needle: string): number {
  if (!needle) return 0;
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) count++;
  return count;
}

const show = (value: unknown) => JSON.stringify(value);

type Check = (article: Article, value: never, body: string, blocks: Block[]) => string[];

const CHECKS: Record<keyof GoldExpect, Check> = {
  lang: (a, v: string) => (a.lang === v ? [] : [`lang: expected ${show(v)}, got ${show(a.lang)}`]),
  titleStartsWith: (a, v: string) =>
    a.title.startsWith(v) ? [] : [`title: expected to start with ${show(v)}, got ${show(a.title)}`],
  subtitleContains: (a, v: string) =>
    a.subtitle?.includes(v) ? [] : [`subtitle: expected to contain ${show(v)}, got ${show(a.subtitle)}`],
  rubric: (a, v: string) => (a.rubric === v ? [] : [`rubric: expected ${show(v)}, got ${show(a.rubric)}`]),
  source: (a, v: string) =>
    a.source?.name === v ? [] : [`source: expected ${show(v)}, got ${show(a.source?.name)}`],
  authors: (a, v: string[]) => {
    const got = a.authors.map((p) => p.name);
    return show(got) === show(v) ? [] : [`authors: expected ${show(v)}, got ${show(got)}`];
  },
  translators: (a, v: string[]) => {
    const got = a.translators.map((p) => p.name);
    return show(got) === show(v) ? [] : [`translators: expected ${show(v)}, got ${show(got)}`];
  },
  headings: (_a, v: string[], _body, blocks) => {
    const got = blocks.filter((b) => b.type === 'heading').map((b) => blockText(b).trim());
    return show(got) === show(v) ? [] : [`headings: expected ${show(v)}, got ${show(got)}`];
  },
  notInBody: (_a, v: string[], body) =>
    v.filter((text) => body.includes(text)).map((text) => `notInBody: the body contains ${show(text)}`),
  figures: (_a, v: GoldFigure[], body, blocks) => {
    const figures = blocks.filter((b): b is Figure => b.type === 'figure');
    return v.flatMap((want) => {
      const figure = figures.find((f) => blockText(f).includes(want.captionContains));
      if (!figure) {
        return [`figures: no figure whose caption contains ${show(want.captionContains)}`];
      }
      const problems: string[] = [];
      if (want.credit !== undefined && figure.credit !== want.credit) {
        problems.push(`figures: credit expected ${show(want.credit)}, got ${show(figure.credit)}`);
      }
      const count = occurrences(body, want.captionContains);
      if (want.captionOccurrences !== undefined && count !== want.captionOccurrences) {
        problems.push(
          `figures: caption ${show(want.captionContains)} occurs ${count} times, expected ${want.captionOccurrences}`,
        );
      }
      return problems;
    });
  },
  bodyParagraphsAtLeast: (_a, v: number, _body, blocks) => {
    const count = blocks.filter((b) => b.type === 'paragraph').length;
    return count >= v ? [] : [`bodyParagraphsAtLeast: expected at least ${v} paragraphs, got ${count}`];
  },
};

/** Every way the article differs from the gold expectations (an empty list when it matches). */
export function goldMismatches(article: Article, expected: GoldExpect): string[] {
  const body = articleText(article);
  const blocks = [...walkBlocks(article.blocks)];
  return Object.entries(expected).flatMap(([key, value]) => {
    const check = CHECKS[key as keyof GoldExpect] as ((...args: unknown[]) => string[]) | undefined;
    return check
      ? check(article, value, body, blocks)
      : [`unknown gold key ${show(key)}: teach tests/helpers/gold.ts`];
  });
}

/** Asserts (vitest) that the article meets every gold expectation. */
export function expectGold(article: Article, expected: GoldExpect): void {
  expect(goldMismatches(article, expected)).toEqual([]);
}
