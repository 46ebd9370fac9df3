/**
 * Furniture that Readability keeps at the end of an article: author biographies ("Jane Doe covers the
 * White House…", "About the author"), print-edition notes ("A version of this article appears in print…")
 * and all-caps role lines ("JANE DOE IS THE NETWORK'S POLITICAL EDITOR"). Recognised by general shapes,
 * only among the last few blocks, so a biography-like sentence inside the story is never touched.
 */
import type { Block } from '../../model/schema.js';
import { blockText } from '../../model/walk.js';

/** How many blocks at the end are examined. */
const TAIL = 4;

const NAME = String.raw`(?:\p{Lu}[\p{L}'’.-]+\s+){1,3}\p{Lu}[\p{L}'’-]+`;
/** "Jane Doe covers…", "Jane Doe is a reporter…", "Jane Doe has written…" — a person described in the third person. */
const BIO = new RegExp(
  String.raw`^${NAME}\s+(?:is|was|covers|writes|reports|has (?:been|written|covered|reported)|joined|contributed|is the author of)\b`,
  'u',
);
const BIO_HEADING =
  /^(?:about the authors?|about the writers?|à propos de l['’]auteur|über (?:den|die) autor(?:in)?|об авторе|sobre el autor)\s*:?$/iu;
const PRINT_NOTE =
  /^(?:a version of this (?:article|story|review) (?:appears|appeared) in print|this (?:article|story) appeared in (?:the )?print edition|correction:?\s*$)/i;

function isAllCapsRoleLine(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return (
    letters.length >= 12 &&
    letters === letters.toUpperCase() &&
    /\b(?:IS|WAS)\b/.test(text) &&
    text.length <= 160
  );
}

function isNameOnly(text: string, authors: readonly string[]): boolean {
  return authors.some((a) => a.localeCompare(text, undefined, { sensitivity: 'accent' }) === 0);
}

/** Removes trailing biography, print-note and "About the author" blocks. */
export function dropTrailingFurniture(blocks: Block[], authorNames: readonly string[]): Block[] {
  let end = blocks.length;
  const start = Math.max(0, blocks.length - TAIL);
  // An "About the author" heading ends the article: everything from it on is the biography.
  for (let i = start; i < blocks.length; i++) {
    const b = blocks[i]!;
    if ((b.type === 'heading' || b.type === 'paragraph') && BIO_HEADING.test(blockText(b).trim())) {
      end = i;
      break;
    }
  }
  while (end > 1) {
    const b = blocks[end - 1]!;
    if (b.type !== 'paragraph' && b.type !== 'heading') break;
    const text = blockText(b).trim();
    const furniture =
      PRINT_NOTE.test(text) ||
      isAllCapsRoleLine(text) ||
      isNameOnly(text, authorNames) ||
      (BIO.test(text) && text.length <= 600 && end > blocks.length - TAIL);
    if (!furniture) break;
    end--;
  }
  return end === blocks.length ? blocks : blocks.slice(0, end);
}
