/**
 * `readout batch <input> --out <dir|file.zip> --to <formats>`: exports every article of a folder, zip,
 * tar(.gz), JSONL file or URL list. Exit codes: 0 every entry succeeded; 3 some entries (or the anthology)
 * failed — which ones and why is in manifest.json; 130 interrupted (Ctrl-C) after finishing the entries in
 * flight; 2 the batch itself could not run (bad usage, unreadable or refused input, e.g. a hostile archive).
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import type { ArchiveLimits } from '../batch/archive-safety.js';
import { closeBatchEngines } from '../batch/engines.js';
import type { RunEntry } from '../batch/entry.js';
import type { BatchManifest } from '../batch/manifest.js';
import { type ProgressStream, progressReporter } from '../batch/progress.js';
import { CACHE_FOLDER, runBatch } from '../batch/run.js';
import { directorySink, zipFileSink } from '../batch/sink.js';
import { openBatchSource, parseSourceKind, SOURCE_KINDS } from '../batch/sources.js';
import { createThreadRunner } from '../batch/threads.js';
import type { Config } from '../config.js';
import { InputError } from '../errors.js';
import type { ExportRequest } from '../export.js';
import type { Fetcher } from '../net/fetcher.js';
import { fetcherFromConfig } from '../net/safe-fetch.js';
import { INPUT_FORMATS, parseInputFormat } from '../read/index.js';
import { OUTPUT_FORMATS, parseOutputFormats, parseWriterOptions } from '../write/index.js';
import { EXIT_INPUT, EXIT_OK, errorLine, exitCodeFor } from './exit-codes.js';
import { parseOptionsJson } from './options-json.js';

/** Some entries (or the anthology) failed; the manifest says which. */
export const EXIT_SOME_FAILED = 3;
/** Interrupted by SIGINT after the entries in flight finished. */
export const EXIT_INTERRUPTED = 130;
/** The CommanderError code by which the batch command reports its exit code to `main`. */
export const BATCH_EXIT_CODE = 'readout.batch.exit';

export interface BatchCliDeps {
  io: { stdout: (text: string) => void; stderr: (text: string) => void };
  config: () => Config;
  /** Replaces the SSRF-guarded fetcher (tests); entries then run in the main thread (no worker threads). */
  fetcher?: Fetcher;
  /** Where progress goes (default: process.stderr; a bar when it is a terminal). */
  progress?: ProgressStream;
}

interface BatchOpts {
  out: string;
  to: string;
  format: string;
  kind: string;
  anthology?: string;
  anthologyTitle?: string;
  concurrency?: string;
  threads?: string;
  ssmlEngine?: string;
  options?: string;
  cacheDir?: string;
  maxEntries?: string;
  maxSize?: string;
}

function positiveInt(value: string | undefined, name: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new InputError(
      'request/options',
      `${name} must be a whole number of at least ${min}, not "${value}".`,
    );
  }
  return n;
}

/** Writer options from `--options <json>` and `--ssml-engine`, as `readout export` takes them. */
function writerOptions(opts: BatchOpts): ExportRequest['options'] {
  const options = parseOptionsJson(opts.options);
  if (opts.ssmlEngine) {
    const engines = opts.ssmlEngine
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    options.ssml = { ...options.ssml, engines };
  }
  return options;
}

function summary(manifest: BatchManifest): string {
  const t = manifest.totals;
  return `${t.done} done, ${t.cached} cached, ${t.failed} failed of ${t.entries} entries; ${t.files} files, ${t.bytes} bytes in ${t.seconds.toFixed(1)} s (${t.articlesPerMinute.toFixed(1)}/min)`;
}

async function runCommand(input: string, opts: BatchOpts, deps: BatchCliDeps): Promise<number> {
  const cfg = deps.config();
  const formats = opts.to.split(',').filter((f) => f.trim());
  const options = writerOptions(opts);
  // Checked again by runBatch; here so that a bad request is refused before a large archive is scanned.
  for (const f of parseOutputFormats(formats)) parseWriterOptions(f, options?.[f]);
  const format = parseInputFormat(opts.format);
  const kind = parseSourceKind(opts.kind);
  const cores = availableParallelism();
  const concurrency = positiveInt(opts.concurrency, '--concurrency') ?? cores;
  // Entries run in the main thread by default: each worker thread loads all of readout again (hundreds of
  // MB), while PDF rendering already runs in Chromium's own processes, beside the main thread.
  const threads = deps.fetcher ? 0 : (positiveInt(opts.threads, '--threads', 0) ?? 0);
  const limits: Partial<ArchiveLimits> = {};
  const maxEntries = positiveInt(opts.maxEntries, '--max-entries');
  const maxSize = positiveInt(opts.maxSize, '--max-size');
  if (maxEntries) limits.maxEntries = maxEntries;
  if (maxSize) limits.maxTotalBytes = maxSize;

  const out = resolve(opts.out);
  const toZip = /\.zip$/i.test(out);
  const cacheDir = resolve(
    opts.cacheDir ?? (toZip ? join(dirname(out), CACHE_FOLDER) : join(out, CACHE_FOLDER)),
  );
  const existing = await stat(out).catch(() => undefined);
  if (existing && !toZip && !existing.isDirectory()) {
    throw new InputError(
      'request/out',
      `--out "${opts.out}" is a file; give a folder, or a file name ending in .zip.`,
    );
  }
  const source = await openBatchSource(input, {
    ...(kind ? { kind } : {}),
    format,
    maxInputBytes: cfg.maxInputBytes,
    limits,
    exclude: [out, `${out}.partial`, cacheDir],
  });
  const sink = toZip ? zipFileSink(out) : directorySink(out);
  const fetcher = deps.fetcher ?? fetcherFromConfig(cfg);
  const runner = threads > 0 ? createThreadRunner({ threads, config: cfg }) : undefined;
  const runEntry: RunEntry | undefined = runner?.run;
  const reporter = progressReporter(deps.progress ?? process.stderr);
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  let manifest: BatchManifest;
  try {
    manifest = await runBatch(
      {
        source,
        sink,
        formats,
        options,
        cacheDir,
        concurrency,
        ...(opts.anthology
          ? {
              anthology: {
                path: opts.anthology,
                options: opts.anthologyTitle ? { title: opts.anthologyTitle } : {},
              },
            }
          : {}),
        signal: abort.signal,
        onEvent: (event) => reporter.onEvent(event),
      },
      { config: cfg, fetcher, ...(runEntry ? { runEntry } : {}) },
    );
  } finally {
    reporter.stop();
    process.off('SIGINT', onSigint);
    await runner?.close();
    await closeBatchEngines();
    if (!deps.fetcher && 'close' in fetcher && typeof fetcher.close === 'function') await fetcher.close();
  }

  deps.io.stdout(`${sink.target}\t${summary(manifest)}\n`);
  deps.io.stdout(`${toZip ? `${sink.target}!manifest.json` : join(sink.target, 'manifest.json')}\n`);
  const failed = manifest.entries.filter((e) => e.status === 'failed');
  for (const e of failed.slice(0, 20)) {
    deps.io.stderr(`readout: batch: failed: ${e.input}: ${e.error?.message ?? '?'}\n`);
  }
  if (failed.length > 20)
    deps.io.stderr(`readout: batch: … and ${failed.length - 20} more (see manifest.json)\n`);
  if (manifest.anthology?.error) {
    deps.io.stderr(`readout: batch: anthology failed: ${manifest.anthology.error.message}\n`);
  }
  if (manifest.status === 'interrupted') return EXIT_INTERRUPTED;
  return failed.length || manifest.anthology?.error ? EXIT_SOME_FAILED : EXIT_OK;
}

/** Adds `readout batch` to a program. A non-zero result is thrown as CommanderError(code, BATCH_EXIT_CODE). */
export function registerBatchCommand(program: Command, deps: BatchCliDeps): Command {
  return program
    .command('batch')
    .description(
      'Export every article of a folder, .zip, .tar(.gz), JSONL file or URL list; resumable, with a manifest.json. Exit 0: all done; 3: some failed (see manifest.json); 2: the batch could not run.',
    )
    .argument('<input>', 'a folder, .zip, .tar/.tar.gz/.tgz, .jsonl, or a text file of URLs')
    .requiredOption('-o, --out <dir|file.zip>', 'output folder, or a .zip file written as a stream')
    .requiredOption('-t, --to <formats>', `comma-separated output formats (${OUTPUT_FORMATS.join(', ')})`)
    .addOption(
      new Option('-f, --format <format>', 'input format of every entry')
        .choices(['auto', ...INPUT_FORMATS])
        .default('auto'),
    )
    .addOption(
      new Option('--kind <kind>', 'kind of batch input').choices(['auto', ...SOURCE_KINDS]).default('auto'),
    )
    .option(
      '--anthology <file.epub>',
      'also write one EPUB of every article that succeeded, at this path inside the output',
    )
    .option('--anthology-title <title>', 'title of the anthology')
    .option('--concurrency <n>', 'entries exported at once (default: the number of cores)')
    .option(
      '--threads <n>',
      'worker threads for reading and writing (default 0: the main thread; more threads use more cores and much more memory)',
    )
    .option(
      '--ssml-engine <engines>',
      'SSML dialects to write requests for (w3c,polly,google,azure,ibm,espeak)',
    )
    .option('--options <json>', 'writer options as JSON by format, e.g. {"epub":{"cover":"none"}}')
    .option(
      '--cache-dir <dir>',
      `result cache for resuming (default: ${CACHE_FOLDER} in the output folder, or beside the zip)`,
    )
    .option('--max-entries <n>', 'most entries accepted in an archive, folder or list (default 100000)')
    .option('--max-size <bytes>', 'most uncompressed bytes accepted in an archive (default 4 GiB)')
    .action(async (input: string, opts: BatchOpts) => {
      const code = await runCommand(input, opts, deps);
      if (code !== EXIT_OK)
        throw new CommanderError(code, BATCH_EXIT_CODE, `batch finished with exit code ${code}`);
    });
}

/** Runs `readout batch …` on its own (tests and scripts): resolves to the exit code, as `main` does. */
export async function runBatchCli(argv: string[], deps: BatchCliDeps): Promise<number> {
  const program = new Command('readout')
    .exitOverride()
    .configureOutput({ writeOut: deps.io.stdout, writeErr: deps.io.stderr });
  registerBatchCommand(program, deps);
  try {
    await program.parseAsync(['batch', ...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === BATCH_EXIT_CODE) return error.exitCode;
      return error.exitCode === 0 ? EXIT_OK : EXIT_INPUT;
    }
    deps.io.stderr(`readout: error: ${errorLine(error)}\n`);
    return exitCodeFor(error);
  }
}
