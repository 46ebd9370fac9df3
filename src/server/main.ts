/**
 * Starts the HTTP service (`npm start`, `readout serve`) with its export jobs and batches, and shuts it down cleanly
 * on SIGTERM/SIGINT: stop accepting connections, let running jobs and batch entries finish within READOUT_SHUTDOWN_GRACE_MS
 * (the rest go back to the queue for the next start), close the PDF browser pool and the fetcher.
 */
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { BatchService } from '../jobs/batch-service.js';
import { ExportService } from '../jobs/service.js';
import { createLogger } from '../log.js';
import { fetcherFromConfig } from '../net/safe-fetch.js';
import { createApp } from './app.js';

export interface RunningServer {
  server: Server;
  service: ExportService;
  batches: BatchService;
  /** Stops accepting, finishes or re-queues jobs, closes engines; resolves when all is closed. */
  stop(): Promise<void>;
}

export async function startService(config: Config): Promise<RunningServer> {
  const logger = createLogger(config);
  const fetcher = fetcherFromConfig(config);
  const service = await ExportService.open(config, { fetcher, logger });
  let batches: BatchService;
  try {
    // Resumes the batches an earlier process left unfinished (their finished entries come from the cache).
    batches = await BatchService.open(config, { fetcher, logger });
  } catch (error) {
    await service.close(0);
    throw error;
  }
  const app = createApp({ config, fetcher, logger, service, batches });
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.port, config.host, () => resolve(s));
      s.once('error', reject);
    });
  } catch (error) {
    await batches.close(0);
    await service.close(0);
    throw error;
  }
  server.requestTimeout = config.requestTimeoutMs + 5000;
  server.headersTimeout = Math.min(60_000, server.requestTimeout);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    { port, host: config.host, queue: service.mode, dataDir: service.files.root },
    `readout listening on http://${config.host}:${port}`,
  );
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // Batches first: their entries in flight finish (or are left to resume) while the PDF engine is up.
      await batches.close(config.shutdownGraceMs);
      await service.close(config.shutdownGraceMs);
      await fetcher.close();
      server.closeAllConnections();
      await closed;
    })();
    return stopping;
  };
  return { server, service, batches, stop };
}

export async function startServer(config: Config): Promise<Server> {
  const running = await startService(config);
  const logger = createLogger(config);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.warn('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 10_000).unref();
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return running.server;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await startServer(loadConfig());
  } catch (error) {
    process.stderr.write(`readout: ${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
}
