/**
 * Renderer isolation: hostile input exported to html, pdf, epub and ssml through exportArticle (the entry
 * of the CLI, the API and the batch) fetches nothing, runs nothing and leaks no local file.
 *
 * - Every remote resource of the hostile page points at a loopback "attacker" server that counts requests:
 *   scripts, stylesheets, @import, remote fonts, images, frames, objects, embeds, meta refresh, <base href>,
 *   SVG with script, event handlers, `javascript:` links. It must see no request at all (the fetcher is
 *   the production one with an empty allow list, so loopback is refused; the PDF renderer has its own guard).
 * - Scripts would write a marker built at run time ("SCRIPT" + "-RAN-…"): it must appear in no output.
 * - `file://` addresses in img/iframe/object/embed/link/CSS url()/@import point at a temporary file holding
 *   a unique secret: the secret must appear in no output — the HTML, each SSML file, every file of the
 *   EPUB (unzipped), the PDF's raw bytes and its text (pdftotext).
 * The same holds for an Article JSON carrying `file:` and `javascript:` addresses straight in the model,
 * and for a CLI-style export (local images allowed inside the input's folder: the secret is outside it).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createCtx } from '../../src/context.js';
import { type ExportResult, exportArticle } from '../../src/export.js';
import { createSafeFetcher, type SafeFetcher } from '../../src/net/safe-fetch.js';
import type { ArticleInput } from '../../src/read/index.js';
import { closePdfPool, getPdfPool } from '../../src/write/pdf/index.js';
import { type LocalServer, startLocalServer } from '../net/local-server.js';
import { readZip } from '../write/epub-support.js';
import { pdfText } from '../write/pdf-support.js';
import { recordFigures } from './suite-form.js';

declare global {
  var __readoutRendererScript: string | undefined;
}

const SECRET = `READOUT-SECRET-${randomBytes(12).toString('hex')}`;
const MARKER = ['SCRIPT', 'RAN'].join('-');

let attacker: LocalServer;
let fetcher: SafeFetcher;
let secretDir: string;
let secretUrl: string;
let inputDir: string;
const strayConnects: string[] = [];
const checked = { exports: 0, files: 0, bytes: 0 };
let blockedInRenderer: string[] = [];

beforeAll(async () => {
  attacker = await startLocalServer();
  secretDir = mkdtempSync(join(tmpdir(), 'readout-secret-'));
  const secretFile = join(secretDir, 'secret.txt');
  writeFileSync(secretFile, `${SECRET}\n`);
  // The same secret as a stylesheet, a picture name and an SVG, for the url()/@import/img forms.
  writeFileSync(join(secretDir, 'secret.css'), `body::before { content: "${SECRET}"; }\n`);
  writeFileSync(
    join(secretDir, 'secret.svg'),
    `<svg xmlns="http://www.w3.org/2000/svg"><text>${SECRET}</text></svg>`,
  );
  secretUrl = pathToFileURL(secretFile).href;
  inputDir = join(mkdtempSync(join(tmpdir(), 'readout-input-')), 'articles');
  mkdirSync(inputDir);
  fetcher = createSafeFetcher({
    timeoutMs: 5000,
    maxBytes: 1024 * 1024,
    maxRedirects: 5,
    allowHosts: [],
    lookup: async (hostname) => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    },
    connect: (options, callback) => {
      strayConnects.push(`${options.hostname}:${options.port}`);
      callback(new Error(`renderer test: connection to ${options.hostname} attempted`), null);
    },
  });
});

afterAll(async () => {
  await closePdfPool();
  await fetcher.close();
  await attacker.close();
  rmSync(secretDir, { recursive: true, force: true });
  rmSync(dirname(inputDir), { recursive: true, force: true });
  recordFigures('renderer-isolation', {
    exports: checked.exports,
    filesChecked: checked.files,
    bytesChecked: checked.bytes,
    attackerRequests: attacker.requests.length,
    strayConnects: strayConnects.length,
    rendererRequestsBlocked: blockedInRenderer,
  });
});

/** A page using every way HTML has to fetch, run or embed something. */
function hostilePage(): string {
  const a = attacker.origin;
  const file = secretUrl;
  const css = pathToFileURL(join(secretDir, 'secret.css')).href;
  const svg = pathToFileURL(join(secretDir, 'secret.svg')).href;
  const run = `globalThis.__readoutRendererScript='ran';document.body.insertAdjacentText('beforeend','SCRIPT'+'-RAN-'+'x');fetch('${a}/executed')`;
  return `<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<base href="${a}/base/">
<meta http-equiv="refresh" content="0;url=${a}/refresh">
<title>Harbour fire contained after nine hours</title>
<link rel="stylesheet" href="${a}/style.css">
<link rel="stylesheet" href="${css}">
<link rel="preload" href="${a}/font.woff2" as="font">
<link rel="import" href="${file}">
<style>
@import url("${css}");
@import url("${a}/import.css");
@font-face { font-family: Evil; src: url("${a}/evil.woff2") format("woff2"); }
body { font-family: Evil; background: url("${file}"); }
p::after { content: url("${svg}"); }
</style>
<script src="${a}/app.js"></script>
<script>${run}</script>
</head>
<body onload="${run}">
<article>
<h1>Harbour fire contained after nine hours</h1>
<p>The blaze that broke out on Pier 4 on Sunday night was put out after nine hours, the city said on Monday.</p>
<img src="${file}" alt="The secret file as a picture" onerror="${run}">
<img src="${svg}" alt="The secret file as an SVG picture">
<img src="photo.jpg" alt="A relative picture, resolved against the hostile base">
<img src="${a}/photo.jpg" srcset="${a}/photo-2x.jpg 2x" alt="The pier at dawn">
<iframe src="${file}"></iframe>
<iframe srcdoc="<script>${run}</script>"></iframe>
<object data="${file}" type="text/plain"></object>
<embed src="${file}" type="text/plain">
<p>Firefighters from three districts <a href="javascript:${run}">worked through the night</a> to keep the flames from the wooden houses of the old town.</p>
<p style="background-image: url('${file}')" onclick="${run}">No one was hurt. The warehouse, which stored rope and paint, was destroyed.</p>
<svg width="10" height="10" onload="${run}"><script>${run}</script><image href="${file}" width="10" height="10"/></svg>
<img src="data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" onload="${run}"><script>${run}</script><image href="${file}"/></svg>`)}" alt="An SVG with a script">
<p>Investigators will begin their work once the site has cooled down, <a href="${file}">the fire service said</a>.</p>
<form action="${a}/form"><input name="q"><button formaction="javascript:${run}">Send</button></form>
<video src="${a}/clip.mp4" poster="${file}"></video>
<audio src="${a}/sound.mp3" autoplay></audio>
<script>${run}</script>
</article>
</body></html>`;
}

/** The same hostility straight in the model: addresses a reader would have dropped. */
function hostileArticle(): string {
  return JSON.stringify({
    schemaVersion: 1,
    id: 'harbour-fire',
    lang: 'en',
    title: 'Harbour fire contained after nine hours',
    url: 'javascript:alert(1)',
    authors: [{ name: 'A. Reporter', url: secretUrl }],
    translators: [],
    speakers: [],
    source: { name: 'The Gazette', url: `${attacker.origin}/source` },
    blocks: [
      {
        id: '',
        type: 'paragraph',
        children: [
          { type: 'text', text: 'The blaze was put out after nine hours. ' },
          { type: 'link', href: secretUrl, children: [{ type: 'text', text: 'a file link' }] },
          { type: 'text', text: ' and ' },
          {
            type: 'link',
            href: 'javascript:fetch("/x")',
            children: [{ type: 'text', text: 'a script link' }],
          },
          { type: 'text', text: ' and an inline <iframe src="file:///etc/passwd"></iframe> as text.' },
        ],
      },
      {
        id: '',
        type: 'figure',
        src: secretUrl,
        alt: 'The secret file as a picture',
        altSource: 'author',
        decorative: false,
      },
      {
        id: '',
        type: 'figure',
        src: `${attacker.origin}/photo.jpg`,
        alt: 'The pier at dawn',
        altSource: 'author',
        decorative: false,
      },
    ],
  });
}

const FORMATS = ['html', 'ssml', 'epub', 'pdf'];

/** Every output file as bytes, with EPUB entries unzipped: name → bytes. */
function outputFiles(result: ExportResult): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const file of result.files) {
    const bytes = Buffer.from(file.bytes);
    files.set(file.name, bytes);
    if (file.format === 'epub' && file.name.endsWith('.epub')) {
      for (const entry of readZip(file.bytes)) files.set(`${file.name}!/${entry.name}`, entry.bytes);
    }
  }
  return files;
}

async function exportHostile(input: ArticleInput, baseDir?: string): Promise<Map<string, Buffer>> {
  globalThis.__readoutRendererScript = undefined;
  const ctx = createCtx({
    config: loadConfig({}, { logLevel: 'silent' }),
    fetcher,
    ...(baseDir ? { baseDir } : {}),
  });
  const result = await exportArticle({ input, formats: FORMATS }, ctx);
  // Let any stray loader, timer or refresh fire before looking.
  await new Promise((resolve) => setTimeout(resolve, 300));
  checked.exports++;
  expect(result.files.map((f) => f.format)).toEqual(expect.arrayContaining(FORMATS));
  return outputFiles(result);
}

function expectIsolated(files: Map<string, Buffer>): void {
  expect(attacker.requests.map((r) => r.path)).toEqual([]);
  expect(strayConnects).toEqual([]);
  expect(globalThis.__readoutRendererScript).toBeUndefined();
  for (const [name, bytes] of files) {
    checked.files++;
    checked.bytes += bytes.length;
    // latin1 keeps every byte: the raw PDF, binary pictures and UTF-8 text alike.
    const raw = bytes.toString('latin1');
    expect(raw, `${name} holds the local file's secret`).not.toContain(SECRET);
    expect(raw, `${name} holds the script marker`).not.toContain(MARKER);
    if (/\.(x?html|ssml|opf|ncx|svg|css|xml)$/.test(name)) {
      const text = bytes.toString('utf8');
      expect(text, `${name} has a script element`).not.toMatch(/<script[\s>]/i);
      expect(text, `${name} has an event handler attribute`).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
      // Inside a tag (text `<` is escaped as &lt;, so an escaped tag in the text never matches).
      const attribute = (value: string, names = 'href|src|srcset|action|formaction|data|poster') =>
        new RegExp(`<[^<>]*\\s(${names})\\s*=\\s*["']?\\s*${value}`, 'i');
      expect(text, `${name} has a javascript: address`).not.toMatch(attribute('javascript:'));
      expect(text, `${name} has a file: address`).not.toMatch(attribute('file:'));
      expect(text, `${name} loads from the attacker`).not.toMatch(
        attribute('http://127\\.0\\.0\\.1', 'src|srcset|data|poster'),
      );
      expect(text, `${name} has a CSS file: or attacker url()`).not.toMatch(
        /url\(\s*["']?\s*(file:|http:\/\/127\.)/i,
      );
    }
    if (name.endsWith('.pdf')) {
      expect(pdfText(bytes), `${name} text holds the secret`).not.toContain(SECRET);
      expect(raw).not.toMatch(/\/(JavaScript|JS|Launch|EmbeddedFile)\b/);
      expect(raw).not.toMatch(/\/URI\s*\(\s*(javascript|file):/i);
    }
  }
}

describe('renderer isolation through exportArticle (html, ssml, epub, pdf)', () => {
  it('a hostile HTML page fetches nothing, runs nothing and leaks no local file', async () => {
    const files = await exportHostile({ data: hostilePage(), format: 'html', name: 'hostile.html' });
    expect(files.size).toBeGreaterThan(4);
    expectIsolated(files);
  }, 180_000);

  it('the same page read as a CLI input file (local pictures allowed only inside its folder)', async () => {
    writeFileSync(join(inputDir, 'note.txt'), 'not a picture');
    const files = await exportHostile(
      { data: hostilePage(), format: 'html', name: 'hostile.html' },
      inputDir,
    );
    expectIsolated(files);
  }, 180_000);

  it('an Article JSON with file: and javascript: addresses in the model', async () => {
    const files = await exportHostile({ data: hostileArticle(), format: 'json', name: 'hostile.json' });
    expectIsolated(files);
    // The page's text still arrives: isolation is not an empty document.
    const html = [...files].find(([name]) => name.endsWith('.html'))?.[1].toString('utf8') ?? '';
    expect(html).toContain('The blaze was put out after nine hours.');
    expect(html).toMatch(/&lt;iframe src=(&quot;|&#34;|")file:\/\/\/etc\/passwd/);
  }, 180_000);
});

describe('the PDF renderer itself (defence in depth: the hostile page handed straight to Chromium)', () => {
  it('blocks every request, runs no script and prints no local file', async () => {
    const printed = await getPdfPool(loadConfig({}, { logLevel: 'silent' })).render(hostilePage(), {
      timeoutMs: 60_000,
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    blockedInRenderer = printed.blocked.map((url) => url.replace(attacker.origin, 'ATTACKER'));
    expect(attacker.requests.map((r) => r.path)).toEqual([]);
    // The guard saw (and refused) the page's remote resources: the hostile markup did reach the renderer.
    // (Chromium itself refuses file: resources from a page that is not a file, before any guard sees them.)
    expect(printed.blocked.some((url) => url.startsWith(attacker.origin))).toBe(true);
    const text = pdfText(printed.pdf);
    expect(text).toContain('Harbour fire contained');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(MARKER);
    expect(Buffer.from(printed.pdf).toString('latin1')).not.toContain(SECRET);
  }, 180_000);
});
