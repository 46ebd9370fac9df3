/**
 * The browser behind the PDF pool, reduced to what the pool needs (so tests can hand in a fake): launch a
 * browser, open pages, print HTML on a page. The real one is puppeteer-core driving a locked-down
 * headless Chromium: JavaScript off, every request but `data:` refused (and the page offline), content
 * given with setContent only (never a file:// URL, which would let the document read local files).
 */
import { once } from 'node:events';
import puppeteer, { type Browser, type CDPSession, type Page, type Protocol } from 'puppeteer-core';
import { CHROMIUM_ARGS, resolveChromium } from '../../engines/chromium-path.js';
import { makeProfileDir, removeProfileDir, sweepStaleProfileDirsOnce } from './profile-dir.js';

export interface PrintResult {
  pdf: Uint8Array;
  /** Addresses the document tried to load and that were refused (the print HTML should need none). */
  blocked: string[];
}

/** One reusable tab. */
export interface EnginePage {
  /** Loads `html` with setContent and prints it to a tagged PDF with an outline. */
  print(html: string, timeoutMs: number): Promise<PrintResult>;
  /** Runs a full garbage collection in the page's renderer and drops its caches (earlier documents are freed). */
  collectGarbage(): Promise<void>;
  close(): Promise<void>;
}

/** One browser process. */
export interface EngineBrowser {
  newPage(): Promise<EnginePage>;
  close(): Promise<void>;
  /** Whether the browser is still there (false after a crash, a kill or close()). */
  readonly connected: boolean;
  /** `listener` runs once when the browser goes away for any reason. */
  onExit(listener: () => void): void;
  /** The browser's process id, for memory accounting (undefined when not known). */
  readonly pid: number | undefined;
}

export type Launcher = () => Promise<EngineBrowser>;

const PDF_OPTIONS = {
  tagged: true,
  outline: true,
  preferCSSPageSize: true,
  printBackground: true,
  waitForFonts: true,
} as const;

const short = (url: string) => (url.length > 200 ? `${url.slice(0, 197)}…` : url);

/**
 * Refuses every request that could leave the renderer, recording it in `log.blocked`. Interception runs on
 * a CDP session of its own (the Fetch domain) with the pattern `*://*`: every address with an authority
 * (http, https, file, ftp, ws, chrome…) pauses here and is refused; inline `data:` addresses — the fonts
 * and pictures, tens of kilobytes each — do not match and load without a round trip through Node
 * (puppeteer's setRequestInterception pauses every request, data: included, which measured a quarter
 * of the throughput). A `data:` address that does match is let through; anything else is refused. As a
 * second wall the page is offline, so nothing that escaped the pattern can reach a network either.
 */
async function guardRequests(page: Page, log: { blocked: string[] }): Promise<CDPSession> {
  const client = await page.createCDPSession();
  client.on('Fetch.requestPaused', (event: Protocol.Fetch.RequestPausedEvent) => {
    const { requestId, request, resourceType } = event;
    if (request.url.startsWith('data:')) {
      void client.send('Fetch.continueRequest', { requestId }).catch(() => undefined);
      return;
    }
    log.blocked.push(short(request.url));
    if (resourceType === 'Document') {
      // A refused navigation (meta refresh, a frame's address) would replace the document with an error
      // page; "204 No Content", answered here without any network, keeps the document where it is.
      void client.send('Fetch.fulfillRequest', { requestId, responseCode: 204 }).catch(() => undefined);
    } else {
      void client
        .send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' })
        .catch(() => undefined);
    }
  });
  await client.send('Fetch.enable', { patterns: [{ urlPattern: '*://*' }] });
  await page.setOfflineMode(true);
  return client;
}

async function openPage(browser: Browser): Promise<EnginePage> {
  const page = await browser.newPage();
  const log = { blocked: [] as string[] };
  let client: CDPSession;
  try {
    await page.setJavaScriptEnabled(false);
    client = await guardRequests(page, log);
  } catch (error) {
    await page.close().catch(() => undefined);
    throw error;
  }
  return {
    async print(html, timeoutMs) {
      log.blocked = [];
      await page.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
      const pdf = await page.pdf({ ...PDF_OPTIONS, timeout: timeoutMs });
      return { pdf, blocked: log.blocked };
    },
    async collectGarbage() {
      await client.send('HeapProfiler.collectGarbage');
      // A critical memory-pressure signal makes the renderer drop its caches — decoded pictures above all:
      // with every document's pictures different (an archive), a renderer otherwise grew ~4.5 MB a
      // document despite the collections; 0.7 MB with it (tests/write/pdf.test.ts).
      await client.send('Memory.simulatePressureNotification', { level: 'critical' });
    },
    async close() {
      await page.close();
    },
  };
}

/** Launches the configured Chromium (CHROMIUM_PATH, PATH, or @sparticuz/chromium) with container flags. */
export function puppeteerLauncher(config: { chromiumPath?: string | undefined }): Launcher {
  return async () => {
    const { executablePath } = await resolveChromium(config);
    await sweepStaleProfileDirsOnce();
    // A profile folder of our own (see profile-dir.ts): puppeteer's is left behind when we are SIGKILLed.
    const userDataDir = await makeProfileDir();
    let browser: Browser;
    try {
      browser = await puppeteer.launch({
        executablePath,
        userDataDir,
        args: CHROMIUM_ARGS,
        headless: true,
        // DevTools over a pipe (fds 3 and 4) instead of a WebSocket on a loopback port: no other local
        // process can connect to the browser, and when this process dies, even by SIGKILL, the pipe closes
        // and Chromium exits with it (over a port it lived on as an orphan, with all its renderers).
        pipe: true,
        // The service closes the pool on shutdown; puppeteer must not kill the browser under running renders.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
      });
    } catch (error) {
      await removeProfileDir(userDataDir).catch(() => undefined);
      throw error;
    }
    const proc = browser.process();
    // The folder goes when the browser process has exited, however it ended (closed, crashed, killed).
    const running = proc && proc.exitCode === null && proc.signalCode === null;
    const removed = (running ? once(proc, 'exit') : Promise.resolve())
      .then(() => removeProfileDir(userDataDir))
      .catch(() => undefined);
    return {
      newPage: () => openPage(browser),
      async close() {
        await browser.close();
        await removed;
      },
      get connected() {
        return browser.connected;
      },
      onExit(listener) {
        browser.once('disconnected', listener);
      },
      pid: proc?.pid,
    };
  };
}
