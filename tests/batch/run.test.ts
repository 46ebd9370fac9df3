/**
 * The runner's contract for its other callers (HTTP routes, a queue): progress events, the async event
 * stream, cancellation, a pluggable RunEntry (worker threads give the same bytes as inline), the
 * content-addressed cache, stable unique folders, and JSONL read from a stream with bounded lines.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  type BatchEvent,
  batchEvents,
  cacheKey,
  createThreadRunner,
  directorySink,
  lineEntries,
  openBatchSource,
  progressReporter,
  runBatch,
  sourceOf,
  zipFileSink,
} from '../../src/batch/index.js';
import { FolderNamer, folderFor } from '../../src/batch/naming.js';
import { boundedLines } from '../../src/batch/source-lines.js';
import { loadConfig } from '../../src/config.js';
import { corpusText } from '../helpers/corpus.js';
import { MEDUZA, readZip, refusingFetcher, tempDir, writeTree } from './batch-support.js';

const config = loadConfig({});
const meduza = corpusText(MEDUZA);

/** The original article with its title changed, n times (different bytes, different articles). */
function variants(n: number): Map<string, string> {
  return new Map(
    Array.from({ length: n }, (_, i) => [
      `story-${i + 1}.txt`,
      meduza.replace('Clearing the roadblocks', `Clearing the roadblocks, part ${i + 1}`),
    ]),
  );
}

async function run(
  input: string,
  out: string,
  extra: Partial<Parameters<typeof runBatch>[0]> = {},
  deps: Partial<Parameters<typeof runBatch>[1]> = {},
) {
  const events: BatchEvent[] = [];
  const manifest = await runBatch(
    {
      source: await openBatchSource(input, { maxInputBytes: config.maxInputBytes }),
      sink: directorySink(out),
      formats: ['html', 'ssml', 'epub'],
      cacheDir: join(out, '.readout-cache'),
      concurrency: 2,
      onEvent: (e) => events.push(e),
      ...extra,
    },
    { config, fetcher: refusingFetcher(), ...deps },
  );
  return { manifest, events };
}

describe('runBatch', () => {
  it('emits start, one entry event per entry with growing progress and a total, then finish', async () => {
    const input = writeTree(tempDir('events'), variants(4));
    const { manifest, events } = await run(input, join(tempDir('events-out'), 'out'));
    expect(events[0]).toMatchObject({ type: 'start', total: 4, formats: ['html', 'ssml', 'epub'] });
    const entries = events.filter((e) => e.type === 'entry');
    expect(entries.map((e) => e.progress.finished)).toEqual([1, 2, 3, 4]);
    expect(entries.every((e) => e.progress.total === 4 && e.progress.perMinute > 0)).toBe(true);
    expect(entries.at(-1)!.progress.etaMs).toBe(0);
    expect(events.at(-1)).toMatchObject({ type: 'finish', manifest: { totals: { done: 4 } } });
    // The manifest lists entries in source order whatever order they finished in.
    expect(manifest.entries.map((e) => e.input)).toEqual([
      'story-1.txt',
      'story-2.txt',
      'story-3.txt',
      'story-4.txt',
    ]);
  }, 60_000);

  it('batchEvents streams the same events as an async iterator and resolves the manifest', async () => {
    const input = writeTree(tempDir('iter'), variants(3));
    const out = join(tempDir('iter-out'), 'out');
    const { events, result } = batchEvents(
      {
        source: await openBatchSource(input, { maxInputBytes: config.maxInputBytes }),
        sink: directorySink(out),
        formats: ['ssml'],
        cacheDir: join(out, '.readout-cache'),
        concurrency: 1,
      },
      { config, fetcher: refusingFetcher() },
    );
    const types: string[] = [];
    for await (const event of events) types.push(event.type);
    expect(types).toEqual(['start', 'entry', 'entry', 'entry', 'finish']);
    expect((await result).totals.done).toBe(3);
  }, 60_000);

  it('stops taking entries when aborted: the manifest says interrupted, and a re-run finishes the rest', async () => {
    const input = writeTree(tempDir('abort'), variants(5));
    const out = join(tempDir('abort-out'), 'out');
    const abort = new AbortController();
    const first = await run(input, out, {
      concurrency: 1,
      signal: abort.signal,
      onEvent: (e) => {
        if (e.type === 'entry' && e.progress.finished === 2) abort.abort();
      },
    });
    expect(first.manifest.status).toBe('interrupted');
    expect(first.manifest.entries).toHaveLength(2);
    const second = await run(input, out);
    expect(second.manifest.status).toBe('complete');
    expect(second.manifest.totals).toMatchObject({ entries: 5, cached: 2, done: 3 });
  }, 60_000);

  it('takes a renamed or moved file from the cache: the key is its content, not its name', async () => {
    const dir = tempDir('renamed');
    const out = join(dir, 'out');
    writeTree(join(dir, 'a'), new Map([['one.txt', meduza]]));
    await run(join(dir, 'a'), out);
    writeTree(join(dir, 'b'), new Map([['sub/renamed.txt', meduza]]));
    const { manifest } = await run(join(dir, 'b'), out);
    expect(manifest.entries[0]).toMatchObject({ status: 'cached', folder: 'sub/renamed' });
    // Other formats, options or input format: another key.
    const input = { data: meduza, name: 'x.txt' };
    const base = { input, formats: ['html' as const], options: {}, config };
    expect(cacheKey(base)).toBe(cacheKey({ ...base, input: { ...input, name: 'y.txt' } }));
    expect(cacheKey(base)).not.toBe(cacheKey({ ...base, input: { ...input, name: 'x.md' } }));
    expect(cacheKey(base)).not.toBe(cacheKey({ ...base, formats: ['ssml'] }));
    expect(cacheKey(base)).not.toBe(cacheKey({ ...base, options: { html: { stylesheet: 'none' } } }));
    expect(cacheKey(base)).not.toBe(cacheKey({ ...base, input: { ...input, data: `${meduza} ` } }));
  }, 60_000);

  it('runs entries in worker threads with the same results as inline', async () => {
    const input = writeTree(tempDir('threads'), variants(3));
    const inline = await run(input, join(tempDir('inline-out'), 'out'));
    const runner = createThreadRunner({ threads: 2, config });
    try {
      const threaded = await run(input, join(tempDir('threads-out'), 'out'), {}, { runEntry: runner.run });
      expect(threaded.manifest.totals).toMatchObject({ done: 3, failed: 0 });
      const hashes = (m: typeof inline.manifest) =>
        m.entries.flatMap((e) => e.files.map((f) => `${f.name} ${f.sha256}`));
      expect(hashes(threaded.manifest)).toEqual(hashes(inline.manifest));
    } finally {
      await runner.close();
    }
  }, 120_000);

  it('reads JSONL from a stream (an HTTP body): no total ahead, entries as lines arrive', async () => {
    const body = Readable.from([
      `${JSON.stringify({ text: meduza, name: 'first' })}\n{"te`,
      `xt": ${JSON.stringify(meduza.replace('Clearing', 'Clearing again'))}, "name": "second"}\n`,
    ]);
    const out = join(tempDir('stream-out'), 'out');
    const manifest = await runBatch(
      {
        source: sourceOf('jsonl', 'request body', () => lineEntries('jsonl', body, 'body', 1_000_000)),
        sink: directorySink(out),
        formats: ['ssml'],
        cacheDir: join(out, '.readout-cache'),
      },
      { config, fetcher: refusingFetcher() },
    );
    expect(manifest.source.entries).toBeUndefined();
    expect(manifest.entries.map((e) => [e.input, e.status])).toEqual([
      ['first', 'done'],
      ['second', 'done'],
    ]);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).totals.done).toBe(2);
  }, 60_000);

  it('refuses a bad request before reading anything', async () => {
    const input = join(tempDir('bad'), 'list.urls');
    writeFileSync(input, 'http://10.0.0.1/a\n');
    const out = join(tempDir('bad-out'), 'out');
    await expect(run(input, out, { formats: ['docx'] })).rejects.toMatchObject({
      code: 'output/unknown-format',
    });
    await expect(run(input, out, { anthology: { path: '../book.epub' } })).rejects.toMatchObject({
      code: 'request/anthology',
    });
  });
});

describe('zip file sink', () => {
  it('keeps entries added at the same moment in one complete zip, renamed into place when finished', async () => {
    const dir = tempDir('sink');
    writeFileSync(join(dir, 'a.txt'), 'A'.repeat(5000));
    writeFileSync(join(dir, 'b.pdf'), 'B');
    const out = join(dir, 'out', 'result.zip');
    const sink = zipFileSink(out);
    await Promise.all([
      sink.addFile('x/a.txt', join(dir, 'a.txt')),
      sink.addFile('y/b.pdf', join(dir, 'b.pdf')),
      sink.addBytes('manifest.json', '{}'),
    ]);
    expect(existsSync(out)).toBe(false);
    await sink.finish();
    const files = await readZip(out);
    expect([...files.keys()].sort()).toEqual(['manifest.json', 'x/a.txt', 'y/b.pdf']);
    expect(files.get('x/a.txt')!.toString()).toBe('A'.repeat(5000));
    expect(existsSync(`${out}.partial`)).toBe(false);
  });
});

describe('progress on a terminal', () => {
  it('draws a bar with count, rate and failures, and prints failures above it', () => {
    let text = '';
    const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
    stream.on('data', (d) => (text += d));
    const reporter = progressReporter(stream);
    const progress = { total: 2, done: 1, cached: 0, failed: 0, elapsedMs: 1000, perMinute: 60, etaMs: 1000 };
    const entry = {
      index: 1,
      input: 'a.html',
      status: 'done' as const,
      folder: 'a',
      files: [],
      warnings: [],
      ms: 1,
    };
    reporter.onEvent({
      type: 'start',
      source: { path: 'in', kind: 'directory' },
      total: 2,
      formats: ['html'],
    });
    reporter.onEvent({ type: 'entry', entry, progress: { ...progress, finished: 1 } });
    reporter.onEvent({
      type: 'entry',
      entry: {
        ...entry,
        input: 'b.html',
        status: 'failed',
        error: { kind: 'input', code: 'input/empty', message: 'b is empty' },
      },
      progress: { ...progress, finished: 2, failed: 1, etaMs: 0 },
    });
    reporter.stop();
    expect(text).toContain('failed: b.html: b is empty');
    expect(text).toMatch(/readout batch \|.*\| 2\/2 · 60\.0\/min · ETA 0s · 1 failed/);
  });
});

describe('bounded lines', () => {
  it('splits across chunks, strips CR, and drops an over-long line without keeping it', async () => {
    const long = 'y'.repeat(50);
    const chunks = [Buffer.from('ab\r\ncd'), Buffer.from(`e\n${long}`), Buffer.from(`${long}\nlast`)];
    const lines = [];
    for await (const line of boundedLines(Readable.from(chunks), 60)) lines.push(line);
    expect(lines).toEqual([
      { number: 1, text: 'ab' },
      { number: 2, text: 'cde' },
      { number: 3, text: '', tooLong: 100 },
      { number: 4, text: 'last' },
    ]);
  });
});

describe('output folders', () => {
  it('are slugs of the entry path, unique, stable in source order, and never nested in another entry', () => {
    expect(folderFor('2021/05/Story One.html')).toBe('2021/05/story-one');
    expect(folderFor('https://news.example/world/2024/a-story?id=3')).toBe(
      'news-example/world/2024/a-story/id-3',
    );
    expect(folderFor('feed.jsonl:7')).toBe('feed-jsonl-7');
    const namer = new FolderNamer();
    expect(['a/b.html', 'a/b.txt', 'a.html', 'a/b/c.html', 'A B.md'].map((n) => namer.next(n))).toEqual([
      'a/b',
      'a/b-2',
      'a-2',
      'a/b-3/c',
      'a-b',
    ]);
  });
});
