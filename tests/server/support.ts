/** A jobs service over a fresh data folder, with its app, for the jobs API tests (silent logs, no network). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { expect } from 'vitest';
import { type Config, loadConfig } from '../../src/config.js';
import type { JobProcessor } from '../../src/jobs/processor.js';
import { ExportService } from '../../src/jobs/service.js';
import { createLogger } from '../../src/log.js';
import type { Fetcher } from '../../src/net/fetcher.js';
import { createApp } from '../../src/server/app.js';
import { noNetwork } from '../helpers/ctx.js';

export function tmpDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'readout-jobs-'));
}

export interface TestService {
  config: Config;
  service: ExportService;
  app: ReturnType<typeof createApp>;
  close(): Promise<void>;
}

export async function openService(
  overrides: Partial<Config> = {},
  processor?: JobProcessor,
  fetcher: Fetcher = noNetwork,
): Promise<TestService> {
  const config = loadConfig({}, { logLevel: 'silent', dataDir: tmpDataDir(), ...overrides });
  const logger = createLogger(config);
  const service = await ExportService.open(config, {
    fetcher,
    logger,
    ...(processor ? { processor } : {}),
  });
  const app = createApp({ config, fetcher, logger, service });
  return {
    config,
    service,
    app,
    async close() {
      await service.close(0);
      if (!overrides.dataDir) rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls a job until it is done or failed. */
export async function settled(
  app: TestService['app'],
  id: string,
  auth: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<request.Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(app).get(`/v1/exports/${id}`).set(auth);
    expect(res.status).toBe(200);
    if (res.body.status === 'done' || res.body.status === 'failed') return res;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${res.body.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function expectProblem(res: request.Response, status: number, detail: RegExp): void {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.status).toBe(status);
  expect(res.body.detail).toMatch(detail);
}

/** A processor that waits until released (to hold jobs in `running`). */
export function gatedProcessor(real?: JobProcessor) {
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const started: string[] = [];
  const processor: JobProcessor = async (job, signal) => {
    started.push(job.id);
    await gate;
    if (!real) throw new Error('gated processor has no real processor behind it');
    return real(job, signal);
  };
  return { processor, started, release: () => open() };
}
