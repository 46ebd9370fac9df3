/** Paths into the shared corpus (`../shared` beside the project root, also in CI). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedRoot = resolve(projectRoot, '../shared');

export function sharedPath(...parts: string[]): string {
  const p = join(sharedRoot, ...parts);
  if (!existsSync(p)) {
    throw new Error(`Missing ${p}: the shared corpus must be checked out beside the project as ../shared`);
  }
  return p;
}

export function corpusText(...parts: string[]): string {
  return readFileSync(sharedPath('corpus', ...parts), 'utf8');
}

export function corpusJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(corpusText(...parts)) as T;
}

/** The names of the corpus pages (`pages/NAME/source.html`). */
export function corpusPages(): string[] {
  return readdirSync(sharedPath('corpus', 'pages')).sort();
}
