/**
 * The external engines a batch uses, in whichever thread runs its entries: the PDF browser pool is sized
 * before first use and closed when the batch ends. The PDF module is loaded only when this build writes
 * PDF, so batches of other formats never load the browser driver. The cover rasteriser (a child process
 * started by the first EPUB cover) is closed with them.
 */
import type { Config } from '../config.js';
import { closeSvgRasteriser } from '../engines/svg-rasteriser.js';
import { isOutputFormat } from '../write/index.js';

/** Sizes this thread's PDF pool (pages rendering at once); a pool that already exists is kept as it is. */
export async function preparePdfPool(config: Config, pages: number): Promise<void> {
  if (!isOutputFormat('pdf')) return;
  const { getPdfPool } = await import('../write/pdf/index.js');
  getPdfPool(config, { pages: Math.max(1, pages) });
}

/** Closes this thread's PDF pool (waiting for running renders), if this build writes PDF, and the cover rasteriser. */
export async function closeBatchEngines(): Promise<void> {
  await closeSvgRasteriser();
  if (!isOutputFormat('pdf')) return;
  const { closePdfPool } = await import('../write/pdf/index.js');
  await closePdfPool();
}
