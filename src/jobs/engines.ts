/**
 * The external engines the jobs use, seen from the service: the PDF browser pool (src/write/pdf/browser.ts)
 * is sized to the PDF concurrency before its first use, checked for readiness (a Chromium can be found),
 * read for metrics, and closed on shutdown.
 */
import type { Config } from '../config.js';
import { resolveChromium } from '../engines/chromium-path.js';
import { closeSvgRasteriser } from '../engines/svg-rasteriser.js';
import { errorMessage } from '../errors.js';
import { isOutputFormat } from '../write/index.js';
import { closePdfPool, getPdfPool, type PoolStats } from '../write/pdf/browser.js';

let chromium: Promise<string | undefined> | undefined;
let configured = false;

/** True when this build writes PDF (the writer is registered). */
export function pdfEnabled(): boolean {
  return isOutputFormat('pdf');
}

function pdfPages(config: Pick<Config, 'concurrency'>): number {
  return Math.max(1, config.concurrency.pdf ?? config.concurrency['*'] ?? 1);
}

/**
 * Sizes the process-wide PDF pool (first call wins: the writer's own getPdfPool() later returns this
 * one) and starts looking for Chromium in the background, so /readyz can tell.
 */
export function prepareEngines(config: Config): void {
  if (!pdfEnabled()) return;
  if (!configured) {
    getPdfPool(config, { pages: pdfPages(config) });
    configured = true;
  }
  chromium ??= resolveChromium(config).then(
    () => undefined,
    (error: unknown) => `no Chromium for PDF: ${errorMessage(error)}`,
  );
}

/** undefined when every engine is usable, else why not. */
export async function enginesNotReady(config: Config): Promise<string | undefined> {
  if (!pdfEnabled()) return undefined;
  prepareEngines(config);
  return chromium;
}

/** The PDF pool's counters, when PDF is enabled and the pool exists. */
export function pdfPoolStats(): PoolStats | undefined {
  return configured ? getPdfPool().stats() : undefined;
}

/** Closes the PDF browser pool (waiting for running renders) and the cover rasteriser. */
export async function closeEngines(): Promise<void> {
  configured = false;
  chromium = undefined;
  await Promise.all([closePdfPool(), closeSvgRasteriser()]);
}
