/** Options of the PDF writer, validated at the boundary (CLI, HTTP). */
import { z } from 'zod';

export const PdfOptions = z
  .object({
    paper: z
      .enum(['a4', 'letter'])
      .default('a4')
      .meta({ description: 'Paper size: A4 (210 × 297 mm, default) or US Letter (8.5 × 11 in).' }),
    columns: z
      .union([z.literal(1), z.literal(2)])
      .default(1)
      .meta({ description: 'Text columns: 1 (default, one reading order on every page) or 2.' }),
    margins: z.number().min(10).max(40).default(20).meta({
      description:
        'Page margins in millimetres (10–40, default 20); the running header and page numbers sit in them.',
    }),
    hyphenate: z.boolean().default(true).meta({
      description:
        'Hyphenate and justify the text (soft hyphens from hyphenation patterns for the article language); false sets it ragged.',
    }),
    timeoutMs: z.number().int().min(1000).max(120_000).default(30_000).meta({
      description: 'Longest time one document may take in the browser, in milliseconds (default 30000).',
    }),
  })
  .strict();

export type PdfOptions = z.output<typeof PdfOptions>;
export type PdfOptionsInput = z.input<typeof PdfOptions>;
