/**
 * Makes the full-page text dumps in tests/fixtures/text/pages/: each corpus page
 * (../shared/corpus/pages/NAME/source.html) is loaded into headless Chromium with JavaScript disabled
 * and every network request blocked, and `document.body.innerText` — what "select all, copy" gives in a
 * browser — is written to tests/fixtures/text/pages/NAME.txt.
 *
 *   npx tsx scripts/make-text-dumps.ts [NAME…]
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, resolveChromium } from '../src/engines/chromium-path.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pagesDir = resolve(root, '../shared/corpus/pages');
const outDir = join(root, 'tests/fixtures/text/pages');

const UNHIDE_BODY =
  'html, body { display: block !important; visibility: visible !important; opacity: 1 !important; }';

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const names = readdirSync(pagesDir)
    .filter((name) => !wanted.length || wanted.includes(name))
    .sort();
  if (!names.length) throw new Error(`No corpus pages found in ${pagesDir}`);
  const { executablePath } = await resolveChromium({});
  const browser = await puppeteer.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
  mkdirSync(outDir, { recursive: true });
  try {
    for (const name of names) {
      const html = readFileSync(join(pagesDir, name, 'source.html'), 'utf8');
      const page = await browser.newPage();
      await page.setJavaScriptEnabled(false);
      await page.setRequestInterception(true);
      // The page itself is set with setContent (no request); every subresource request is refused.
      page.on('request', (request) => {
        void request.abort('blockedbyclient');
      });
      await page.setViewport({ width: 1280, height: 900 });
      await page.setContent(html, { waitUntil: 'domcontentloaded', timeout: 30_000 });
      // Anti-flicker and frame-busting snippets hide the whole page (html or body) until their script
      // runs; with scripts off, show it as a reader's browser does once the page has loaded. (A hidden
      // body's innerText would be its raw textContent, scripts included.)
      await page.addStyleTag({ content: UNHIDE_BODY });
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point (what "select all, copy" gives).
      const text = await page.evaluate(() => document.body?.innerText ?? '');
      await page.close();
      writeFileSync(join(outDir, `${name}.txt`), text.endsWith('\n') ? text : `${text}\n`);
      process.stdout.write(`${name}: ${text.length} characters\n`);
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
