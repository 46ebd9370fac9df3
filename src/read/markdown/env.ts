/** What the Markdown block and inline converters share while reading one document. */
import type { Definition, FootnoteDefinition } from 'mdast';
import type { Report } from '../../report.js';
import type { HtmlParser } from './raw-html.js';

export interface MarkdownEnv {
  /** Link and image reference definitions by (normalised) identifier. */
  definitions: Map<string, Definition>;
  /** Present when the document contains raw HTML. */
  html: HtmlParser | undefined;
  /** Base URL for relative links and images; without one they stay as written. */
  baseUrl: string | undefined;
  report: Report;
  /** GFM footnote definitions met so far, appended at the end of the article. */
  footnotes: FootnoteDefinition[];
}
