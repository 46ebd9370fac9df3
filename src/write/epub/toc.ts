/** The table of contents: one entry per chapter, with the chapter's section headings nested by level. */
import type { HeadingInfo } from './sanitize.js';

export interface TocEntry {
  href: string;
  text: string;
  /** Set when the entry's language differs from the book's. */
  lang?: string;
  dir?: 'ltr' | 'rtl';
  children: TocEntry[];
  /** Position in reading order, from 1 (the NCX `playOrder`). */
  order: number;
}

/** Headings (h2–h6) nested under the nearest earlier heading of a higher level; a skipped level nests once. */
export function nestHeadings(
  headings: readonly HeadingInfo[],
  file: string,
  entryLang: (lang: string | undefined) => Pick<TocEntry, 'lang' | 'dir'>,
): TocEntry[] {
  const root: TocEntry[] = [];
  const stack: { level: number; entry: TocEntry }[] = [];
  for (const h of headings) {
    if (h.level < 2) continue;
    const entry: TocEntry = {
      href: `${file}#${h.id}`,
      text: h.text,
      ...entryLang(h.lang),
      children: [],
      order: 0,
    };
    while (stack.length && stack[stack.length - 1]!.level >= h.level) stack.pop();
    (stack.length ? stack[stack.length - 1]!.entry.children : root).push(entry);
    stack.push({ level: h.level, entry });
  }
  return root;
}

/** Numbers the entries depth first (reading order) and returns the depth of the tree. */
export function numberEntries(entries: readonly TocEntry[]): number {
  let next = 1;
  const visit = (list: readonly TocEntry[], depth: number): number => {
    let max = list.length ? depth : depth - 1;
    for (const e of list) {
      e.order = next++;
      max = Math.max(max, visit(e.children, depth + 1));
    }
    return max;
  };
  return Math.max(1, visit(entries, 1));
}
