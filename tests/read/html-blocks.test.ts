/** The DOM → Block[]/Inline[] converter of the html reader (Readability's content in, model out). */
import { describe, expect, it } from 'vitest';
import type { Block, Figure, Inline } from '../../src/model/schema.js';
import { blockText, inlineText } from '../../src/model/walk.js';
import { parseHtml } from '../../src/read/html/dom.js';
import { FIG_ATTR, SKIP } from '../../src/read/html/figures.js';
import { type BlockOptions, contentToBlocks } from '../../src/read/html/to-blocks.js';

function blocksOf(html: string, options: Partial<BlockOptions> = {}): Block[] {
  const doc = parseHtml(`<!doctype html><html><body><div id="root">${html}</div></body></html>`);
  return contentToBlocks(doc.getElementById('root')!, {
    base: 'https://example.org/news/',
    articleLang: 'en',
    figures: new Map(),
    title: 'The Title',
    ...options,
  });
}

function only<T extends Block['type']>(blocks: Block[], type: T): Extract<Block, { type: T }> {
  expect(blocks).toHaveLength(1);
  expect(blocks[0]!.type).toBe(type);
  return blocks[0] as Extract<Block, { type: T }>;
}

const paragraphRuns = (html: string, options?: Partial<BlockOptions>): Inline[] =>
  only(blocksOf(html, options), 'paragraph').children;

const figure = (src: string): Figure => ({
  id: '',
  type: 'figure',
  src,
  alt: '',
  altSource: 'missing',
  decorative: false,
});

describe('block structure', () => {
  it('maps paragraphs, headings (levels 2–6), separators, lists, quotes and preformatted text', () => {
    const blocks = blocksOf(`
      <h1>Section one</h1><p>First.</p><h3>Sub</h3><hr><h6>Small</h6>
      <ol start="3"><li>three</li><li><p>four</p><ul><li>nested</li></ul></li></ol>
      <blockquote><p>To be or not to be.</p><footer>— Hamlet</footer></blockquote>
      <pre class="language-js">  const a = 1;\n  const b = 2;\n</pre>`);
    expect(blocks.map((b) => (b.type === 'heading' ? `h${b.level}` : b.type))).toEqual([
      'h2',
      'paragraph',
      'h3',
      'separator',
      'h6',
      'list',
      'blockquote',
      'preformatted',
    ]);
    const list = blocks[5] as Extract<Block, { type: 'list' }>;
    expect(list).toMatchObject({ ordered: true, start: 3 });
    expect(list.items.map((i) => i.children.map((b) => b.type))).toEqual([
      ['paragraph'],
      ['paragraph', 'list'],
    ]);
    expect(blocks[6]).toMatchObject({ type: 'blockquote', attribution: '— Hamlet' });
    expect(blockText((blocks[6] as Extract<Block, { type: 'blockquote' }>).children[0]!)).toBe(
      'To be or not to be.',
    );
    expect(blocks[7]).toEqual({
      id: '',
      type: 'preformatted',
      text: '  const a = 1;\n  const b = 2;',
      language: 'js',
    });
    for (const block of blocks) expect(block.id).toBe('');
  });

  it('drops a leading heading that repeats the title', () => {
    const blocks = blocksOf('<h1>The  title</h1><p>Body text.</p>', { title: 'The Title' });
    expect(blocks.map((b) => b.type)).toEqual(['paragraph']);
  });

  it('turns loose text in containers into paragraphs', () => {
    const blocks = blocksOf('<div>Loose text <b>here</b><div>inner</div>tail</div>');
    expect(blocks.map(blockText)).toEqual(['Loose text here', 'inner', 'tail']);
  });

  it('makes one paragraph per data-table row and reads layout tables as content', () => {
    const data = blocksOf(
      '<table><tr><th>City</th><th>People</th></tr><tr><td>Oslo</td><td>700,000</td></tr></table>',
    );
    expect(data.map(blockText)).toEqual(['City – People', 'Oslo – 700,000']);
    const layout = blocksOf(
      '<table><tr><td><p>Left column text.</p></td><td><p>Right column text.</p></td></tr></table>',
    );
    expect(layout.map(blockText)).toEqual(['Left column text.', 'Right column text.']);
  });

  it('treats a short bold line as a section heading', () => {
    const blocks = blocksOf(
      '<p>Intro text.</p><p><strong>Back on the schooner</strong></p><p>More text.</p>',
    );
    expect(blocks[1]).toMatchObject({ type: 'heading', level: 2 });
    expect(blocksOf('<p><strong>This is a whole bold sentence.</strong></p>')[0]!.type).toBe('paragraph');
  });
});

describe('inline content', () => {
  it('collapses whitespace like a browser, across element boundaries', () => {
    const runs = paragraphRuns('<p>\n   Hello \t  <em> big </em>\n world   <strong>!</strong>  </p>');
    expect(inlineText(runs)).toBe('Hello big world !');
    expect(runs.map((r) => r.type)).toEqual(['text', 'emphasis', 'text', 'strong']);
  });

  it('decodes entities, keeps no-break spaces and removes soft hyphens', () => {
    expect(
      inlineText(paragraphRuns('<p>Fish &amp; chips &lt;b&gt; caf&eacute;&nbsp;noir Netan&shy;yahu</p>')),
    ).toBe('Fish & chips <b> café\u00a0noir Netanyahu');
  });

  it('maps emphasis, strong, abbr, code and line breaks', () => {
    const runs = paragraphRuns(
      '<p><i>a</i> <b>b</b> <abbr title="North Atlantic Treaty Organization">NATO</abbr> <code>x  = 1</code><br>next</p>',
    );
    expect(runs).toEqual([
      { type: 'emphasis', children: [{ type: 'text', text: 'a' }] },
      { type: 'text', text: ' ' },
      { type: 'strong', children: [{ type: 'text', text: 'b' }] },
      { type: 'text', text: ' ' },
      {
        type: 'abbr',
        title: 'North Atlantic Treaty Organization',
        children: [{ type: 'text', text: 'NATO' }],
      },
      { type: 'text', text: ' ' },
      { type: 'code', text: 'x = 1' },
      { type: 'break' },
      { type: 'text', text: 'next' },
    ]);
  });

  it('makes links absolute and keeps only http(s) and mailto targets', () => {
    const runs = paragraphRuns(
      '<p><a href="../world/story.html" title="More">rel</a> <a href="javascript:alert(1)">js</a> <a href="mailto:desk@example.org">mail</a> <a href="ftp://files.example.org/x">ftp</a></p>',
    );
    expect(runs[0]).toEqual({
      type: 'link',
      href: 'https://example.org/world/story.html',
      title: 'More',
      children: [{ type: 'text', text: 'rel' }],
    });
    expect(runs.filter((r) => r.type === 'link').map((r) => (r.type === 'link' ? r.href : ''))).toEqual([
      'https://example.org/world/story.html',
      'mailto:desk@example.org',
    ]);
    expect(inlineText(runs)).toBe('rel js mail ftp');
  });

  it('wraps text in another language in lang spans, but not a regional variant of the article language', () => {
    const runs = paragraphRuns(
      '<p>He said <span lang="fr">bonjour</span> in <span lang="en-GB">colour</span>.</p>',
    );
    expect(runs[1]).toEqual({ type: 'lang', lang: 'fr', children: [{ type: 'text', text: 'bonjour' }] });
    expect(runs.filter((r) => r.type === 'lang')).toHaveLength(1);
    const para = only(blocksOf('<p lang="de">Guten Tag.</p>'), 'paragraph');
    expect(para.children).toEqual([
      { type: 'lang', lang: 'de', children: [{ type: 'text', text: 'Guten Tag.' }] },
    ]);
  });

  it('writes <q> as plain text in the quotation marks of its language, nested quotes with the inner marks', () => {
    expect(inlineText(paragraphRuns('<p><q>Yes <q>no</q></q></p>'))).toBe('“Yes ‘no’”');
    expect(inlineText(paragraphRuns('<p><q>oui</q></p>', { articleLang: 'fr' }))).toBe('«\u202foui\u202f»');
    expect(inlineText(paragraphRuns('<p><q lang="de">ja</q></p>'))).toBe('„ja“');
  });
});

describe('what never reaches the body', () => {
  it('drops scripts, styles, frames, forms, buttons, navigation, asides and hidden elements', () => {
    const blocks = blocksOf(`<p>Kept.</p><script>var x = "script text";</script><style>p{color:red}</style>
      <iframe src="https://ads.example.net/"></iframe><form><label>Email</label><input><button>Send</button></form>
      <nav><a href="/">Home</a></nav><aside>Aside text</aside><p hidden>Hidden text</p><p style="display:none">None</p>
      <p aria-hidden="true">Aria hidden</p><noscript>Enable JavaScript</noscript>`);
    expect(blocks.map(blockText)).toEqual(['Kept.']);
  });

  it('drops share bars, ads, newsletter boxes, comment links and cross-references', () => {
    const blocks = blocksOf(`<p>Story text.</p><div class="share-bar"><a href="#">Facebook</a></div>
      <div class="ad-slot">Buy now</div><div id="newsletter-signup"><p>Get our daily email.</p></div>
      <p>Advertisement</p><p><a href="/comments">View comments</a></p><p>Sign up for our newsletter</p>
      <p>Read also: <a href="/other">Another story</a></p><p class="hidden-xs">Visible on large screens.</p>`);
    expect(blocks.map(blockText)).toEqual(['Story text.', 'Visible on large screens.']);
  });

  it('does not drop the article because its wrapper has a furniture-like class', () => {
    const text = 'A long paragraph of real article text. '.repeat(10);
    const blocks = blocksOf(
      `<div class="comment-article"><p>${text}</p><p>${text}</p></div><div class="share">Share</div>`,
    );
    expect(blocks).toHaveLength(2);
  });

  it('drops date-only lines and stray captions of media it does not show', () => {
    const blocks = blocksOf(`<ul><li><time datetime="2019-02-21">Feb. 21, 2019</time></li></ul><p>Text.</p>
      <figure><iframe src="https://video.example.org/x"></iframe><figcaption>Media caption about a video</figcaption></figure>`);
    expect(blocks.map(blockText)).toEqual(['Text.']);
  });
});

describe('figures in the body', () => {
  it('uses the figures prepared before Readability, once each, and skips images marked as furniture', () => {
    const figures = new Map([[0, figure('https://img.example.org/a.jpg')]]);
    const blocks = blocksOf(
      `<figure><img ${FIG_ATTR}="0" src="x.jpg"><figcaption>Caption handled elsewhere</figcaption></figure>
       <p>Text <img ${FIG_ATTR}="${SKIP}" src="pixel.gif"> more.</p><p><img ${FIG_ATTR}="0"></p>`,
      { figures },
    );
    expect(blocks.map((b) => (b.type === 'figure' ? b.src : blockText(b)))).toEqual([
      'https://img.example.org/a.jpg',
      'Text more.',
    ]);
  });

  it('places an image met inside a paragraph before it (no text yet) or after it', () => {
    const blocks = blocksOf(
      '<p><img src="/images/first.jpg" alt="First">Caption-like text</p><p>Running text <a href="/big.jpg"><img src="/images/second.jpg" alt="Second"></a> continues.</p>',
    );
    expect(blocks.map((b) => (b.type === 'figure' ? b.alt : b.type))).toEqual([
      'First',
      'paragraph',
      'paragraph',
      'Second',
    ]);
    expect((blocks[0] as Figure).src).toBe('https://example.org/images/first.jpg');
    expect(blockText(blocks[2]!)).toBe('Running text continues.');
  });
});
