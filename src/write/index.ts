/**
 * The writer registry (pandoc's Writers.hs): output format name → writer. The CLI, HTTP API and
 * OpenAPI list formats from this table only.
 */
import type { z } from 'zod';
import type { Ctx } from '../context.js';
import { InputError, UnsupportedError } from '../errors.js';
import type { Article } from '../model/schema.js';
import { AudioOptions, VttOptions, writeAudio, writeVtt } from './audio/index.js';
import { writeEpub } from './epub/index.js';
import { EpubOptions } from './epub/options.js';
import { EpubAudioOptions, writeEpubAudio } from './epub-audio/index.js';
import { writeHtml } from './html/index.js';
import { HtmlOptions } from './html/options.js';
import { PdfOptions, writePdf } from './pdf/index.js';
import { writeSsml } from './ssml/index.js';
import { SsmlOptions } from './ssml/options.js';
import type { WriterOutput } from './types.js';

/** Formats this version can write. */
export const OUTPUT_FORMATS = ['html', 'pdf', 'epub', 'ssml', 'audio', 'vtt', 'epub-audio'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

interface RegisteredWriter<S extends z.ZodType> {
  /** The writer's own options, validated before anything is read. */
  options: S;
  write: (article: Article, options: z.output<S>, ctx: Ctx) => Promise<WriterOutput>;
}

function register<S extends z.ZodType>(w: RegisteredWriter<S>): RegisteredWriter<S> {
  return w;
}

export const writers = {
  html: register({ options: HtmlOptions, write: writeHtml }),
  ssml: register({ options: SsmlOptions, write: writeSsml }),
  epub: register({ options: EpubOptions, write: writeEpub }),
  audio: register({ options: AudioOptions, write: writeAudio }),
  vtt: register({ options: VttOptions, write: writeVtt }),
  'epub-audio': register({ options: EpubAudioOptions, write: writeEpubAudio }),
  pdf: register({ options: PdfOptions, write: (article, options, ctx) => writePdf(article, options, ctx) }),
} satisfies Record<OutputFormat, RegisteredWriter<z.ZodType>>;

/** Checks a format's options; an error names the format and every wrong option. */
export function parseWriterOptions(format: OutputFormat, options: unknown = {}): Record<string, unknown> {
  const parsed = writers[format].options.safeParse(options ?? {});
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({
      path: [format, ...i.path].join('.'),
      message: i.message,
    }));
    throw new InputError(
      'request/options',
      `Invalid ${format} options: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
      details,
    );
  }
  return parsed.data as Record<string, unknown>;
}

function runWith<S extends z.ZodType>(
  writer: RegisteredWriter<S>,
  article: Article,
  options: Record<string, unknown>,
  ctx: Ctx,
): Promise<WriterOutput> {
  return writer.write(article, writer.options.parse(options), ctx);
}

/** Runs one writer with options already checked by parseWriterOptions. */
export function runWriter(
  format: OutputFormat,
  article: Article,
  options: Record<string, unknown>,
  ctx: Ctx,
): Promise<WriterOutput> {
  // Each entry of `writers` pairs a writer with its own options schema (checked by `register`).
  return runWith(writers[format] as RegisteredWriter<z.ZodType>, article, options, ctx);
}

export function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}

/** Checks a list of requested formats, refusing unknown ones by name. */
export function parseOutputFormats(requested: readonly string[]): OutputFormat[] {
  if (requested.length === 0) {
    throw new UnsupportedError(
      'output/no-format',
      `No output format given; available: ${OUTPUT_FORMATS.join(', ')}.`,
    );
  }
  const out: OutputFormat[] = [];
  for (const raw of requested) {
    const name = raw.trim().toLowerCase();
    if (isOutputFormat(name)) {
      if (!out.includes(name)) out.push(name);
    } else {
      throw new UnsupportedError(
        'output/unknown-format',
        `Unknown output format "${raw}"; available: ${OUTPUT_FORMATS.join(', ')}.`,
      );
    }
  }
  return out;
}
