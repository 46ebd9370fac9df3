/**
 * The output folder of each entry, derived from its name in the source: each path segment slugified
 * (`2021/05/Story One.html` → `2021/05/story-one`, a URL → its host and path), made unique by a numeric
 * suffix. Folders are given out in source order, so a re-run of the same batch gives the same folders.
 * A folder is never also the parent of another entry's folder, so no entry's files can collide.
 */
import slugify from '@sindresorhus/slugify';

function slug(text: string, max = 80): string {
  return slugify(text, { lowercase: true }).slice(0, max).replace(/-+$/, '');
}

function parseUrl(name: string): URL | undefined {
  if (!/^https?:\/\//i.test(name)) return undefined;
  try {
    return new URL(name);
  } catch {
    return undefined;
  }
}

/** The folder an entry name suggests, before de-duplication. */
export function folderFor(name: string): string {
  let parts: string[];
  const url = parseUrl(name);
  if (url) {
    parts = [url.hostname, ...url.pathname.split('/').filter(Boolean)].slice(0, 8);
    if (url.search) parts.push(url.search);
  } else {
    parts = name.split(/[/\\]/).filter(Boolean);
    const last = parts.at(-1);
    // Drop a file extension (a JSONL line name `feed.jsonl:7` keeps it: `feed-jsonl-7`).
    if (last !== undefined) parts[parts.length - 1] = last.replace(/\.[A-Za-z0-9]{1,10}$/, '');
  }
  const slugs = parts.map((p) => slug(p)).filter(Boolean);
  return slugs.length ? slugs.join('/') : 'entry';
}

export class FolderNamer {
  readonly #used = new Set<string>();
  /** Every ancestor of a used folder. */
  readonly #parents = new Set<string>();

  /** The segment to change so the folder stops clashing, or -1 when it does not clash. */
  #clashAt(parts: readonly string[]): number {
    for (let i = 1; i < parts.length; i++) if (this.#used.has(parts.slice(0, i).join('/'))) return i - 1;
    const folder = parts.join('/');
    return this.#used.has(folder) || this.#parents.has(folder) ? parts.length - 1 : -1;
  }

  /** A unique folder for the next entry (call in source order). */
  next(name: string): string {
    const base = folderFor(name).split('/');
    const parts = [...base];
    const tries = new Map<number, number>();
    for (let at = this.#clashAt(parts); at >= 0; at = this.#clashAt(parts)) {
      const n = (tries.get(at) ?? 1) + 1;
      tries.set(at, n);
      parts[at] = `${base[at]}-${n}`;
    }
    const folder = parts.join('/');
    this.#used.add(folder);
    for (let i = 1; i < parts.length; i++) this.#parents.add(parts.slice(0, i).join('/'));
    return folder;
  }
}
