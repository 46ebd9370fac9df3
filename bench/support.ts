/**
 * What the benchmarks share: where the project and the corpus are, their command-line numbers, and a
 * context that refuses every fetch (a benchmark measures readout, never the network).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { type Ctx, createCtx } from '../src/context.js';
import type { Fetcher } from '../src/net/fetcher.js';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const corpus = resolve(root, '../shared/corpus');

/** The value after `--name` on the command line, if given. */
export function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/** The number after `--name` on the command line, or `fallback`. */
export function numberArg(name: string, fallback: number): number {
  const value = argValue(name);
  return value === undefined ? fallback : Number(value);
}

export const noNetwork: Fetcher = {
  fetch: async (url) => {
    throw new Error(`benchmark must not fetch ${url}`);
  },
};

/** The default configuration, logging nothing. */
export const config = loadConfig({}, { logLevel: 'silent' });

/** A fresh context with the default configuration and no network. */
export function benchCtx(): Ctx {
  return createCtx({ config, fetcher: noNetwork });
}
