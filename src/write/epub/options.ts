/** Options of the EPUB writer, validated at the boundary (CLI, HTTP). */
import { z } from 'zod';
import { LangTag } from '../../model/schema.js';

export const EpubOptions = z
  .object({
    cover: z
      .enum(['generated', 'none'])
      .optional()
      .meta({ description: 'A cover picture made from the title, subtitle and source (default), or none.' }),
    images: z
      .enum(['epub', 'print'])
      .optional()
      .meta({ description: 'Picture size: screen (default, ≤1600 px) or print (≤2000 px).' }),
  })
  .strict();
export type EpubOptions = z.output<typeof EpubOptions>;

/** Options of a book made of several articles: the EPUB options plus the book's own title and language. */
export const AnthologyOptions = EpubOptions.extend({
  title: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .optional()
    .meta({ description: 'Book title (default: a localised "Articles").' }),
  subtitle: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .optional()
    .meta({ description: 'Book subtitle, on the cover.' }),
  lang: LangTag.optional().meta({
    description: "The book's main language (default: the language most of its articles are in).",
  }),
}).strict();
export type AnthologyOptions = z.output<typeof AnthologyOptions>;
