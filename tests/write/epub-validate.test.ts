import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAnthology, writeEpub } from '../../src/write/epub/index.js';
import { corpusPages } from '../helpers/corpus.js';
import { testCtx } from '../helpers/ctx.js';
import { ace, epubcheck, type Finding, listFindings } from '../helpers/epub-validators.js';
import { type CorpusBook, corpusArticle, readZip } from './epub-support.js';

const CONCURRENCY = 2;
const NAMES = ['meduza', ...corpusPages()];
const BOOKS = [...NAMES, 'anthology'];

type Outcome = { findings: Finding[] } | { error: string };

/** A validator's findings, or why it could not run (the install command included). */
function outcome(validate: (file: string) => Promise<Finding[]>, file: string): Promise<Outcome> {
  return validate(file).then(
    (findings) => ({ findings }),
    (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
  );
}

/** Runs jobs with at most `limit` at a time, in the order given; results never reject. */
function limited<T>(limit: number): (job: () => Promise<T>) => Promise<T | { error: string }> {
  let active = 0;
  const queue: (() => void)[] = [];
  const next = () => {
    if (active < limit && queue.length) {
      active++;
      queue.shift()!();
    }
  };
  return (job) =>
    new Promise((resolve) => {
      queue.push(() => {
        job()
          .catch((error: unknown) => ({ error: String(error) }))
          .then((result) => {
            active--;
            resolve(result);
            next();
          });
      });
      next();
    });
}

const dir = mkdtempSync(join(tmpdir(), 'readout-epub-validate-'));
const results = new Map<string, { epubcheck: Promise<Outcome>; ace: Promise<Outcome> }>();
const chapterCount = new Map<string, number>();

beforeAll(async () => {
  const sources: CorpusBook[] = [];
  for (const name of NAMES) sources.push(await corpusArticle(name));
  const files = new Map<string, Uint8Array>();
  for (const { name, article, ctx } of sources) files.set(name, (await writeEpub(article, {}, ctx)).bytes);
  const anthology = await writeAnthology(
    sources.map((s) => ({ article: s.article, ...(s.ctx.images ? { images: s.ctx.images } : {}) })),
    { title: 'readout corpus' },
    testCtx(),
  );
  files.set('anthology', anthology.bytes);
  const queue = limited<Outcome>(CONCURRENCY);
  for (const name of BOOKS) {
    const file = join(dir, `${name}.epub`);
    writeFileSync(file, files.get(name)!);
    chapterCount.set(
      name,
      readZip(files.get(name)!).filter((e) => /chapter-\d+\.xhtml$/.test(e.name)).length,
    );
    results.set(name, {
      epubcheck: queue(() => outcome(epubcheck, file)),
      ace: queue(() => outcome(ace, file)),
    });
  }
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectClean(outcome: Outcome): void {
  if ('error' in outcome) throw new Error(outcome.error);
  expect(outcome.findings, listFindings(outcome.findings)).toEqual([]);
}

describe.each(BOOKS)('EPUB of %s', (name) => {
  it('passes EPUBCheck with 0 errors and 0 warnings', async () => {
    expectClean(await results.get(name)!.epubcheck);
  }, 300_000);

  it('passes Ace by DAISY with 0 violations', async () => {
    expectClean(await results.get(name)!.ace);
  }, 300_000);
});

it('the anthology holds a chapter for every article', () => {
  expect(chapterCount.get('anthology')).toBe(NAMES.length);
});
