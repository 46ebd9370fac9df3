/**
 * The real validators on real books: EPUBCheck (0 errors, 0 warnings) and Ace by DAISY (0 violations) for the
 * original article, every corpus page and an anthology of all of them. The books are built first, then the
 * validators run two at a time; each test waits for its own result. A missing validator fails its tests with
 * the command that installs it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { resolveChromium } from '../../src/engines/chromium-path.js';
import { writeAnthology, writeEpub } from '../../src/write/epub/index.js';
import { corpusPages, projectRoot } from '../helpers/corpus.js';
import { testCtx } from '../helpers/ctx.js';
import { type CorpusBook, corpusArticle, readZip } from './epub-support.js';

const EPUBCHECK_JAR = '/usr/share/java/epubcheck.jar';
const ACE = join(projectRoot, 'node_modules', '.bin', 'ace-puppeteer');
const CONCURRENCY = 2;
const NAMES = ['meduza', ...corpusPages()];
const BOOKS = [...NAMES, 'anthology'];

interface Finding {
  id: string;
  severity: string;
  message: string;
  where: string;
}

type Outcome = { findings: Finding[] } | { error: string };

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

interface EpubcheckReport {
  messages: { ID: string; severity: string; message: string; locations: { path: string; line: number }[] }[];
}

async function epubcheck(file: string): Promise<Outcome> {
  if (!existsSync(EPUBCHECK_JAR)) {
    return {
      error: `EPUBCheck is not installed (${EPUBCHECK_JAR} is missing): apt-get install -y epubcheck`,
    };
  }
  const json = `${file}.epubcheck.json`;
  try {
    await run('java', [
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      '-jar',
      EPUBCHECK_JAR,
      file,
      '--json',
      json,
    ]);
  } catch (error) {
    return { error: `Cannot run java for EPUBCheck (${String(error)}): apt-get install -y epubcheck` };
  }
  if (!existsSync(json)) return { error: 'EPUBCheck wrote no report' };
  const report = JSON.parse(readFileSync(json, 'utf8')) as EpubcheckReport;
  return {
    findings: report.messages
      .filter((m) => ['FATAL', 'ERROR', 'WARNING'].includes(m.severity))
      .map((m) => ({
        id: m.ID,
        severity: m.severity,
        message: m.message,
        where: m.locations.map((l) => `${l.path}:${l.line}`).join(', '),
      })),
  };
}

interface AceReport {
  assertions: {
    'earl:testSubject': { url: string };
    assertions?: {
      'earl:test': { 'dct:title': string; 'earl:impact': string };
      'earl:result': { 'earl:outcome': string; 'dct:description': string };
    }[];
  }[];
}

let chromium: Promise<string> | undefined;

async function ace(file: string): Promise<Outcome> {
  if (!existsSync(ACE)) return { error: `Ace by DAISY is not installed (${ACE} is missing): npm ci` };
  chromium ??= resolveChromium({ chromiumPath: loadConfig().chromiumPath }).then((c) => c.executablePath);
  const out = `${file}.ace`;
  const env = { ...process.env, PUPPETEER_EXECUTABLE_PATH: await chromium, ACE_TIMEOUT_INITIAL: '60000' };
  const { code, output } = await run(ACE, ['-E', '-s', '-f', '-o', out, file], env);
  const reportFile = join(out, 'report.json');
  if (!existsSync(reportFile))
    return { error: `Ace exited with ${code} and wrote no report: ${output.slice(-2000)}` };
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as AceReport;
  return {
    findings: report.assertions.flatMap((doc) =>
      (doc.assertions ?? [])
        .filter((a) => a['earl:result']['earl:outcome'] === 'fail')
        .map((a) => ({
          id: a['earl:test']['dct:title'],
          severity: a['earl:test']['earl:impact'],
          message: a['earl:result']['dct:description'],
          where: doc['earl:testSubject'].url,
        })),
    ),
  };
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
    results.set(name, { epubcheck: queue(() => epubcheck(file)), ace: queue(() => ace(file)) });
  }
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectClean(outcome: Outcome): void {
  if ('error' in outcome) throw new Error(outcome.error);
  const listed = outcome.findings.map((f) => `${f.severity} ${f.id}: ${f.message} (${f.where})`).join('\n');
  expect(outcome.findings, listed).toEqual([]);
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
