/** The project root (the folder holding package.json), from `src/` (tests, tsx) and from `dist/` alike. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
}

export const projectRoot: string = findRoot(dirname(fileURLToPath(import.meta.url)));
export const templatesDir: string = join(projectRoot, 'templates');
export const assetsDir: string = join(projectRoot, 'assets');
