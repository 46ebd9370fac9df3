/**
 * Batches survive their service: a `readout serve` process killed with SIGKILL mid-batch, and a service
 * shut down gracefully mid-batch, leave the batch to the next service on the same data folder, which
 * resumes it on start and completes it, taking every entry finished before from the cache (the manifest's
 * `cached` count is exactly the entries finished before the stop; none is exported twice).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { BATCHES_FOLDER } from '../../src/jobs/batch-files.js';
import { corpusFiles, writeZip } from '../batch/batch-support.js';
import { projectRoot } from '../helpers/corpus.js';
import { waitForOutput } from '../jobs/redis-support.js';
import { batchSettled, gatedRunner, openBatchService, readEvents, tmpDataDir } from './batches-support.js';

/** Finished cache entries of a batch (record.json written last, atomically). */
function finishedEntries(dataDir: string, id: string): number {
  const root = join(dataDir, BATCHES_FOLDER, id, 'cache', 'entries');
  if (!existsSync(root)) return 0;
  let n = 0;
  for (const prefix of readdirSync(root)) {
    for (const key of readdirSync(join(root, prefix))) {
      if (existsSync(join(root, prefix, key, 'record.json'))) n += 1;
    }
  }
  return n;
}

describe('a batch outlives its service', () => {
  it('a SIGKILLed service’s batch is resumed by the next one without redoing finished entries', async () => {
    const dataDir = tmpDataDir();
    const child = spawn(process.execPath, ['--import', 'tsx', join('tests', 'jobs', 'run-cli.ts'), 'serve'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        READOUT_DATA_DIR: dataDir,
        READOUT_CONCURRENCY: '*=1,pdf=1',
        READOUT_API_KEYS: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const ready = await waitForOutput(child, /readout listening on http:\/\/127\.0\.0\.1:\d+/, 60_000);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(ready)![1]!;
      const files = corpusFiles();
      const zip = readFileSync(await writeZip(join(dataDir, 'corpus.zip'), files));
      const created = await request(url)
        .post('/v1/batches?to=html,ssml,epub')
        .set('Content-Type', 'application/zip')
        .send(zip);
      expect(created.status, created.text).toBe(202);
      const id = created.body.id as string;

      const deadline = Date.now() + 90_000;
      while (finishedEntries(dataDir, id) < 3 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      child.kill('SIGKILL');
      await exited;
      const before = finishedEntries(dataDir, id);
      expect(before).toBeGreaterThanOrEqual(3);
      expect(before).toBeLessThan(files.size);

      const t = await openBatchService({ dataDir, concurrency: { '*': 2, pdf: 1 } });
      try {
        const stream = await readEvents(t.app, id);
        expect(stream.events.at(-1)?.event).toBe('finish');
        // Two runs in one log: the killed one, then the resumed one.
        expect(new Set(stream.events.map((e) => e.event === 'start' && e.id)).size).toBeGreaterThan(2);
        const done = await batchSettled(t.app, id);
        expect(done.body.status).toBe('complete');
        const manifest = await request(t.app).get(`/v1/batches/${id}/manifest.json`);
        expect(manifest.body.totals).toMatchObject({
          entries: files.size,
          failed: 0,
          cached: before,
          done: files.size - before,
        });
        expect(manifest.body.entries.map((e: { input: string }) => e.input).sort()).toEqual(
          [...files.keys()].sort(),
        );
        expect(finishedEntries(dataDir, id)).toBe(files.size);
      } finally {
        await t.close();
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('a graceful shutdown leaves the batch interrupted; the next service completes it from the cache', async () => {
    const dataDir = tmpDataDir();
    let gate: ReturnType<typeof gatedRunner> | undefined;
    const first = await openBatchService({ dataDir, concurrency: { '*': 1, pdf: 1 } }, (job) =>
      gate!.run(job),
    );
    gate = gatedRunner(first.config, (job) => job.input.name !== 'a.txt');
    try {
      const lines = ['a', 'b', 'c'].map((n) =>
        JSON.stringify({ name: `${n}.txt`, text: `Title ${n}\n\nThe paragraph of article ${n}.` }),
      );
      const created = await request(first.app)
        .post('/v1/batches?to=html,ssml')
        .set('Content-Type', 'application/x-ndjson')
        .send(lines.join('\n'));
      const id = created.body.id as string;
      const deadline = Date.now() + 20_000;
      while (gate.waiting.length < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(gate.waiting).toEqual(['b.txt']);
      // "b" is in flight (held); closing stops taking entries and lets "b" finish.
      const closing = first.close(20_000);
      gate.release();
      await closing;

      const second = await openBatchService({ dataDir, concurrency: { '*': 1, pdf: 1 } });
      try {
        const done = await batchSettled(second.app, id);
        expect(done.body.status).toBe('complete');
        expect(done.body.progress).toMatchObject({ finished: 3, failed: 0, cached: 2, done: 1 });
        const finishes = (await readEvents(second.app, id)).events.filter((e) => e.event === 'finish');
        expect(finishes.map((e) => e.data.status)).toEqual(['interrupted', 'complete']);
        const status = await request(second.app).get('/v1/batches');
        expect(status.body.batches).toHaveLength(1);
      } finally {
        await second.close();
      }
    } finally {
      gate.release();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
