/**
 * The embedded queue over SQLite: restart-resume (a stopped service's queued and running jobs run in the
 * next one, finished jobs stay downloadable), a crash mid-job, retries with back-off, expiry, per-format slots.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/errors.js';
import type { JobProcessor } from '../../src/jobs/processor.js';
import { FormatSlots } from '../../src/jobs/slots.js';
import { JobStore } from '../../src/jobs/store.js';
import { corpusText } from '../helpers/corpus.js';
import { gatedProcessor, openService, settled, tmpDataDir } from '../server/support.js';

const meduza = corpusText('meduza-lavrov-blinken.txt');
const job = (formats: string[] = ['html']) => ({ text: meduza, formats });

describe('restart-resume', () => {
  it('queued and running jobs of a stopped service run after a restart; finished ones stay downloadable', async () => {
    const dataDir = tmpDataDir();
    try {
      // First life: one job finishes, then the processor hangs with one running and two queued.
      const first = await openService({ dataDir, concurrency: { '*': 1 } });
      const finished = await request(first.app).post('/v1/exports').send(job());
      const done = await settled(first.app, finished.body.id);
      await first.close();

      const gate = gatedProcessor();
      const second = await openService({ dataDir, concurrency: { '*': 1 } }, gate.processor);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++)
        ids.push((await request(second.app).post('/v1/exports').send(job())).body.id);
      expect(gate.started).toEqual([ids[0]]);
      const states = await Promise.all(ids.map((id) => request(second.app).get(`/v1/exports/${id}`)));
      expect(states.map((s) => s.body.status)).toEqual(['running', 'queued', 'queued']);
      await second.service.close(0); // grace 0: the running job goes back to the queue

      // Third life, over the same data folder and SQLite file, with a working processor.
      const third = await openService({ dataDir, concurrency: { '*': 1 } });
      for (const id of ids) {
        const res = await settled(third.app, id);
        expect(res.body.status).toBe('done');
        expect(res.body.attempts).toBe(1); // the interrupted attempt is not counted
      }
      const again = await request(third.app).get(done.body.files[0].href);
      expect(again.status).toBe(200);
      expect(again.headers.etag).toBe(`"${done.body.files[0].sha256}"`);
      await third.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a job left "running" by a process that died is run again', async () => {
    const dataDir = tmpDataDir();
    try {
      const gate = gatedProcessor();
      const first = await openService({ dataDir }, gate.processor);
      const { id } = (
        await request(first.app)
          .post('/v1/exports')
          .send(job(['ssml']))
      ).body;
      expect(gate.started).toEqual([id]);
      // The process "dies": nothing is closed or re-queued; the record still says running.
      const store = new JobStore(join(dataDir, 'readout.sqlite'));
      expect(store.get(id)?.state).toBe('running');
      store.close();

      const second = await openService({ dataDir });
      const res = await settled(second.app, id);
      expect(res.body.status).toBe('done');
      expect(res.body.files.some((f: { name: string }) => f.name.endsWith('.ssml'))).toBe(true);
      await second.close();
      await first.service.close(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('retries, expiry, slots', () => {
  it('retries a render failure with back-off, never bad input', async () => {
    let calls = 0;
    const holder: { real?: JobProcessor } = {};
    const flaky: JobProcessor = async (j, signal) => {
      calls++;
      if (calls === 1) throw new RenderError('render/crashed', 'the renderer went away');
      return holder.real!(j, signal);
    };
    const t = await openService({ jobAttempts: 3, jobBackoffMs: 50 }, flaky);
    const { createProcessor } = await import('../../src/jobs/processor.js');
    const { noNetwork } = await import('../helpers/ctx.js');
    holder.real = createProcessor({ config: t.config, fetcher: noNetwork, files: t.service.files });
    try {
      const res = await settled(t.app, (await request(t.app).post('/v1/exports').send(job())).body.id);
      expect(res.body.status).toBe('done');
      expect(res.body.attempts).toBe(2);

      const always: JobProcessor = async () => {
        throw new RenderError('render/crashed', 'the renderer went away');
      };
      const broken = await openService({ jobAttempts: 2, jobBackoffMs: 20 }, always);
      const failed = await settled(
        broken.app,
        (await request(broken.app).post('/v1/exports').send(job())).body.id,
      );
      expect(failed.body).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'render/crashed' } });
      await broken.close();
    } finally {
      await t.close();
    }
  });

  it('deletes finished jobs and their files after READOUT_JOB_TTL_SECONDS', async () => {
    const t = await openService({ jobTtlSeconds: 60 });
    try {
      const { id } = (await request(t.app).post('/v1/exports').send(job())).body;
      await settled(t.app, id);
      const dir = t.service.files.jobDir(id);
      expect(existsSync(dir)).toBe(true);
      expect(t.service.sweep(Date.now() + 30_000)).toBe(0);
      expect(t.service.sweep(Date.now() + 61_000)).toBe(1);
      expect((await request(t.app).get(`/v1/exports/${id}`)).status).toBe(404);
      await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(dir)).toBe(false);
    } finally {
      await t.close();
    }
  });

  it('FormatSlots: per-format limits, bounded waits, all-or-nothing takes', async () => {
    const slots = new FormatSlots({ '*': 2, pdf: 1 });
    const pdf = slots.tryTakeAll(['pdf', 'html']);
    expect(pdf).toBeDefined();
    expect(slots.tryTakeAll(['pdf'])).toBeUndefined();
    const html = slots.tryTakeAll(['html']);
    expect(html).toBeDefined();
    expect(slots.tryTakeAll(['ssml', 'html'])).toBeUndefined(); // html is full: nothing taken
    expect(slots.stats().ssml).toMatchObject({ running: 0 });
    await expect(slots.acquire('pdf', 0)).rejects.toThrow(/pdf converter is busy/);
    const waiting = slots.acquire('pdf', 1);
    await expect(slots.acquire('pdf', 1)).rejects.toThrow(/1 waiting/);
    pdf!();
    const granted = await waiting;
    expect(slots.stats().pdf).toMatchObject({ running: 1, waiting: 0 });
    granted();
    html!();
    expect(slots.stats().html).toMatchObject({ running: 0 });
  });
});
