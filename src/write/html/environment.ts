/**
 * The Nunjucks environment for `templates/html/`, configured once: autoescaping on, undefined
 * output is an error, templates compiled on first use and cached for the life of the process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { RenderError } from '../../errors.js';

/**
 * The folder holding `templates/html/`, found by walking up from this module: the code runs from
 * `src/` (vitest, tsx) and from `dist/src/` (after tsc), so no fixed relative path fits both.
 */
export function htmlTemplatesDir(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const candidate = join(dir, 'templates', 'html');
    if (existsSync(join(dir, 'package.json')) && existsSync(join(candidate, 'document.njk')))
      return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new RenderError(
        'internal/templates-missing',
        'Cannot find templates/html/ above the readout modules.',
      );
    }
    dir = parent;
  }
}

let environment: nunjucks.Environment | undefined;
let stylesheet: string | undefined;

export function htmlEnvironment(): nunjucks.Environment {
  environment ??= new nunjucks.Environment(
    new nunjucks.FileSystemLoader(htmlTemplatesDir(), { noCache: false }),
    {
      autoescape: true,
      throwOnUndefined: true,
      trimBlocks: true,
      lstripBlocks: true,
    },
  );
  return environment;
}

/** The screen stylesheet `templates/html/article.css` (read once). */
export function articleStylesheet(): string {
  stylesheet ??= readFileSync(join(htmlTemplatesDir(), 'article.css'), 'utf8');
  return stylesheet;
}
