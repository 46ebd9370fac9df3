/**
 * Benchmark fixture only: renders an Article as Markdown so the Markdown reader can be measured on the
 * corpus articles. Not a product writer (it drops quotes' speakers, abbreviations and language spans).
 */
import type { Article, Block, Inline } from '../src/model/schema.js';

function inline(runs: readonly Inline[]): string {
  return runs
    .map((r) => {
      switch (r.type) {
        case 'text':
          return r.text.replace(/([*_`[\]])/g, '\\$1');
        case 'code':
          return `\`${r.text}\``;
        case 'break':
          return '  \n';
        case 'emphasis':
          return `*${inline(r.children)}*`;
        case 'strong':
          return `**${inline(r.children)}**`;
        case 'link':
          return `[${inline(r.children)}](${r.href})`;
        default:
          return inline(r.children);
      }
    })
    .join('');
}

function block(b: Block): string {
  switch (b.type) {
    case 'heading':
      return `${'#'.repeat(b.level)} ${inline(b.children)}`;
    case 'paragraph':
      return inline(b.children);
    case 'figure':
      return `![${b.alt}](${b.src || 'about:blank'}${b.caption ? ` "${inline(b.caption).replace(/"/g, "'")}"` : ''})`;
    case 'blockquote':
      return b.children.map((c) => block(c).replace(/^/gm, '> ')).join('\n>\n');
    case 'list':
      return b.items
        .map((item, i) => `${b.ordered ? `${i + 1}.` : '-'} ${item.children.map(block).join(' ')}`)
        .join('\n');
    case 'preformatted':
      return `\`\`\`\n${b.text}\n\`\`\``;
    case 'separator':
      return '---';
  }
}

export function articleToMarkdown(a: Article): string {
  const front = [`title: ${JSON.stringify(a.title)}`, `lang: ${a.lang}`];
  if (a.authors.length) front.push(`authors: ${JSON.stringify(a.authors.map((p) => p.name))}`);
  return `---\n${front.join('\n')}\n---\n\n${a.blocks.map(block).join('\n\n')}\n`;
}
