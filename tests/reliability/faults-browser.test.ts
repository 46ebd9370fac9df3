/**
 * Faults: the browser process is killed (SIGKILL) three times while a batch exports PDFs. The pool notices the
 * crash, starts a new browser and renders the interrupted documents again, so every entry is exported and no
 * entry fails. Short form: 200 articles, 3 kills; long form (READOUT_LONG=1): 1,000 articles, 10 kills.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BatchEvent, directorySink, openBatchSource, runBatch } from '../../src/batch/index.js';
import { loadConfig } from '../../src/config.js';
import { closePdfPool, getPdfPool } from '../../src/write/pdf/index.js';
import { refusingFetcher, tempDir, writeTree } from '../batch/batch-support.js';

const LONG = process.env.READOUT_LONG === '1';
const ARTICLES = LONG ? 1000 : 200;
const KILLS = LONG ? 10 : 3;
const config = loadConfig({});

/** Distinct short articles (distinct bytes, so nothing comes from the cache). */
function articles(n: number): Map<string, string> {
  return new Map(
    Array.from({ length: n }, (_, i) => [
      `story-${String(i + 1).padStart(3, '0')}.md`,
      `# Harbour report ${i + 1}\n\nThe harbour master counted ${i + 3} ships on day ${i + 1}. "It was a busy week," she said.\n\n## Weather\n\nWinds from the west at ${i % 30} knots.\n`,
    ]),
  );
}

describe(`a batch of ${ARTICLES} PDFs while the browser is killed ${KILLS} times`, () => {
  it(
    'exports every entry',
    async () => {
      await closePdfPool();
      const input = writeTree(tempDir('faults-in'), articles(ARTICLES));
      const out = join(tempDir('faults-out'), 'out');
      const pool = getPdfPool(config, { pages: 2 });
      const killAt = Array.from({ length: KILLS }, (_, k) => Math.round(((k + 1) * ARTICLES) / (KILLS + 1)));
      const killed: number[] = [];
      const pending: Promise<void>[] = [];
      const onEvent = (event: BatchEvent) => {
        if (event.type !== 'entry' || !killAt.includes(event.progress.finished)) return;
        pending.push(
          pool.browserPid().then((pid) => {
            if (pid === undefined) return;
            process.kill(pid, 'SIGKILL');
            killed.push(pid);
          }),
        );
      };
      try {
        const manifest = await runBatch(
          {
            source: await openBatchSource(input, { maxInputBytes: config.maxInputBytes }),
            sink: directorySink(out),
            formats: ['pdf'],
            cacheDir: join(out, '.readout-cache'),
            concurrency: 4,
            onEvent,
          },
          { config, fetcher: refusingFetcher() },
        );
        await Promise.all(pending);
        const stats = pool.stats();
        console.log(
          `[faults] ${ARTICLES} articles, browser killed ${killed.length}× (pids ${killed.join(', ')}); pool: ${stats.launches} launches, ${stats.restarts.crash} crash restarts, ${stats.rendered} rendered, ${stats.failed} failed`,
        );
        expect(killed).toHaveLength(KILLS);
        expect(new Set(killed).size).toBe(KILLS);
        expect(stats.restarts.crash).toBeGreaterThanOrEqual(KILLS);
        const failures = manifest.entries.filter((e) => e.status === 'failed');
        expect(failures.map((e) => `${e.input}: ${e.error?.message}`)).toEqual([]);
        expect(manifest.totals).toMatchObject({ entries: ARTICLES, done: ARTICLES, failed: 0 });
        for (const entry of manifest.entries) {
          const pdf = entry.files.find((f) => f.format === 'pdf');
          expect(pdf, entry.input).toBeDefined();
          expect(readFileSync(join(out, pdf!.name)).subarray(0, 5).toString()).toBe('%PDF-');
        }
      } finally {
        await closePdfPool();
      }
    },
    LONG ? 1_200_000 : 300_000,
  );
});
