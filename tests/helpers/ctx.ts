/** A test context: real configuration defaults, a fetcher that fails the test if it is ever reached. */
import { type Config, loadConfig } from '../../src/config.js';
import { type Ctx, createCtx } from '../../src/context.js';
import type { Fetcher } from '../../src/net/fetcher.js';

export const noNetwork: Fetcher = {
  async fetch(url: string) {
    throw new Error(`test tried to fetch ${url}: this test must not use the network`);
  },
};

export function testCtx(overrides: { config?: Partial<Config>; fetcher?: Fetcher } = {}): Ctx {
  return createCtx({
    config: loadConfig({}, overrides.config ?? {}),
    fetcher: overrides.fetcher ?? noNetwork,
  });
}
