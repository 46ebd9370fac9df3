/**
 * Accessibility metadata (schema.org terms in the package document, EPUB Accessibility 1.1) computed from
 * facts about the book that was actually built, never asserted blindly: `alternativeText` and
 * `accessModeSufficient: textual` only when every picture in the book has a text alternative (or is marked
 * decorative), and `dcterms:conformsTo` only when every check below passes.
 */
import type { Article, Figure } from '../../model/schema.js';
import { walkBlocks } from '../../model/walk.js';

export const CONFORMS_TO = 'EPUB Accessibility 1.1 - WCAG 2.2 Level AA';

/** The pictures of the book's content (the cover not included). */
export interface ImageFacts {
  /** Pictures in the book. */
  total: number;
  /** Marked decorative (`alt=""`, skipped by assistive technology). */
  decorative: number;
  /** With a real text alternative. */
  described: number;
  /** With no text alternative, or only the honest "no description available" placeholder. */
  undescribed: number;
  /** With a long description beside them. */
  longDescriptions: number;
}

export interface BookFacts {
  images: ImageFacts;
  /** A cover picture with a text alternative. */
  cover: boolean;
  /** The language of each chapter (`und` when it could not be determined). */
  chapterLanguages: string[];
  /** Table-of-contents entries below the chapter titles (section headings). */
  headings: number;
}

export interface AccessibilityMetadata {
  accessModes: string[];
  accessModeSufficient: string[];
  features: string[];
  hazards: string[];
  /** In English (`summaryLang`), written from the facts. */
  summary: string;
  summaryLang: 'en';
  /** Present only when every check passed. */
  conformsTo?: string;
  /** The checks that failed, in words (empty when the book conforms). */
  failedChecks: string[];
}

export function emptyImageFacts(): ImageFacts {
  return { total: 0, decorative: 0, described: 0, undescribed: 0, longDescriptions: 0 };
}

/** Adds the pictures of `article` that are in the book (`inBook` says which figures got one). */
export function countImages(facts: ImageFacts, article: Article, inBook: (figure: Figure) => boolean): void {
  for (const block of walkBlocks(article.blocks)) {
    if (block.type !== 'figure' || !inBook(block)) continue;
    facts.total++;
    if (block.decorative) facts.decorative++;
    else if (block.alt.trim() && block.altSource !== 'missing') facts.described++;
    else facts.undescribed++;
    if (!block.decorative && block.longDescription?.trim()) facts.longDescriptions++;
  }
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function accessibilityMetadata(facts: BookFacts): AccessibilityMetadata {
  const { images } = facts;
  const anyImage = images.total > 0 || facts.cover;
  const allDescribed = images.undescribed === 0;

  const failedChecks: string[] = [];
  if (!allDescribed) {
    failedChecks.push(
      `${plural(images.undescribed, 'picture has', 'pictures have')} no text alternative (WCAG 1.1.1)`,
    );
  }
  const unknown = facts.chapterLanguages.filter((l) => l.toLowerCase() === 'und').length;
  if (unknown > 0 || facts.chapterLanguages.length === 0) {
    failedChecks.push(
      `the language of ${plural(unknown, 'chapter', 'chapters')} could not be determined (WCAG 3.1.1)`,
    );
  }

  const features = [
    'structuralNavigation',
    'tableOfContents',
    'readingOrder',
    'displayTransformability',
    'ARIA',
  ];
  if (anyImage && allDescribed) features.push('alternativeText');
  if (images.longDescriptions > 0) features.push('longDescription');

  const sentences: string[] = [];
  const conforms = failedChecks.length === 0;
  if (conforms) sentences.push('This publication meets EPUB Accessibility 1.1 at WCAG 2.2 Level AA.');
  sentences.push(
    `It has a table of contents${facts.headings > 0 ? ' that includes the section headings' : ''}, a landmarks navigation and a reading order that follows the original text; the language of every chapter is declared${unknown ? ' where it is known' : ''}.`,
  );
  if (images.total > 0) {
    const described = images.described + images.decorative;
    sentences.push(
      allDescribed
        ? `${images.total === 1 ? 'The picture has a text alternative' : `All ${images.total} pictures have text alternatives`}${images.decorative ? ` (${plural(images.decorative, 'decorative picture is', 'decorative pictures are')} marked to be skipped)` : ''}.`
        : `${plural(images.undescribed, 'of the pictures has', 'of the pictures have')} no text alternative; ${described} of ${images.total} ${images.total === 1 ? 'has one' : 'have one'}.`,
    );
  } else {
    sentences.push('The text has no pictures.');
  }
  if (images.longDescriptions > 0) {
    sentences.push(`${plural(images.longDescriptions, 'picture has', 'pictures have')} a long description.`);
  }
  if (facts.cover) sentences.push('The cover picture has a text alternative.');
  sentences.push('There are no flashing, motion or sound hazards.');
  if (!conforms) sentences.push(`It does not claim conformance because ${failedChecks.join(' and ')}.`);

  return {
    accessModes: anyImage ? ['textual', 'visual'] : ['textual'],
    accessModeSufficient: anyImage
      ? allDescribed
        ? ['textual', 'textual,visual']
        : ['textual,visual']
      : ['textual'],
    features,
    hazards: ['none'],
    summary: sentences.join(' '),
    summaryLang: 'en',
    ...(conforms ? { conformsTo: CONFORMS_TO } : {}),
    failedChecks,
  };
}
