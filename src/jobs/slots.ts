/**
 * Per-format concurrency: how many jobs or synchronous conversions of one output format run at once
 * (PDF: the size of the browser pool). Hand-written because it needs three ways in that no semaphore
 * package offers together: a non-blocking take of several formats at once (the embedded queue skips a
 * job whose formats are busy), a bounded wait for one format (a synchronous request beyond its backlog is
 * refused at once), and an unbounded ordered wait for several formats (BullMQ workers).
 */
import { LimitError } from '../errors.js';

export type Release = () => void;

interface Waiter {
  grant: () => void;
}

interface Lane {
  limit: number;
  running: number;
  waiting: Waiter[];
}

export class FormatSlots {
  readonly #limits: Record<string, number>;
  readonly #lanes = new Map<string, Lane>();
  readonly #freed = new Set<() => void>();

  /** `limits` by format name; `*` for every format not named. */
  constructor(limits: Record<string, number>) {
    this.#limits = limits;
  }

  limit(format: string): number {
    return Math.max(1, this.#limits[format] ?? this.#limits['*'] ?? 1);
  }

  #lane(format: string): Lane {
    let lane = this.#lanes.get(format);
    if (!lane) {
      lane = { limit: this.limit(format), running: 0, waiting: [] };
      this.#lanes.set(format, lane);
    }
    return lane;
  }

  #releaser(formats: readonly string[]): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      for (const f of formats) this.#release(f);
      for (const listener of this.#freed) listener();
    };
  }

  #release(format: string): void {
    const lane = this.#lane(format);
    const next = lane.waiting.shift();
    if (next) next.grant();
    else lane.running--;
  }

  /** Takes a slot of every format now, or none (and returns undefined). */
  tryTakeAll(formats: readonly string[]): Release | undefined {
    const unique = [...new Set(formats)];
    if (unique.some((f) => this.#lane(f).running >= this.#lane(f).limit || this.#lane(f).waiting.length)) {
      return undefined;
    }
    for (const f of unique) this.#lane(f).running++;
    return this.#releaser(unique);
  }

  /** Waits for a slot of `format`; refused at once when `maxWaiting` callers already wait. */
  acquire(format: string, maxWaiting = Number.POSITIVE_INFINITY): Promise<Release> {
    const lane = this.#lane(format);
    if (lane.running < lane.limit) {
      lane.running++;
      return Promise.resolve(this.#releaser([format]));
    }
    if (lane.waiting.length >= maxWaiting) {
      return Promise.reject(
        new LimitError(
          'limit/queue-full',
          `The ${format} converter is busy (${lane.running} running, ${lane.waiting.length} waiting); try again later.`,
        ),
      );
    }
    return new Promise((resolve) => {
      lane.waiting.push({ grant: () => resolve(this.#releaser([format])) });
    });
  }

  /** Waits for a slot of every format, taken in name order so that two callers never deadlock. */
  async acquireAll(formats: readonly string[]): Promise<Release> {
    const unique = [...new Set(formats)].sort();
    const held: Release[] = [];
    for (const f of unique) held.push(await this.acquire(f));
    return () => {
      for (const r of held) r();
    };
  }

  /** Called after every release (the embedded queue starts its next job). */
  onFreed(listener: () => void): () => void {
    this.#freed.add(listener);
    return () => this.#freed.delete(listener);
  }

  stats(): Record<string, { limit: number; running: number; waiting: number }> {
    const out: Record<string, { limit: number; running: number; waiting: number }> = {};
    for (const [f, lane] of this.#lanes) {
      out[f] = { limit: lane.limit, running: lane.running, waiting: lane.waiting.length };
    }
    return out;
  }
}
