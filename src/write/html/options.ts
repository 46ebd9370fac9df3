/** Options of the HTML writer, validated at the boundary (CLI, HTTP). */
import { z } from 'zod';

export const HtmlOptions = z
  .object({
    standalone: z
      .boolean()
      .optional()
      .meta({ description: 'A full document (default) or only the <article> element.' }),
    stylesheet: z
      .union([z.enum(['inline', 'none']), z.object({ href: z.string().min(1) }).strict()])
      .optional()
      .meta({ description: 'The screen stylesheet: inlined (default), left out, or linked.' }),
    images: z
      .enum(['epub', 'print'])
      .optional()
      .meta({ description: 'Embedded picture size: screen (default, ≤1600 px) or print (≤2000 px).' }),
  })
  .strict();
