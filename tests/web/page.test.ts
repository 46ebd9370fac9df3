/**
 * The web page at `/`, end to end in headless Chromium: paste the original article, export it (PDF and
 * SSML when the PDF writer is registered, else HTML and SSML), watch the progress, check the SSML view
 * with its speakers and the alt-text report, download the PDF (else the SSML) and compare it with the
 * job's sha256, and run axe-core on the page before and after (0 violations). The page runs under the
 * service's real CSP: any blocked script or style would show as a console error.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { CHROMIUM_ARGS, resolveChromium } from '../../src/engines/chromium-path.js';
import { type RunningServer, startService } from '../../src/server/main.js';
import { OUTPUT_FORMATS } from '../../src/write/index.js';
import { corpusText } from '../helpers/corpus.js';

const meduza = corpusText('meduza-lavrov-blinken.txt');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const hasPdf = (OUTPUT_FORMATS as readonly string[]).includes('pdf');
/** The formats the test exports: PDF when this build writes it. */
const formats = hasPdf ? ['pdf', 'ssml'] : ['html', 'ssml'];

interface AxeResult {
  violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
}

async function axe(page: Page): Promise<AxeResult['violations']> {
  await page.evaluate(axeSource);
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<unknown> } }).axe.run(
      document,
      {
        iframes: false,
        resultTypes: ['violations'],
      },
    ),
  )) as AxeResult;
  return result.violations;
}

function waitForDownload(dir: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const poll = () => {
      const done = readdirSync(dir).filter((f) => !f.endsWith('.crdownload'));
      if (done.length) resolve(join(dir, done[0]!));
      else if (Date.now() > deadline) reject(new Error('no download'));
      else setTimeout(poll, 100);
    };
    poll();
  });
}

describe(`web page (exports ${formats.join(' + ')})`, () => {
  let server: RunningServer;
  let browser: Browser;
  let base: string;
  let dataDir: string;
  const downloads = mkdtempSync(join(tmpdir(), 'readout-downloads-'));

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'readout-web-'));
    server = await startService(
      loadConfig({}, { port: 0, host: '127.0.0.1', logLevel: 'silent', dataDir, shutdownGraceMs: 0 }),
    );
    const address = server.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const chromium = await resolveChromium({});
    browser = await puppeteer.launch({ executablePath: chromium.executablePath, args: CHROMIUM_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(downloads, { recursive: true, force: true });
  });

  it('exports the original article, shows speakers and alt text, downloads the file; axe finds nothing', async () => {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.goto(`${base}/`, { waitUntil: 'networkidle0' });
    expect(await axe(page)).toEqual([]);

    // Formats come from the service's registry.
    const offered = await page.$$eval('input[name="formats"]', (els) =>
      els.map((e) => (e as HTMLInputElement).value),
    );
    expect(offered.sort()).toEqual([...OUTPUT_FORMATS].sort());
    await page.$$eval(
      'input[name="formats"]',
      (els, wanted) => {
        for (const e of els as HTMLInputElement[]) e.checked = (wanted as string[]).includes(e.value);
      },
      formats,
    );
    await page.$eval(
      '#article-text',
      (el, text) => {
        (el as HTMLTextAreaElement).value = text as string;
      },
      meduza,
    );
    await page.click('#submit');
    await page.waitForSelector('#results:not([hidden])', { timeout: 90_000 });

    const status = await page.$eval('#status', (el) => el.textContent ?? '');
    expect(status).toMatch(/Export done: \d+ files for “Clearing the roadblocks/);
    const progress = await page.$$eval('#progress li', (els) => els.map((e) => e.textContent));
    expect(progress).toEqual(formats.map((f) => `${f.toUpperCase()}: done`));

    // SSML view: quotations in their speakers' voices, named.
    const who = await page.$$eval('#ssml .voice .who', (els) => els.map((e) => e.textContent ?? ''));
    expect(who.length).toBeGreaterThan(3);
    expect(who.join(' ')).toMatch(/Lavrov/);
    const legend = await page.$$eval('#ssml-legend li', (els) => els.map((e) => e.textContent ?? ''));
    expect(legend.join(' ')).toMatch(/Lavrov/);

    // Alt-text report: the article's photo with its text alternative.
    const rows = await page.$$eval('#alt-table tbody tr', (els) => els.map((e) => e.textContent ?? ''));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.join(' ')).toMatch(/Blinken/);

    if (hasPdf) expect(await page.$eval('#pdf-section', (el) => el.hasAttribute('hidden'))).toBe(false);

    // Download the PDF (or the SSML) through the page's own link.
    const main = formats[0] === 'pdf' ? 'pdf' : 'ssml';
    const cdp = await page.createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads });
    const link = await page.$(`#files a[href$=".${main}"]`);
    expect(link).not.toBeNull();
    const href = await link!.evaluate((a) => (a as HTMLAnchorElement).getAttribute('href'));
    await link!.click();
    const file = await waitForDownload(downloads);
    const bytes = readFileSync(file);
    const jobId = /\/v1\/exports\/([^/]+)\//.exec(href ?? '')![1]!;
    const job = (await (await fetch(`${base}/v1/exports/${jobId}`)).json()) as {
      files: { name: string; sha256: string; format: string }[];
    };
    const expected = job.files.find((f) => f.format === main && !f.name.includes('/'))!;
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(expected.sha256);
    if (main === 'pdf') expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    else expect(bytes.toString()).toMatch(/^<\?xml[^>]*\?><speak/);

    expect(await axe(page)).toEqual([]);
    expect(consoleErrors.filter((e) => !/favicon/.test(e))).toEqual([]);
    expect(existsSync(downloads)).toBe(true);
  }, 150_000);

  it('axe is really checking (a page with faults has violations)', async () => {
    const page = await browser.newPage();
    await page.setContent('<html><body><img src="x.png"><input type="text"></body></html>');
    const ids = (await axe(page)).map((v) => v.id);
    expect(ids).toEqual(expect.arrayContaining(['image-alt', 'html-has-lang', 'label']));
  });
});
