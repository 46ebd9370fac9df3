/** The Express app with test defaults: silent logs, no network. */
import { type Config, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import type { Fetcher } from '../../src/net/fetcher.js';
import { createApp } from '../../src/server/app.js';
import { noNetwork } from './ctx.js';

export function testApp(config: Partial<Config> = {}, fetcher: Fetcher = noNetwork) {
  const cfg = loadConfig({}, { logLevel: 'silent', ...config });
  return createApp({ config: cfg, fetcher, logger: createLogger(cfg) });
}
