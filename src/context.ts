/**
 * I/O reaches readers, transforms and writers only through this context, so tests can hand in
 * fakes where the real thing is not the point (pandoc's PandocMonad idea).
 */
import type { Config } from './config.js';
import type { ImageStore } from './enrich/images/store.js';
import type { Fetcher } from './net/fetcher.js';
import { Report } from './report.js';

export interface Ctx {
  config: Config;
  report: Report;
  fetcher: Fetcher;
  now(): Date;
  /** Normalised image bytes by figure id, filled by the images transform and read by writers. */
  images?: ImageStore;
  /** The folder of a CLI input file: only then may figures point at local image files (inside it). */
  baseDir?: string;
  /**
   * Fires when the work is given up (its job cancelled or stopped, its request timed out or its client
   * gone): fetches stop, a waiting or printing PDF is dropped, and the export stops between stages.
   */
  signal?: AbortSignal;
}

export function createCtx(
  parts: Pick<Ctx, 'config' | 'fetcher'> & Partial<Omit<Ctx, 'config' | 'fetcher'>>,
): Ctx {
  return { report: new Report(), now: () => new Date(), ...parts };
}
