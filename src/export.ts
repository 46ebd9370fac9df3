/**
 * `exportArticle`: the single entry used by the CLI, the HTTP routes and (later) the batch workers.
 * read → enrich → write each requested format. Same input + options + version ⇒ same output.
 */
import { createHash } from 'node:crypto';
import type { Ctx } from './context.js';
import { enrich } from './enrich/pipeline.js';
import { RenderError, throwIfCancelled } from './errors.js';
import type { Article } from './model/schema.js';
import { articleSlug } from './read/finalize.js';
import { type ArticleInput, type InputFormat, readArticle } from './read/index.js';
import { type AccessibilityReport, buildAccessibilityReport } from './report/accessibility.js';
import type { ReportMessage } from './report.js';
import { type OutputFormat, parseOutputFormats, parseWriterOptions, runWriter } from './write/index.js';

export interface ExportRequest {
  input: ArticleInput;
  /** Output format names; checked before the input is read. */
  formats: readonly string[];
  /** Writer options by format. */
  options?: Partial<Record<OutputFormat, Record<string, unknown>>>;
}

export interface ExportedFile {
  format: OutputFormat;
  /** File name: the article slug plus the format's extension, or a writer's relative path (`ssml/polly/part-001.ssml`). */
  name: string;
  mediaType: string;
  bytes: Uint8Array;
  size: number;
  sha256: string;
}

export interface ExportResult {
  article: Article;
  inputFormat: InputFormat;
  files: ExportedFile[];
  warnings: ReportMessage[];
  /** The accessibility report (`report.json`): every image's alt and its source, and article findings. */
  accessibility: AccessibilityReport;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function exported(format: OutputFormat, name: string, mediaType: string, bytes: Uint8Array): ExportedFile {
  return { format, name, mediaType, bytes, size: bytes.byteLength, sha256: sha256(bytes) };
}

/** A writer's relative path, refused if it could escape the output folder. */
export function safeRelativePath(path: string): string {
  const parts = path.split('/');
  if (
    !path ||
    path.startsWith('/') ||
    parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\'))
  ) {
    throw new RenderError(
      'internal/bad-output-path',
      `A writer produced an unsafe file path: ${JSON.stringify(path)}.`,
    );
  }
  return path;
}

/** Reads and enriches one input without writing anything (`readout report`, `readout analyze`). */
export async function prepareArticle(
  input: ArticleInput,
  ctx: Ctx,
): Promise<{ article: Article; inputFormat: InputFormat; text: string }> {
  const { article, format, text } = await readArticle(input, ctx);
  throwIfCancelled(ctx.signal);
  const enriched = await enrich(article, ctx);
  throwIfCancelled(ctx.signal);
  return { article: enriched, inputFormat: format, text };
}

export async function exportArticle(request: ExportRequest, ctx: Ctx): Promise<ExportResult> {
  const formats = parseOutputFormats(request.formats);
  const options = new Map(formats.map((f) => [f, parseWriterOptions(f, request.options?.[f])]));
  throwIfCancelled(ctx.signal);
  const { article, inputFormat } = await prepareArticle(request.input, ctx);
  const slug = articleSlug(article.title);
  const files: ExportedFile[] = [];
  for (const format of formats) {
    throwIfCancelled(ctx.signal);
    const output = await runWriter(format, article, options.get(format) ?? {}, ctx);
    files.push(exported(format, `${slug}.${output.extension}`, output.mediaType, output.bytes));
    for (const extra of output.extraFiles ?? []) {
      files.push(exported(format, safeRelativePath(extra.path), extra.mediaType, extra.bytes));
    }
  }
  return {
    article,
    inputFormat,
    files,
    warnings: ctx.report.messages,
    accessibility: buildAccessibilityReport(article, ctx.report),
  };
}

/** The manifest written next to exported files (`manifest.json`). */
export function manifestFor(result: ExportResult, inputName: string | undefined, version: string) {
  return {
    readout: version,
    input: { name: inputName ?? null, format: result.inputFormat },
    article: { id: result.article.id, title: result.article.title, lang: result.article.lang },
    files: result.files.map((f) => ({
      format: f.format,
      name: f.name,
      mediaType: f.mediaType,
      bytes: f.size,
      sha256: f.sha256,
    })),
    warnings: result.warnings,
    accessibilityReport: 'report.json',
  };
}
