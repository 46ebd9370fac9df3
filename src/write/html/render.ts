/** Renders an Article to semantic HTML5 (also well-formed XML, so the EPUB writer can reuse it). */
import { InputError } from '../../errors.js';
import type { Article } from '../../model/schema.js';
import { classifyUrl } from '../../model/urls.js';
import type { Report } from '../../report.js';
import { articleStylesheet, htmlEnvironment } from './environment.js';
import { type ArticleView, articleView, type ImageSource } from './view.js';

export interface HtmlWriterOptions {
  /** A full document (`<!DOCTYPE html>…`) when true (the default); only the `<article>` element when false. */
  standalone?: boolean;
  /** The screen stylesheet inlined in `<style>` (default), left out, or linked. Ignored for fragments. */
  stylesheet?: 'inline' | 'none' | { href: string };
  /** Which stored picture to embed: screen/EPUB size (default) or print size. */
  images?: 'epub' | 'print';
  /**
   * For the PDF writer (not a user option): print markup (link addresses as numbered notes, tagging
   * hints for Chromium), this stylesheet instead of the screen one, and a CSP that admits only
   * data: images and fonts.
   */
  print?: { css: string };
}

// Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/FFFF) and C1 controls:
// they carry nothing readable and would make the output unusable as XHTML.
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters being removed
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const PRINT_CSS_SLOT = '/*readout:print-css*/';

/** The CSP source that admits a linked stylesheet: its origin, its host (`//host/…`) or 'self'. */
function stylesheetSource(href: string): string {
  const found = classifyUrl(href);
  try {
    if (found?.kind === 'http') return new URL(found.url).origin;
    if (found?.kind === 'relative')
      return found.url.startsWith('//') ? new URL(`https:${found.url}`).host : "'self'";
  } catch {
    // an unparsable URL: refused below
  }
  throw new InputError(
    'input/bad-stylesheet',
    `Stylesheet href "${href}" must be an http(s) URL or a relative path.`,
  );
}

/** No scripts, no fetches but images and styles. */
function contentSecurityPolicy(
  view: ArticleView,
  stylesheet: HtmlWriterOptions['stylesheet'] | 'print',
): string {
  if (stylesheet === 'print')
    return "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'";
  const img = ['data:', 'https:', 'http:', ...(view.hasRelativeImages ? ["'self'"] : [])];
  const style = [
    "'unsafe-inline'",
    ...(typeof stylesheet === 'object' ? [stylesheetSource(stylesheet.href)] : []),
  ];
  return `default-src 'none'; img-src ${img.join(' ')}; style-src ${style.join(' ')}`;
}

/** The HTML text of `article`; problems that do not stop rendering (unsafe links, duplicate ids…) go to `report`. */
export function renderHtml(
  article: Article,
  options: HtmlWriterOptions,
  report: Report,
  imageSource?: ImageSource,
): string {
  return renderHtmlView(article, options, report, imageSource).html;
}

/** As renderHtml, with the view the text was rendered from (the PDF writer reads its headings). */
export function renderHtmlView(
  article: Article,
  options: HtmlWriterOptions,
  report: Report,
  imageSource?: ImageSource,
): { html: string; view: ArticleView } {
  const view = articleView(article, report, imageSource, { print: options.print !== undefined });
  const env = htmlEnvironment();
  let html: string;
  if (options.standalone === false) {
    html = env.render('article.njk', { a: view });
  } else if (options.print) {
    // The print stylesheet (fonts included, ~100 KB) is our own text: put in after the XML clean-up below.
    html = env.render('document.njk', {
      a: view,
      csp: contentSecurityPolicy(view, 'print'),
      css: PRINT_CSS_SLOT,
      stylesheetHref: '',
    });
  } else {
    const stylesheet = options.stylesheet ?? 'inline';
    html = env.render('document.njk', {
      a: view,
      csp: contentSecurityPolicy(view, stylesheet),
      css: stylesheet === 'inline' ? articleStylesheet() : '',
      stylesheetHref: typeof stylesheet === 'object' ? stylesheet.href : '',
    });
  }
  html = html.replace(NOT_XML, '');
  if (options.print && options.standalone !== false) {
    const css = options.print.css;
    html = html.replace(PRINT_CSS_SLOT, () => css);
  }
  return { html, view };
}
