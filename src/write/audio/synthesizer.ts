/**
 * Puts an engine to work: at most `concurrency` requests at a time (one per core by default), and a cache
 * of what was spoken keyed by engine and request (the request carries the text and the voice), bounded by
 * the bytes it holds. Writers of the same article (`audio`, `vtt`, `epub-audio`) share it, so the article is
 * spoken once per process. Hand-written queue (a dozen lines): no concurrency package is a dependency.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { cancellation } from '../../errors.js';
import { EspeakEngine } from './engines/espeak.js';
import type { Pcm, SpeechRequest, TtsEngine } from './engines/types.js';

export interface SynthesizerSettings {
  concurrency?: number;
  /** Most bytes of audio kept in the cache (default 64 MiB); 0 turns the cache off. */
  cacheBytes?: number;
}

export class Synthesizer {
  readonly concurrency: number;
  private readonly cacheBytes: number;
  private readonly cache = new Map<string, Promise<Pcm>>();
  private readonly sizes = new Map<string, number>();
  private held = 0;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** The errors of requests not spoken because their caller gave up (see speak). */
  private readonly cancelled = new WeakSet<object>();
  /** Requests actually sent to the engine (not answered from the cache). */
  spoken = 0;

  constructor(
    readonly engine: TtsEngine,
    settings: SynthesizerSettings = {},
  ) {
    this.concurrency = Math.max(1, settings.concurrency ?? availableParallelism());
    this.cacheBytes = settings.cacheBytes ?? 64 * 1024 * 1024;
  }

  /**
   * The audio of one request; the same request gives the same (shared, read-only) samples. A request whose
   * `signal` has fired by the time its turn comes is not spoken (it fails with its cancellation, and is not
   * cached): a cancelled export gives its place to the others instead of speaking to nobody.
   */
  speak(request: SpeechRequest, signal?: AbortSignal): Promise<Pcm> {
    const key = createHash('sha256')
      .update(`${this.engine.id}\u0000${request.lang}\u0000${request.ssml}`)
      .digest('base64url');
    const hit = this.cache.get(key);
    if (hit) {
      // Most recently used last.
      this.cache.delete(key);
      this.cache.set(key, hit);
      // Shared with a request that was then cancelled: this caller still wants it, so it is spoken again.
      return hit.catch((error: unknown) => {
        if (this.cancelled.has(error as object)) return this.speak(request, signal);
        throw error;
      });
    }
    const pending = this.run(request, signal);
    if (this.cacheBytes > 0) {
      this.cache.set(key, pending);
      pending.then(
        (pcm) => this.account(key, pcm.samples.byteLength),
        () => this.cache.delete(key),
      );
    }
    return pending;
  }

  private account(key: string, bytes: number): void {
    if (!this.cache.has(key)) return;
    this.sizes.set(key, bytes);
    this.held += bytes;
    for (const old of this.cache.keys()) {
      if (this.held <= this.cacheBytes) break;
      const size = this.sizes.get(old);
      if (size === undefined) continue; // still being spoken
      this.cache.delete(old);
      this.sizes.delete(old);
      this.held -= size;
    }
  }

  private async run(request: SpeechRequest, signal: AbortSignal | undefined): Promise<Pcm> {
    const check = () => {
      if (!signal?.aborted) return;
      const error = cancellation(signal);
      this.cancelled.add(error);
      throw error;
    };
    check();
    // A finished request hands its slot straight to the next one waiting.
    if (this.active >= this.concurrency) await new Promise<void>((go) => this.waiting.push(go));
    else this.active++;
    try {
      check();
      this.spoken++;
      return await this.engine.synthesize(request);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

let shared: Synthesizer | undefined;

/** The process's eSpeak NG synthesizer at the given rate (one per rate; the default rate is shared). */
export function defaultSynthesizer(rate?: number): Synthesizer {
  if (rate === undefined || rate === 175) {
    shared ??= new Synthesizer(new EspeakEngine());
    return shared;
  }
  const other = rateSynthesizers.get(rate) ?? new Synthesizer(new EspeakEngine({ rate }));
  rateSynthesizers.set(rate, other);
  return other;
}
const rateSynthesizers = new Map<number, Synthesizer>();
