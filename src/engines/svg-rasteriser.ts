/**
 * SVG → PNG in a supervised child process (the EPUB cover). Rasterising text goes through librsvg, pango,
 * cairo and fontconfig, whose caches of fonts and glyphs live in native memory and never shrink: titles in
 * unusual scripts grew a process by about 1–3 MB a cover (900 covers of random characters: +850 MB), a
 * steady leak for a long-running service fed by the web. Here that memory belongs to a child that is
 * replaced after a number of pictures or past a memory limit, like the browser of the PDF pool.
 *
 * The child is started with an IPC channel: it exits when the channel closes (the parent ended, even by
 * SIGKILL). While nothing is in flight, the child and its channel are unreferenced, so an idle rasteriser
 * never keeps a command from ending. A render that takes longer than its time box kills the child.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { errorMessage, RenderError } from '../errors.js';
import { processPssMb } from '../write/pdf/memory.js';

export interface SvgRasteriserOptions {
  /** The child is replaced after this many pictures (default 50: its glyph caches reach ~150 MB by then). */
  maxRenders: number;
  /** The child is replaced when its PSS passes this, in MiB (default 256; checked after each picture). */
  memoryLimitMb: number;
  /** Time box of one picture in milliseconds (default 20 000); past it the child is killed. */
  timeoutMs: number;
}

interface Pending {
  resolve: (png: Buffer) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

interface Child {
  process: ChildProcess;
  ready: Promise<void>;
  renders: number;
  pending: Map<number, Pending>;
  retiring: boolean;
}

type Reply = { ready: true } | { id: number; png: Uint8Array } | { id: number; error: string };

/**
 * The child's program, run by `node --input-type=module -e` (plain JavaScript: the same in development,
 * where the sources are TypeScript, as from dist/, and nothing but sharp loaded): rasterises `{ id, svg }`
 * messages to `{ id, png }` or `{ id, error }`, and exits when the channel to its parent closes.
 */
const CHILD_PROGRAM = `
const { default: sharp } = await import(process.env.READOUT_SHARP_URL);
sharp.cache(false);
process.on('message', (m) => {
  sharp(Buffer.from(m.svg)).png().toBuffer().then(
    (png) => process.send({ id: m.id, png }),
    (e) => process.send({ id: m.id, error: e instanceof Error ? e.message : String(e) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
`;

const sharpUrl = pathToFileURL(createRequire(import.meta.url).resolve('sharp')).href;

export class SvgRasteriser {
  readonly options: SvgRasteriserOptions;
  #child: Child | undefined;
  #nextId = 0;
  #closed = false;
  /** Children started so far (replacements included). */
  started = 0;

  constructor(options: Partial<SvgRasteriserOptions> = {}) {
    this.options = {
      maxRenders: options.maxRenders ?? 50,
      memoryLimitMb: options.memoryLimitMb ?? 256,
      timeoutMs: options.timeoutMs ?? 20_000,
    };
  }

  /** The pid of the current child (undefined when none is running). */
  get pid(): number | undefined {
    return this.#child?.process.pid;
  }

  /**
   * The PNG of `svg`. Refused with RenderError when the picture cannot be made or takes too long; a child
   * that went away under the picture is replaced and the picture drawn once more.
   */
  async render(svg: string): Promise<Buffer> {
    try {
      return await this.#renderOnce(svg);
    } catch (error) {
      if (error instanceof RenderError && error.code === 'render/crashed' && !this.#closed) {
        return await this.#renderOnce(svg);
      }
      throw error;
    }
  }

  async #renderOnce(svg: string): Promise<Buffer> {
    if (this.#closed) throw new RenderError('engine/closed', 'The SVG rasteriser is shut down.');
    const child = this.#current();
    await child.ready;
    const id = ++this.#nextId;
    const png = new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new RenderError(
            'render/timeout',
            `The picture took longer than ${this.options.timeoutMs} ms to draw.`,
          ),
        );
        child.pending.delete(id);
        this.#kill(child);
      }, this.options.timeoutMs);
      child.pending.set(id, { resolve, reject, timer });
    });
    this.#ref(child, true);
    try {
      child.process.send({ id, svg });
    } catch (error) {
      // The channel closed between the child's start and now.
      const pending = child.pending.get(id);
      child.pending.delete(id);
      if (pending) clearTimeout(pending.timer);
      pending?.reject(
        new RenderError('render/crashed', `The SVG rasteriser went away (${errorMessage(error)}).`),
      );
    }
    try {
      return await png;
    } finally {
      child.renders++;
      this.#afterRender(child);
    }
  }

  /** Ends the child (pictures in flight fail). */
  async close(): Promise<void> {
    this.#closed = true;
    const child = this.#child;
    this.#child = undefined;
    if (child) this.#kill(child);
  }

  #current(): Child {
    if (this.#child && !this.#child.retiring && this.#child.process.exitCode === null) return this.#child;
    const proc = spawn(process.execPath, ['--input-type=module', '-e', CHILD_PROGRAM], {
      env: { ...process.env, READOUT_SHARP_URL: sharpUrl },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    this.started++;
    const child: Child = {
      process: proc,
      renders: 0,
      pending: new Map(),
      retiring: false,
      ready: Promise.resolve(),
    };
    child.ready = new Promise<void>((resolve, reject) => {
      proc.on('message', (reply: Reply) => {
        if ('ready' in reply) {
          resolve();
          return;
        }
        const pending = child.pending.get(reply.id);
        if (!pending) return;
        child.pending.delete(reply.id);
        clearTimeout(pending.timer);
        if ('png' in reply)
          pending.resolve(Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength));
        else pending.reject(new RenderError('render/svg', `The picture could not be drawn: ${reply.error}`));
      });
      proc.once('error', (error) =>
        reject(
          new RenderError('engine/launch-failed', `The SVG rasteriser did not start: ${errorMessage(error)}`),
        ),
      );
      proc.once('exit', (code, signal) => {
        reject(
          new RenderError(
            'engine/launch-failed',
            `The SVG rasteriser exited before it was ready (${signal ?? code}).`,
          ),
        );
        for (const [id, pending] of child.pending) {
          clearTimeout(pending.timer);
          pending.reject(
            new RenderError('render/crashed', `The SVG rasteriser went away (${signal ?? code}).`),
          );
          child.pending.delete(id);
        }
        if (this.#child === child) this.#child = undefined;
      });
    });
    child.ready.catch(() => undefined);
    this.#child = child;
    return child;
  }

  #afterRender(child: Child): void {
    if (child.pending.size === 0) this.#ref(child, false);
    if (child.retiring) {
      if (child.pending.size === 0) this.#kill(child);
      return;
    }
    const pid = child.process.pid;
    const tooBig = pid !== undefined && processPssMb(pid) > this.options.memoryLimitMb;
    if (child.renders >= this.options.maxRenders || tooBig) {
      child.retiring = true;
      if (this.#child === child) this.#child = undefined;
      if (child.pending.size === 0) this.#kill(child);
    }
  }

  /** While pictures are in flight the child keeps the event loop alive; otherwise it does not. */
  #ref(child: Child, on: boolean): void {
    const channel = child.process.channel as { ref(): void; unref(): void } | null | undefined;
    if (on) {
      child.process.ref();
      channel?.ref();
    } else {
      child.process.unref();
      channel?.unref();
    }
  }

  #kill(child: Child): void {
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
  }
}

let shared: SvgRasteriser | undefined;

/** The process-wide rasteriser, started on first use. */
export function getSvgRasteriser(): SvgRasteriser {
  shared ??= new SvgRasteriser();
  return shared;
}

/** Ends the process-wide rasteriser; a later getSvgRasteriser() starts a new one. */
export async function closeSvgRasteriser(): Promise<void> {
  const r = shared;
  shared = undefined;
  await r?.close();
}
