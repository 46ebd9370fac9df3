/**
 * The accessibility report (`report.json`): every image with its alt text, where that text came from, its
 * credit and what is wrong with it, plus article-level findings (language not declared, skipped heading
 * levels, empty links, figures without a caption). Built from the Article and the run's Report, so it
 * states both what the output contains and what the transforms had to reject or could not do.
 */
import { z } from 'zod';
import { MAX_ALT_LENGTH, rejectAlt } from '../enrich/images/alt-text.js';
import { IMAGE_ORIGINS } from '../enrich/images/origins.js';
import { AltSource, type Article, type Block, type Inline } from '../model/schema.js';
import { inlineText, walkBlocks } from '../model/walk.js';
import type { Report, ReportMessage } from '../report.js';

export const ACCESSIBILITY_REPORT_VERSION = 1 as const;

export const ImageFlag = z.enum([
  'missing',
  'generated',
  'decorative',
  'too_long',
  'credit_only',
  'filename',
  'url',
  'generic',
  'title_repeated',
  'truncated',
  'fetch_failed',
  'unsupported',
]);
export type ImageFlag = z.infer<typeof ImageFlag>;

export const ImageEntry = z.object({
  id: z.string(),
  /** The image address (data: URIs shortened). */
  src: z.string(),
  alt: z.string(),
  altSource: AltSource,
  decorative: z.boolean(),
  credit: z.string().optional(),
  caption: z.string().optional(),
  longDescription: z.string().optional(),
  width: z.number().int().positive().optional(),
  height: z.number().int().positive().optional(),
  flags: z.array(ImageFlag),
  /** What the transforms said about this image. */
  notes: z.array(z.string()),
});
export type ImageEntry = z.infer<typeof ImageEntry>;

export const FindingCode = z.enum([
  'lang-not-declared',
  'lang-unknown',
  'heading-level-skipped',
  'empty-link',
  'figure-without-caption',
  'image-missing-alt',
  'too-many-images',
]);
export type FindingCode = z.infer<typeof FindingCode>;

export const Finding = z.object({
  code: FindingCode,
  severity: z.enum(['warning', 'info']),
  message: z.string(),
  blockId: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;

export const AccessibilityReport = z
  .object({
    kind: z.literal('readout/accessibility-report'),
    version: z.literal(ACCESSIBILITY_REPORT_VERSION),
    article: z.object({
      id: z.string(),
      title: z.string(),
      lang: z.string(),
      langSource: z.enum(['declared', 'detected']).optional(),
    }),
    summary: z.object({
      images: z.number().int().nonnegative(),
      withAlt: z.number().int().nonnegative(),
      decorative: z.number().int().nonnegative(),
      missing: z.number().int().nonnegative(),
      generated: z.number().int().nonnegative(),
      flagged: z.number().int().nonnegative(),
      findings: z.number().int().nonnegative(),
    }),
    images: z.array(ImageEntry),
    findings: z.array(Finding),
  })
  .meta({ title: 'readout accessibility report' });
export type AccessibilityReport = z.infer<typeof AccessibilityReport>;

/** Report origins that set an image flag. */
const FLAG_BY_ORIGIN: Record<string, ImageFlag> = {
  [IMAGE_ORIGINS.fetchFailed]: 'fetch_failed',
  [IMAGE_ORIGINS.unsupported]: 'unsupported',
  [IMAGE_ORIGINS.altTooLong]: 'too_long',
  [IMAGE_ORIGINS.altTruncated]: 'truncated',
  [IMAGE_ORIGINS.captionCreditOnly]: 'credit_only',
  [`${IMAGE_ORIGINS.altRejected}:credit`]: 'credit_only',
  [`${IMAGE_ORIGINS.altRejected}:filename`]: 'filename',
  [`${IMAGE_ORIGINS.altRejected}:url`]: 'url',
  [`${IMAGE_ORIGINS.altRejected}:generic`]: 'generic',
  [`${IMAGE_ORIGINS.altRejected}:title`]: 'title_repeated',
};

/** Flags for what an alt text still in the article is (an article that was not run through the transform). */
const FLAG_BY_REJECTION: Record<string, ImageFlag> = {
  credit: 'credit_only',
  filename: 'filename',
  url: 'url',
  generic: 'generic',
  title: 'title_repeated',
};

function shortSrc(src: string): string {
  if (src.startsWith('data:')) {
    const type = /^data:([^;,]*)/.exec(src)?.[1] || 'data';
    return `data:${type},… (${src.length} characters)`;
  }
  return src;
}

function* inlineRuns(runs: readonly Inline[]): Generator<Inline> {
  for (const run of runs) {
    yield run;
    if ('children' in run) yield* inlineRuns(run.children);
  }
}

function inlinesOf(block: Block): readonly Inline[] {
  if (block.type === 'heading' || block.type === 'paragraph') return block.children;
  if (block.type === 'figure') return block.caption ?? [];
  return [];
}

function imageEntry(
  block: Extract<Block, { type: 'figure' }>,
  title: string,
  notes: ReportMessage[],
): ImageEntry {
  const flags = new Set<ImageFlag>();
  if (block.altSource === 'missing' || (!block.decorative && !block.alt.trim())) flags.add('missing');
  if (block.altSource === 'generated') flags.add('generated');
  if (block.decorative) flags.add('decorative');
  if (block.alt.length > MAX_ALT_LENGTH || block.longDescription) flags.add('too_long');
  if (!block.decorative && block.altSource !== 'missing' && block.alt.trim()) {
    const reason = rejectAlt(block.alt, { title, credit: block.credit, src: block.src });
    const flag = reason ? FLAG_BY_REJECTION[reason] : undefined;
    if (flag) flags.add(flag);
  }
  for (const note of notes) {
    const flag = FLAG_BY_ORIGIN[note.origin];
    if (flag) flags.add(flag);
  }
  const caption = block.caption ? inlineText(block.caption).replace(/\s+/g, ' ').trim() : '';
  return {
    id: block.id,
    src: shortSrc(block.src),
    alt: block.alt,
    altSource: block.altSource,
    decorative: block.decorative,
    ...(block.credit ? { credit: block.credit } : {}),
    ...(caption ? { caption } : {}),
    ...(block.longDescription ? { longDescription: block.longDescription } : {}),
    ...(block.width ? { width: block.width } : {}),
    ...(block.height ? { height: block.height } : {}),
    flags: ImageFlag.options.filter((f) => flags.has(f)),
    notes: notes.map((n) => `${n.origin}: ${n.message}`),
  };
}

/** The accessibility report of an article after its transforms, with the run's report messages. */
export function buildAccessibilityReport(article: Article, report?: Report): AccessibilityReport {
  const messages = report?.messages ?? [];
  const byBlock = new Map<string, ReportMessage[]>();
  for (const m of messages) {
    if (!m.blockId || !m.origin.startsWith('images:')) continue;
    byBlock.set(m.blockId, [...(byBlock.get(m.blockId) ?? []), m]);
  }
  const images: ImageEntry[] = [];
  const findings: Finding[] = [];

  if (article.lang === 'und') {
    findings.push({
      code: 'lang-unknown',
      severity: 'warning',
      message: 'The article declares no language and none could be detected; screen readers will guess.',
    });
  } else if (article.langSource === 'detected') {
    findings.push({
      code: 'lang-not-declared',
      severity: 'warning',
      message: `The input declares no language; "${article.lang}" was detected from the text.`,
    });
  }

  let previousLevel = 1;
  for (const block of walkBlocks(article.blocks)) {
    if (block.type === 'heading') {
      if (block.level > previousLevel + 1) {
        findings.push({
          code: 'heading-level-skipped',
          severity: 'warning',
          message: `Heading level ${block.level} follows level ${previousLevel}; level ${previousLevel + 1} is skipped.`,
          blockId: block.id,
        });
      }
      previousLevel = block.level;
    }
    for (const run of inlineRuns(inlinesOf(block))) {
      if (run.type === 'link' && !inlineText(run.children).trim()) {
        findings.push({
          code: 'empty-link',
          severity: 'warning',
          message: `A link to ${shortSrc(run.href)} has no text; screen readers announce only "link".`,
          blockId: block.id,
        });
      }
    }
    if (block.type === 'figure') {
      const entry = imageEntry(block, article.title, byBlock.get(block.id) ?? []);
      images.push(entry);
      if (entry.flags.includes('missing')) {
        findings.push({
          code: 'image-missing-alt',
          severity: 'warning',
          message: 'An image has no description (alt text, caption or embedded description).',
          blockId: block.id,
        });
      }
      if (!block.decorative && !entry.caption) {
        findings.push({
          code: 'figure-without-caption',
          severity: 'info',
          message: 'A figure has no caption.',
          blockId: block.id,
        });
      }
    }
  }
  for (const m of messages) {
    if (m.origin === IMAGE_ORIGINS.tooMany)
      findings.push({ code: 'too-many-images', severity: 'warning', message: m.message });
  }

  return AccessibilityReport.parse({
    kind: 'readout/accessibility-report',
    version: ACCESSIBILITY_REPORT_VERSION,
    article: {
      id: article.id,
      title: article.title,
      lang: article.lang,
      ...(article.langSource ? { langSource: article.langSource } : {}),
    },
    summary: {
      images: images.length,
      withAlt: images.filter((i) => !i.decorative && i.altSource !== 'missing' && i.alt.trim()).length,
      decorative: images.filter((i) => i.decorative).length,
      missing: images.filter((i) => i.flags.includes('missing')).length,
      generated: images.filter((i) => i.altSource === 'generated').length,
      flagged: images.filter((i) => i.flags.some((f) => f !== 'decorative')).length,
      findings: findings.length,
    },
    images,
    findings,
  });
}

/** The JSON Schema of the report (for documentation and API clients). */
export function accessibilityReportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(AccessibilityReport, { target: 'draft-2020-12' }) as Record<string, unknown>;
}
