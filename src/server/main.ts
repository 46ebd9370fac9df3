/** Starts the HTTP service (`npm start`, `readout serve`) and shuts it down cleanly on SIGTERM/SIGINT. */
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../log.js';
import { fetcherFromConfig } from '../net/safe-fetch.js';
import { createApp } from './app.js';

export async function startServer(config: Config): Promise<Server> {
  const logger = createLogger(config);
  const fetcher = fetcherFromConfig(config);
  const app = createApp({ config, fetcher, logger });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, host: config.host }, `readout listening on http://${config.host}:${port}`);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      void fetcher.close().finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return server;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await startServer(loadConfig());
  } catch (error) {
    process.stderr.write(`readout: ${error instanceof ConfigError ? error.message : String(error)}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
}
