/**
 * The PDF browser pool with a fake browser (the real one is exercised in pdf.test.ts): concurrency and the
 * bounded queue, timeouts, page recycling, restarts after a crash, past the memory limit and after a
 * number of documents, launch failures, and a clean close.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LimitError, RenderError } from '../../src/errors.js';
import {
  closePdfPool,
  type EngineBrowser,
  type EnginePage,
  getPdfPool,
  PdfPool,
  type PrintResult,
} from '../../src/write/pdf/browser.js';

interface FakeOptions {
  /** How a print behaves: resolve after `ms`, or never ('hang'). */
  delayMs?: number | 'hang';
  /** Garbage collection fails on every page. */
  failCollect?: boolean;
  failLaunch?: number;
}

class FakeBrowser implements EngineBrowser {
  connected = true;
  readonly pages: FakePage[] = [];
  closed = false;
  #listeners: (() => void)[] = [];
  constructor(
    readonly pid: number,
    private readonly options: FakeOptions,
  ) {}
  async newPage(): Promise<EnginePage> {
    if (!this.connected) throw new Error('Target closed');
    const page = new FakePage(this, this.options);
    this.pages.push(page);
    return page;
  }
  async close(): Promise<void> {
    this.closed = true;
    this.crash();
  }
  onExit(listener: () => void): void {
    this.#listeners.push(listener);
  }
  /** The process goes away: pending prints fail, listeners run. */
  crash(): void {
    if (!this.connected) return;
    this.connected = false;
    for (const page of this.pages) page.failPending(new Error('Protocol error: Target closed'));
    for (const listener of this.#listeners) listener();
  }
}

class FakePage implements EnginePage {
  printed = 0;
  closed = false;
  /** The number of documents printed at each garbage collection. */
  collectedAt: number[] = [];
  #pending: ((error: Error) => void)[] = [];
  constructor(
    readonly browser: FakeBrowser,
    private readonly options: FakeOptions,
  ) {}
  print(html: string): Promise<PrintResult> {
    return new Promise((resolve, reject) => {
      if (!this.browser.connected) {
        reject(new Error('Target closed'));
        return;
      }
      this.#pending.push(reject);
      const done = () => {
        this.printed++;
        resolve({ pdf: new TextEncoder().encode(`%PDF ${html}`), blocked: [] });
      };
      if (this.options.delayMs === 'hang') return;
      setTimeout(done, this.options.delayMs ?? 5);
    });
  }
  async collectGarbage(): Promise<void> {
    if (this.options.failCollect) throw new Error('Protocol error: HeapProfiler.collectGarbage failed');
    this.collectedAt.push(this.printed);
  }
  failPending(error: Error): void {
    for (const reject of this.#pending.splice(0)) reject(error);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

function fakeLauncher(options: FakeOptions = {}) {
  const browsers: FakeBrowser[] = [];
  let failures = options.failLaunch ?? 0;
  const launch = async (): Promise<EngineBrowser> => {
    if (failures > 0) {
      failures--;
      throw new Error('spawn chromium ENOENT');
    }
    const browser = new FakeBrowser(1000 + browsers.length, options);
    browsers.push(browser);
    return browser;
  };
  return { launch, browsers };
}

const text = (r: PrintResult) => new TextDecoder().decode(r.pdf);

afterEach(async () => {
  await closePdfPool();
});

describe('PdfPool', () => {
  it('renders on at most `pages` pages at once, reusing them', async () => {
    const fake = fakeLauncher({ delayMs: 10 });
    const pool = new PdfPool({ pages: 2, launch: fake.launch });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => pool.render(`doc ${i}`)));
    expect(results.map(text)).toEqual(Array.from({ length: 6 }, (_, i) => `%PDF doc ${i}`));
    expect(fake.browsers).toHaveLength(1);
    expect(fake.browsers[0]?.pages).toHaveLength(2);
    expect(fake.browsers[0]?.pages.map((p) => p.printed)).toEqual([3, 3]);
    expect(pool.stats()).toMatchObject({ rendered: 6, launches: 1, running: 0, queued: 0 });
    await pool.close();
  });

  it('refuses work past the queue with limit/queue-full (back-pressure)', async () => {
    const fake = fakeLauncher({ delayMs: 30 });
    const pool = new PdfPool({ pages: 1, maxQueue: 2, launch: fake.launch });
    const accepted = [pool.render('a'), pool.render('b'), pool.render('c')];
    const refused = pool.render('d');
    await expect(refused).rejects.toBeInstanceOf(LimitError);
    await expect(refused).rejects.toMatchObject({ code: 'limit/queue-full' });
    expect(pool.stats().queued).toBe(2);
    expect((await Promise.all(accepted)).map(text)).toEqual(['%PDF a', '%PDF b', '%PDF c']);
    await expect(pool.render('e')).resolves.toBeDefined(); // room again once the queue drained
    await pool.close();
  });

  it('stops a render past its timeout with render/timeout and replaces the page', async () => {
    const fake = fakeLauncher({ delayMs: 'hang' });
    const pool = new PdfPool({ pages: 1, timeoutMs: 50, launch: fake.launch });
    const failed = pool.render('slow');
    await expect(failed).rejects.toBeInstanceOf(RenderError);
    await expect(failed).rejects.toMatchObject({ code: 'render/timeout' });
    expect(fake.browsers[0]?.pages[0]?.closed).toBe(true);
    await expect(pool.render('again', { timeoutMs: 20 })).rejects.toMatchObject({ code: 'render/timeout' });
    expect(fake.browsers[0]?.pages).toHaveLength(2);
    expect(pool.stats().timeouts).toBe(2);
    await pool.close();
  });

  it('drops a waiting render whose caller gives up, without giving it a turn', async () => {
    const fake = fakeLauncher({ delayMs: 40 });
    const pool = new PdfPool({ pages: 1, launch: fake.launch });
    const first = pool.render('first');
    const giveUp = new AbortController();
    const waiting = pool.render('given up', { signal: giveUp.signal });
    const third = pool.render('third');
    expect(pool.stats().queued).toBe(2);
    giveUp.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'render/cancelled' });
    expect(pool.stats()).toMatchObject({ queued: 1, cancelled: 1 });
    expect([text(await first), text(await third)]).toEqual(['%PDF first', '%PDF third']);
    expect(fake.browsers[0]?.pages[0]?.printed).toBe(2); // "given up" was never printed
    await expect(pool.render('already', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      code: 'render/cancelled',
    });
    await pool.close();
  });

  it('stops a printing render whose caller gives up: its page is closed, the reason given, the slot freed', async () => {
    const fake = fakeLauncher({ delayMs: 'hang' });
    const pool = new PdfPool({ pages: 1, timeoutMs: 60_000, launch: fake.launch });
    const giveUp = new AbortController();
    const printing = pool.render('hangs', { signal: giveUp.signal });
    const next = pool.render('next', { timeoutMs: 30 }); // waits for the only page
    await new Promise((r) => setTimeout(r, 20));
    const reason = new LimitError('limit/timeout', 'The conversion took too long.');
    giveUp.abort(reason);
    await expect(printing).rejects.toBe(reason);
    expect(fake.browsers[0]?.pages[0]?.closed).toBe(true);
    // The slot went to the next caller at once (it times out on its own hanging page, not in the queue).
    await expect(next).rejects.toMatchObject({ code: 'render/timeout' });
    expect(fake.browsers[0]?.pages).toHaveLength(2);
    expect(pool.stats()).toMatchObject({ cancelled: 1, timeouts: 1, failed: 1, running: 0 });
    await pool.close();
  });

  it('closes a page after maxDocsPerPage documents and opens a fresh one', async () => {
    const fake = fakeLauncher();
    const pool = new PdfPool({ pages: 1, maxDocsPerPage: 3, launch: fake.launch });
    for (let i = 0; i < 7; i++) await pool.render(`doc ${i}`);
    const pages = fake.browsers[0]?.pages ?? [];
    expect(pages.map((p) => p.printed)).toEqual([3, 3, 1]);
    expect(pages.map((p) => p.closed)).toEqual([true, true, false]);
    expect(pool.stats().pagesRecycled).toBe(2);
    await pool.close();
  });

  it('collects garbage in a page after every collectGarbageEvery documents', async () => {
    const fake = fakeLauncher();
    const pool = new PdfPool({ pages: 1, collectGarbageEvery: 4, maxDocsPerPage: 10, launch: fake.launch });
    for (let i = 0; i < 13; i++) await pool.render(`doc ${i}`);
    const pages = fake.browsers[0]?.pages ?? [];
    // The page closed after 10 documents is not collected at its end (closing frees everything).
    expect(pages.map((p) => p.collectedAt)).toEqual([[4, 8], []]);
    expect(pool.stats().collections).toBe(2);
    await pool.close();
  });

  it('replaces a page whose garbage collection fails, and keeps the document it printed', async () => {
    const fake = fakeLauncher({ failCollect: true });
    const pool = new PdfPool({ pages: 1, collectGarbageEvery: 2, launch: fake.launch });
    const results = [];
    for (let i = 0; i < 5; i++) results.push(text(await pool.render(`doc ${i}`)));
    expect(results).toEqual([0, 1, 2, 3, 4].map((i) => `%PDF doc ${i}`));
    const pages = fake.browsers[0]?.pages ?? [];
    expect(pages.map((p) => p.printed)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.closed)).toEqual([true, true, false]);
    expect(pool.stats().collections).toBe(0);
    await pool.close();
  });

  it('replaces a browser that crashes under a render and renders the document again', async () => {
    const fake = fakeLauncher({ delayMs: 30 });
    const pool = new PdfPool({ pages: 1, launch: fake.launch });
    await pool.render('first');
    const pending = pool.render('during the crash');
    setTimeout(() => fake.browsers[0]?.crash(), 5);
    expect(text(await pending)).toBe('%PDF during the crash');
    expect(fake.browsers).toHaveLength(2);
    expect(pool.stats().restarts.crash).toBe(1);
    expect(await pool.browserPid()).toBe(1001);
    await pool.close();
  });

  it('replaces a browser that went away between renders', async () => {
    const fake = fakeLauncher();
    const pool = new PdfPool({ pages: 1, launch: fake.launch });
    await pool.render('one');
    fake.browsers[0]?.crash();
    expect(text(await pool.render('two'))).toBe('%PDF two');
    expect(fake.browsers).toHaveLength(2);
    await pool.close();
  });

  it('restarts the browser when its memory passes the limit', async () => {
    const fake = fakeLauncher();
    const readings: number[] = [];
    const pool = new PdfPool({
      pages: 1,
      memoryLimitMb: 500,
      memoryCheckEvery: 2,
      launch: fake.launch,
      memoryOf: (pid) => {
        const mb = pid === 1000 ? 800 : 100;
        readings.push(pid);
        return mb;
      },
    });
    for (let i = 0; i < 5; i++) await pool.render(`doc ${i}`);
    expect(readings).toEqual([1000, 1001]);
    expect(fake.browsers).toHaveLength(2);
    expect(fake.browsers[0]?.closed).toBe(true);
    expect(pool.stats().restarts.memory).toBe(1);
    expect(pool.stats().lastPssMb).toBe(100);
    await pool.close();
  });

  it('restarts the browser after maxDocsPerBrowser documents', async () => {
    const fake = fakeLauncher();
    const pool = new PdfPool({ pages: 1, maxDocsPerBrowser: 2, launch: fake.launch });
    for (let i = 0; i < 5; i++) await pool.render(`doc ${i}`);
    expect(fake.browsers).toHaveLength(3);
    expect(fake.browsers.slice(0, 2).every((b) => b.closed)).toBe(true);
    expect(pool.stats().restarts.documents).toBe(2);
    await pool.close();
  });

  it('reports a browser that will not start as engine/launch-failed, and tries again next time', async () => {
    const fake = fakeLauncher({ failLaunch: 1 });
    const pool = new PdfPool({ pages: 1, launch: fake.launch });
    await expect(pool.render('x')).rejects.toMatchObject({ code: 'engine/launch-failed' });
    expect(text(await pool.render('y'))).toBe('%PDF y');
    await pool.close();
  });

  it('close() lets running renders finish, refuses queued and new ones, and closes the browser', async () => {
    const fake = fakeLauncher({ delayMs: 30 });
    const pool = new PdfPool({ pages: 1, launch: fake.launch });
    const running = pool.render('running');
    await new Promise((resolve) => setTimeout(resolve, 5));
    const queued = pool.render('queued');
    const closing = pool.close();
    await expect(queued).rejects.toMatchObject({ code: 'engine/closed' });
    expect(text(await running)).toBe('%PDF running');
    await closing;
    expect(fake.browsers[0]?.closed).toBe(true);
    await expect(pool.render('late')).rejects.toMatchObject({ code: 'engine/closed' });
  });

  it('getPdfPool() shares one pool until closePdfPool()', async () => {
    const fake = fakeLauncher();
    const a = getPdfPool({}, { launch: fake.launch, pages: 1 });
    expect(getPdfPool()).toBe(a);
    await a.render('x');
    await closePdfPool();
    expect(fake.browsers[0]?.closed).toBe(true);
    const b = getPdfPool({}, { launch: fake.launch, pages: 1 });
    expect(b).not.toBe(a);
  });
});
