/**
 * The browser pool for PDF rendering (a supervised resource, in the manner of Gotenberg's process
 * supervisor): one browser with up to N reusable pages (reusing a page with setContent is much faster
 * than a new page per document); a page is replaced after a number of documents, the browser is
 * replaced after a number of documents, when it grows past a memory limit, or when it crashes or
 * disconnects; each render has a timeout (RenderError `render/timeout`); callers beyond the N running
 * renders wait in a bounded queue, and past its end are refused at once (LimitError `limit/queue-full`,
 * HTTP 429). `close()` waits for running renders and closes the browser.
 */
import { availableParallelism } from 'node:os';
import {
  cancellation,
  errorMessage,
  LimitError,
  ReadoutError,
  RenderError,
  throwIfCancelled,
} from '../../errors.js';
import {
  type EngineBrowser,
  type EnginePage,
  type Launcher,
  type PrintResult,
  puppeteerLauncher,
} from './engine.js';
import { treePssMb } from './memory.js';

export type { EngineBrowser, EnginePage, Launcher, PrintResult } from './engine.js';

export interface PdfPoolOptions {
  /** Pages rendering at the same time (default: the number of cores). */
  pages: number;
  /** A page is closed and replaced after this many documents (default 100). */
  maxDocsPerPage: number;
  /**
   * A page's renderer runs a full garbage collection after every this many documents (default 20; 0: never).
   * With scripts off nothing in the renderer allocates through V8, so it never decides to collect by itself:
   * the DOM of every document printed stays until the page closes. Measured with puppeteer on corpus
   * documents that differ from each other: a renderer grows by 2.9 MB a document (57 → 629 MB in 200
   * documents) and stays at 70–80 MB when collected every 20 (a collection takes a few milliseconds).
   * Each collection also tells the renderer to drop its caches (decoded pictures), see engine.ts.
   */
  collectGarbageEvery: number;
  /** The browser is replaced after this many documents (default 2000). */
  maxDocsPerBrowser: number;
  /** The browser is replaced when its processes' PSS passes this, in MiB (default 600). */
  memoryLimitMb: number;
  /** Memory is measured every this many documents (default 50; reading PSS walks page tables). */
  memoryCheckEvery: number;
  /** Callers waiting for a page beyond the running ones; more are refused (default 16 per page). */
  maxQueue: number;
  /** Default per-render timeout in milliseconds (default 30 000). */
  timeoutMs: number;
  /** Starts a browser (default: puppeteer-core with the configured Chromium). */
  launch: Launcher;
  /** PSS of a browser in MiB (default: read from /proc). */
  memoryOf: (pid: number) => number;
}

export interface PoolStats {
  /** Browsers launched so far (the first one included). */
  launches: number;
  /** Browsers replaced: after a crash or disconnect, for memory, or after maxDocsPerBrowser documents. */
  restarts: { crash: number; memory: number; documents: number };
  /** Pages closed after maxDocsPerPage documents. */
  pagesRecycled: number;
  /** Garbage collections run in renderers (every collectGarbageEvery documents of a page). */
  collections: number;
  rendered: number;
  failed: number;
  timeouts: number;
  /** Renders given up by their caller (an AbortSignal), waiting or printing. */
  cancelled: number;
  running: number;
  queued: number;
  /** The last memory reading of the current browser, in MiB. */
  lastPssMb: number | undefined;
}

interface Generation {
  id: number;
  browser: Promise<EngineBrowser>;
  docs: number;
  active: number;
  retiring: boolean;
  dead: boolean;
}

interface Slot {
  page: EnginePage;
  gen: Generation;
  docs: number;
}

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

/** `work`, or a rejection after `ms` or when `signal` fires (with its cancellation). */
function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  onTimeout: () => Error,
  signal?: AbortSignal,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
    if (signal) {
      onAbort = () => reject(cancellation(signal));
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  return Promise.race([work, timeout]).finally(() => {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  });
}

class TimeoutError extends RenderError {}

export class PdfPool {
  readonly options: PdfPoolOptions;
  #gen: Generation | undefined;
  #nextGenId = 1;
  #idle: Slot[] = [];
  #running = 0;
  #queue: Waiter[] = [];
  #closing: Promise<void> | undefined;
  #drained: (() => void) | undefined;
  #stats: PoolStats = {
    launches: 0,
    restarts: { crash: 0, memory: 0, documents: 0 },
    pagesRecycled: 0,
    collections: 0,
    rendered: 0,
    failed: 0,
    timeouts: 0,
    cancelled: 0,
    running: 0,
    queued: 0,
    lastPssMb: undefined,
  };

  constructor(options: Partial<PdfPoolOptions> & { chromiumPath?: string | undefined } = {}) {
    const pages = Math.max(1, options.pages ?? availableParallelism());
    this.options = {
      pages,
      maxDocsPerPage: options.maxDocsPerPage ?? 100,
      collectGarbageEvery: options.collectGarbageEvery ?? 20,
      maxDocsPerBrowser: options.maxDocsPerBrowser ?? 2000,
      memoryLimitMb: options.memoryLimitMb ?? 600,
      memoryCheckEvery: options.memoryCheckEvery ?? 50,
      maxQueue: options.maxQueue ?? pages * 16,
      timeoutMs: options.timeoutMs ?? 30_000,
      launch: options.launch ?? puppeteerLauncher({ chromiumPath: options.chromiumPath }),
      memoryOf: options.memoryOf ?? treePssMb,
    };
  }

  stats(): PoolStats {
    return {
      ...this.#stats,
      restarts: { ...this.#stats.restarts },
      running: this.#running,
      queued: this.#queue.length,
    };
  }

  /** The pid of the current browser (undefined before the first render or after a crash). */
  async browserPid(): Promise<number | undefined> {
    const gen = this.#gen;
    return gen ? (await gen.browser).pid : undefined;
  }

  /**
   * Prints `html` on a pooled page. Waits for a free page (or refuses with `limit/queue-full`); a crashed
   * browser is replaced and the document tried once more.
   */
  async render(
    html: string,
    options: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<PrintResult> {
    const { signal } = options;
    throwIfCancelled(signal);
    await this.#acquire(signal);
    try {
      const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
      try {
        return await this.#renderOnce(html, timeoutMs, signal);
      } catch (error) {
        if (!(error instanceof CrashedError)) throw error;
        throwIfCancelled(signal);
        return await this.#renderOnce(html, timeoutMs, signal);
      }
    } catch (error) {
      if (signal?.aborted) {
        this.#stats.cancelled++;
        throw cancellation(signal);
      }
      this.#stats.failed++;
      if (error instanceof CrashedError) {
        throw new RenderError('render/browser-crashed', error.message, [], { cause: error.cause });
      }
      throw error;
    } finally {
      this.#release();
    }
  }

  /** Refuses new work, waits for running renders, then closes every page and browser. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    for (const waiter of this.#queue.splice(0)) {
      waiter.reject(new RenderError('engine/closed', 'The PDF renderer is shutting down.'));
    }
    if (this.#running > 0) await new Promise<void>((resolve) => (this.#drained = resolve));
    const gen = this.#gen;
    this.#gen = undefined;
    this.#idle = [];
    if (gen) await this.#closeBrowser(gen);
  }

  #acquire(signal: AbortSignal | undefined): Promise<void> {
    if (this.#closing) {
      return Promise.reject(new RenderError('engine/closed', 'The PDF renderer is shutting down.'));
    }
    if (this.#running < this.options.pages) {
      this.#running++;
      return Promise.resolve();
    }
    if (this.#queue.length >= this.options.maxQueue) {
      return Promise.reject(
        new LimitError(
          'limit/queue-full',
          `The PDF renderer is busy (${this.#running} documents rendering, ${this.#queue.length} waiting); try again later.`,
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      // A caller that gives up while waiting leaves the queue (its turn is never given to it).
      const onAbort = () => {
        this.#queue = this.#queue.filter((w) => w !== waiter);
        this.#stats.cancelled++;
        reject(cancellation(signal as AbortSignal));
      };
      const waiter: Waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(waiter);
    });
  }

  #release(): void {
    const next = this.#queue.shift();
    if (next) {
      next.resolve(); // the slot passes straight to the next caller
      return;
    }
    this.#running--;
    if (this.#running === 0 && this.#drained) this.#drained();
  }

  /** The current browser generation, launching one when there is none. */
  #generation(): Generation {
    if (this.#gen && !this.#gen.dead && !this.#gen.retiring) return this.#gen;
    this.#stats.launches++;
    const gen: Generation = {
      id: this.#nextGenId++,
      docs: 0,
      active: 0,
      retiring: false,
      dead: false,
      browser: this.options.launch().then(
        (browser) => {
          browser.onExit(() => this.#onExit(gen));
          if (!browser.connected) this.#onExit(gen);
          return browser;
        },
        (error: unknown) => {
          gen.dead = true;
          if (this.#gen === gen) this.#gen = undefined;
          if (error instanceof ReadoutError) throw error;
          throw new RenderError(
            'engine/launch-failed',
            `Chromium did not start: ${errorMessage(error)}`,
            [],
            {
              cause: error,
            },
          );
        },
      ),
    };
    this.#gen = gen;
    return gen;
  }

  #onExit(gen: Generation): void {
    if (gen.dead) return;
    gen.dead = true;
    if (!gen.retiring && !this.#closing) this.#stats.restarts.crash++;
    if (this.#gen === gen) this.#gen = undefined;
    this.#idle = this.#idle.filter((slot) => slot.gen !== gen);
  }

  async #takeSlot(): Promise<Slot> {
    while (this.#idle.length) {
      const slot = this.#idle.pop() as Slot;
      if (!slot.gen.dead && !slot.gen.retiring) return slot;
    }
    const gen = this.#generation();
    const browser = await gen.browser;
    try {
      return { page: await browser.newPage(), gen, docs: 0 };
    } catch (error) {
      if (gen.dead || !browser.connected) {
        this.#onExit(gen);
        throw new CrashedError('Chromium went away while opening a page.', error);
      }
      throw new RenderError('render/page', `Chromium could not open a page: ${errorMessage(error)}`, [], {
        cause: error,
      });
    }
  }

  async #renderOnce(html: string, timeoutMs: number, signal: AbortSignal | undefined): Promise<PrintResult> {
    const slot = await this.#takeSlot();
    const { gen } = slot;
    gen.active++;
    let result: PrintResult;
    try {
      result = await withTimeout(
        slot.page.print(html, timeoutMs),
        timeoutMs,
        () => new TimeoutError('render/timeout', `The PDF took longer than ${timeoutMs} ms to render.`),
        signal,
      );
    } catch (error) {
      gen.active--;
      // A page given up on (time out, cancelled) is closed: whatever it was still doing stops with it.
      this.#discard(slot);
      await this.#closeIfRetired(gen);
      if (signal?.aborted) throw cancellation(signal);
      const browser = await gen.browser;
      if (error instanceof TimeoutError) {
        this.#stats.timeouts++;
        throw new RenderError(error.code, error.message);
      }
      if (gen.dead || !browser.connected) {
        this.#onExit(gen);
        throw new CrashedError('Chromium went away while rendering.', error);
      }
      throw new RenderError(
        'render/pdf',
        `Chromium could not print the document: ${errorMessage(error)}`,
        [],
        {
          cause: error,
        },
      );
    }
    gen.active--;
    slot.docs++;
    gen.docs++;
    this.#stats.rendered++;
    if (slot.docs >= this.options.maxDocsPerPage) {
      this.#stats.pagesRecycled++;
      this.#discard(slot);
    } else if (!gen.retiring && !gen.dead) {
      if (await this.#collectGarbage(slot, timeoutMs)) this.#idle.push(slot);
    } else {
      this.#discard(slot);
    }
    await this.#checkBrowser(gen);
    return result;
  }

  /** Collects the page's garbage when it is due; false (and the page discarded) when that failed. */
  async #collectGarbage(slot: Slot, timeoutMs: number): Promise<boolean> {
    const every = this.options.collectGarbageEvery;
    if (every <= 0 || slot.docs % every !== 0) return true;
    try {
      await withTimeout(
        slot.page.collectGarbage(),
        timeoutMs,
        () => new TimeoutError('render/timeout', 'The renderer did not finish collecting garbage.'),
      );
      this.#stats.collections++;
      return true;
    } catch {
      // The document is printed; a page that cannot collect is replaced (a crash is seen by #checkBrowser).
      this.#discard(slot);
      return false;
    }
  }

  async #closeIfRetired(gen: Generation): Promise<void> {
    if (gen.retiring && !gen.dead && gen.active === 0) await this.#closeBrowser(gen);
  }

  /** Retires the browser after maxDocsPerBrowser documents or past the memory limit. */
  async #checkBrowser(gen: Generation): Promise<void> {
    if (gen.retiring || gen.dead) {
      await this.#closeIfRetired(gen);
      return;
    }
    if (gen.docs >= this.options.maxDocsPerBrowser) {
      this.#stats.restarts.documents++;
      this.#retire(gen);
    } else if (gen.docs % this.options.memoryCheckEvery === 0) {
      const pid = (await gen.browser).pid;
      if (pid !== undefined) {
        const mb = this.options.memoryOf(pid);
        this.#stats.lastPssMb = mb;
        if (mb > this.options.memoryLimitMb) {
          this.#stats.restarts.memory++;
          this.#retire(gen);
        }
      }
    }
    await this.#closeIfRetired(gen);
  }

  #retire(gen: Generation): void {
    gen.retiring = true;
    if (this.#gen === gen) this.#gen = undefined;
    for (const slot of this.#idle.filter((s) => s.gen === gen)) this.#discard(slot);
    this.#idle = this.#idle.filter((s) => s.gen !== gen);
  }

  #discard(slot: Slot): void {
    this.#idle = this.#idle.filter((s) => s !== slot);
    // Not awaited: a page stuck in a runaway layout must not hold up the caller.
    void slot.page.close().catch(() => undefined);
  }

  async #closeBrowser(gen: Generation): Promise<void> {
    gen.retiring = true;
    try {
      const browser = await gen.browser;
      await browser.close();
    } catch {
      // it failed to start or is already gone
    }
    gen.dead = true;
  }
}

/** The browser crashed or disconnected under a render: the pool replaces it and tries once more. */
class CrashedError extends Error {
  constructor(message: string, cause: unknown) {
    super(`${message} (${errorMessage(cause)})`, { cause });
  }
}

let shared: PdfPool | undefined;

/**
 * The process-wide pool, created on first use with `config.chromiumPath` and `overrides` (later calls
 * return the same pool and ignore their arguments). Close it with closePdfPool() on shutdown.
 */
export function getPdfPool(
  config: { chromiumPath?: string | undefined } = {},
  overrides: Partial<PdfPoolOptions> = {},
): PdfPool {
  shared ??= new PdfPool({ chromiumPath: config.chromiumPath, ...overrides });
  return shared;
}

/** Closes the process-wide pool (waiting for running renders); a later getPdfPool() starts a new one. */
export async function closePdfPool(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.close();
}
