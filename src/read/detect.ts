/**
 * Guesses the format of an input from its name and its first characters. Only a guess: `--format`
 * (CLI) and the request field name (HTTP) override it.
 */
import type { InputFormat } from './types.js';

const BY_EXTENSION: Record<string, InputFormat> = {
  json: 'json',
  md: 'markdown',
  markdown: 'markdown',
  mdown: 'markdown',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  txt: 'text',
  text: 'text',
};

export function formatFromName(name: string | undefined): InputFormat | undefined {
  if (!name || /^https?:\/\//i.test(name)) return undefined;
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  return ext ? BY_EXTENSION[ext] : undefined;
}

/** Markdown signals: each a line-anchored pattern that plain page dumps rarely contain. */
const MARKDOWN_SIGNALS = [
  /^---\r?\n[\s\S]*?\r?\n---\r?\n/, // front matter
  /^#{1,6}\s+\S/m, // ATX heading
  /^\s{0,3}(```|~~~)/m, // fenced code
  /\[[^\]\n]+\]\([^)\s]+(\s+"[^"]*")?\)/, // [link](url)
  /!\[[^\]\n]*\]\([^)\s]+/, // ![image](url)
  /^\s{0,3}[-*+]\s+\S/m, // bullet list
  /(\*\*|__)[^*_\n]+\1/, // strong
  /^\s{0,3}>\s?\S/m, // block quote
  /^.+\n(=+|-+)\s*$/m, // setext heading
];

export function formatFromContent(text: string): InputFormat {
  const head = text.slice(0, 8192).trimStart();
  if (/^https?:\/\/\S+$/i.test(text.trim())) return 'url';
  if (head.startsWith('{')) return 'json';
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<!doctype\s+html/i.test(head) || /^<html[\s>]/i.test(head))
    return 'html';
  const tags =
    head.match(/<\/?(p|div|article|body|head|span|a|h[1-6]|section|figure|img|br)\b[^>]*>/gi)?.length ?? 0;
  if (tags >= 3 && /^</.test(head)) return 'html';
  const signals = MARKDOWN_SIGNALS.filter((re) => re.test(head)).length;
  if (signals >= 2 || (signals === 1 && /^---\r?\n/.test(head))) return 'markdown';
  return 'text';
}

export function detectFormat(text: string, name?: string): InputFormat {
  return formatFromName(name) ?? formatFromContent(text);
}
