/**
 * `readout worker` as a long-running process: serves both queues — export jobs (worker.ts) and batch
 * entries (batch-worker.ts) — and stops cleanly on SIGTERM/SIGINT (batch entries first, so that the PDF
 * engine the export worker closes last is not closed under them).
 * Also runnable directly: `node dist/jobs/worker-main.js` (the container's worker command).
 */
import { fileURLToPath } from 'node:url';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { fetcherFromConfig } from '../net/safe-fetch.js';
import { startBatchWorker } from './batch-worker.js';
import { startWorker } from './worker.js';

/** Resolves when the worker has stopped after a signal. */
export async function runWorker(config: Config): Promise<void> {
  const logger = createLogger(config);
  const worker = await startWorker(config, logger);
  const { redisUrl } = config;
  const fetcher = fetcherFromConfig(config);
  const batches = redisUrl
    ? await startBatchWorker({ config: { ...config, redisUrl }, logger, fetcher })
    : undefined;
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'worker shutting down');
      setTimeout(() => process.exit(1), 2 * config.shutdownGraceMs + 10_000).unref();
      void (async () => {
        await batches?.close();
        await worker.close();
        await fetcher.close();
      })().then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  logger.info('worker stopped');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await runWorker(loadConfig());
  } catch (error) {
    process.stderr.write(`readout worker: ${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
}
