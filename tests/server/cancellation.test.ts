/**
 * Work given up stops: a synchronous conversion past its timeout or whose client went away, and a running
 * export job that is deleted, abort the work they started (here a page fetch that never answers by itself)
 * instead of letting it run on for nobody. Pool and speech cancellation: pdf-pool.test.ts, audio.test.ts.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { exportArticle } from '../../src/export.js';
import type { Fetcher, FetchOptions } from '../../src/net/fetcher.js';
import { testApp } from '../helpers/app.js';
import { testCtx } from '../helpers/ctx.js';
import { expectProblem, openService } from './support.js';

/** A fetcher whose requests answer only by failing when their signal fires; it records every signal. */
function hangingFetcher() {
  const signals: (AbortSignal | undefined)[] = [];
  const fetcher: Fetcher = {
    fetch: (_url: string, options?: FetchOptions) =>
      new Promise((_, reject) => {
        const signal = options?.signal;
        signals.push(signal);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
  };
  return { fetcher, signals };
}

const article = { url: 'https://news.example/politics/story' };

describe('cancellation', () => {
  it('a conversion past READOUT_REQUEST_TIMEOUT_MS answers 503 and stops the fetch it started', async () => {
    const hang = hangingFetcher();
    const app = testApp({ requestTimeoutMs: 300 }, hang.fetcher);
    expectProblem(await request(app).post('/v1/convert/html').send(article), 503, /longer than 300 ms/);
    expect(hang.signals).toHaveLength(1);
    expect(hang.signals[0]?.aborted).toBe(true);
    expect(hang.signals[0]?.reason).toMatchObject({ code: 'limit/timeout' });
  });

  it('a client that goes away stops its conversion', async () => {
    const hang = hangingFetcher();
    const app = testApp({ requestTimeoutMs: 60_000 }, hang.fetcher);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const { port } = server.address() as AddressInfo;
      const req = httpRequest({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/convert/ssml',
        headers: { 'content-type': 'application/json' },
      });
      req.on('error', () => undefined);
      req.end(JSON.stringify(article));
      await vi.waitFor(() => expect(hang.signals).toHaveLength(1), { timeout: 5000 });
      expect(hang.signals[0]?.aborted).toBe(false);
      req.destroy();
      await vi.waitFor(() => expect(hang.signals[0]?.aborted).toBe(true), { timeout: 5000 });
      expect(hang.signals[0]?.reason).toMatchObject({ code: 'render/cancelled' });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('deleting a running export job stops its work', async () => {
    const hang = hangingFetcher();
    const t = await openService({}, undefined, hang.fetcher);
    try {
      const created = await request(t.app)
        .post('/v1/exports')
        .send({ ...article, formats: ['pdf', 'epub'] });
      expect(created.status, created.text).toBe(202);
      await vi.waitFor(() => expect(hang.signals).toHaveLength(1), { timeout: 5000 });
      expect((await request(t.app).delete(`/v1/exports/${created.body.id}`)).status).toBe(204);
      await vi.waitFor(() => expect(hang.signals[0]?.aborted).toBe(true), { timeout: 5000 });
      // Its slots are free again at once (not after the fetch's own time-out).
      await vi.waitFor(
        () => expect(Object.values(t.service.slots.stats()).every((slot) => slot.running === 0)).toBe(true),
        { timeout: 5000 },
      );
    } finally {
      await t.close();
    }
  });

  it('an export whose signal has already fired reads nothing', async () => {
    const hang = hangingFetcher();
    const ctx = { ...testCtx({ fetcher: hang.fetcher }), signal: AbortSignal.abort() };
    await expect(
      exportArticle({ input: { data: article.url, format: 'url' }, formats: ['html'] }, ctx),
    ).rejects.toMatchObject({ code: 'render/cancelled' });
    expect(hang.signals).toHaveLength(0);
  });
});
