/** The `readout` command: read, export, schema, serve. Exit codes live in exit-codes.ts. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { analyzeArticle } from '../analyze.js';
import { type Config, configHelp, loadConfig } from '../config.js';
import { type Ctx, createCtx } from '../context.js';
import { InputError } from '../errors.js';
import { type ExportRequest, exportArticle, manifestFor, prepareArticle } from '../export.js';
import { articleJsonSchema } from '../model/schema.js';
import { fetcherFromConfig } from '../net/safe-fetch.js';
import { type ArticleInput, INPUT_FORMATS, parseInputFormat, readArticle } from '../read/index.js';
import { buildAccessibilityReport } from '../report/accessibility.js';
import { Report } from '../report.js';
import { VERSION } from '../version.js';
import { type AnthologyPart, writeAnthology } from '../write/epub/index.js';
import { AnthologyOptions } from '../write/epub/options.js';
import { OUTPUT_FORMATS } from '../write/index.js';
import { closePdfPool } from '../write/pdf/index.js';
import { BATCH_EXIT_CODE, registerBatchCommand } from './batch.js';
import { EXIT_INPUT, EXIT_OK, errorLine, exitCodeFor } from './exit-codes.js';
import { cliInput } from './input.js';
import { parseOptionsJson } from './options-json.js';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIO: CliIO = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

function formatOption(): Option {
  return new Option('-f, --format <format>', 'input format')
    .choices(['auto', ...INPUT_FORMATS])
    .default('auto');
}

interface ExportOpts {
  to: string;
  out: string;
  format: string;
  ssmlEngine?: string;
  paper?: string;
  columns?: string;
  options?: string;
}

/** Writer options from `--options <json>` and the per-format shortcuts (`--ssml-engine`). */
function exportOptions(opts: ExportOpts): ExportRequest['options'] {
  const options = parseOptionsJson(opts.options);
  if (opts.paper || opts.columns) {
    options.pdf = {
      ...options.pdf,
      ...(opts.paper ? { paper: opts.paper } : {}),
      ...(opts.columns ? { columns: Number(opts.columns) } : {}),
    };
  }
  if (opts.ssmlEngine) {
    options.ssml = {
      ...options.ssml,
      engines: opts.ssmlEngine
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean),
    };
  }
  return options;
}

interface AnthologyOpts {
  out: string;
  format: string;
  title?: string;
  subtitle?: string;
  lang?: string;
  cover: boolean;
}

function parseAnthologyOptions(opts: AnthologyOpts): AnthologyOptions {
  const parsed = AnthologyOptions.safeParse({
    ...(opts.title ? { title: opts.title } : {}),
    ...(opts.subtitle ? { subtitle: opts.subtitle } : {}),
    ...(opts.lang ? { lang: opts.lang } : {}),
    ...(opts.cover ? {} : { cover: 'none' }),
  });
  if (!parsed.success) {
    throw new InputError(
      'request/options',
      `Invalid anthology options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/** A context for one CLI input: local images are allowed only next to an input file (its folder). */
function cliCtx(cfg: Config, arg: string, input: ArticleInput): Ctx {
  const ctx = createCtx({ config: cfg, fetcher: fetcherFromConfig(cfg) });
  if (arg !== '-' && input.format !== 'url') ctx.baseDir = dirname(resolve(arg));
  return ctx;
}

function buildProgram(io: CliIO, config: () => Config): Command {
  const program = new Command('readout')
    .description('Accessible print and audio exports of news articles.')
    .version(VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  program
    .command('read')
    .description('Read an article (file, URL or - for stdin) and print the Article model as JSON.')
    .argument('<input>', 'file path, http(s) URL, or - for standard input')
    .addOption(formatOption())
    .option('--compact', 'print JSON on one line')
    .action(async (input: string, opts: { format: string; compact?: boolean }) => {
      const cfg = config();
      const ctx = createCtx({ config: cfg, fetcher: fetcherFromConfig(cfg) });
      const { article } = await readArticle(await cliInput(input, parseInputFormat(opts.format), cfg), ctx);
      io.stdout(`${JSON.stringify(article, null, opts.compact ? undefined : 2)}\n`);
      for (const w of ctx.report.warnings) io.stderr(`readout: warning: ${w.origin}: ${w.message}\n`);
    });

  program
    .command('export')
    .description('Export an article to one or more formats, with a manifest.json.')
    .argument('<input>', 'file path, http(s) URL, or - for standard input')
    .requiredOption('-t, --to <formats>', `comma-separated output formats (${OUTPUT_FORMATS.join(', ')})`)
    .requiredOption('-o, --out <dir>', 'output directory (created if missing)')
    .addOption(formatOption())
    .option(
      '--ssml-engine <engines>',
      'SSML dialects to write requests for (w3c,polly,google,azure,ibm,espeak)',
    )
    .option('--paper <size>', 'PDF paper size: a4 or letter')
    .option('--columns <n>', 'PDF columns: 1 or 2')
    .option('--options <json>', 'writer options as JSON by format, e.g. {"html":{"stylesheet":"none"}}')
    .action(async (input: string, opts: ExportOpts) => {
      const cfg = config();
      const formats = opts.to.split(',').filter((f) => f.trim());
      const options = exportOptions(opts);
      const articleInput = await cliInput(input, parseInputFormat(opts.format), cfg);
      const ctx = cliCtx(cfg, input, articleInput);
      const result = await exportArticle({ input: articleInput, formats, options }, ctx);
      await mkdir(opts.out, { recursive: true });
      for (const file of result.files) {
        await mkdir(dirname(join(opts.out, file.name)), { recursive: true });
        await writeFile(join(opts.out, file.name), file.bytes);
      }
      const manifest = manifestFor(result, articleInput.name, VERSION);
      await writeFile(join(opts.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      await writeFile(join(opts.out, 'report.json'), `${JSON.stringify(result.accessibility, null, 2)}\n`);
      for (const file of result.files) io.stdout(`${join(opts.out, file.name)}\t${file.size} bytes\n`);
      io.stdout(`${join(opts.out, 'manifest.json')}\n${join(opts.out, 'report.json')}\n`);
      for (const w of result.warnings.filter((m) => m.severity === 'warning')) {
        io.stderr(`readout: warning: ${w.origin}: ${w.message}\n`);
      }
    });

  program
    .command('anthology')
    .description('Put several articles into one EPUB, one chapter each (with a nested table of contents).')
    .argument('<inputs...>', 'file paths or http(s) URLs')
    .requiredOption('-o, --out <file>', 'the EPUB file to write')
    .addOption(formatOption())
    .option('--title <title>', 'book title')
    .option('--subtitle <subtitle>', 'book subtitle')
    .option('--lang <lang>', 'book language (default: the first article’s)')
    .option('--no-cover', 'no generated cover')
    .action(async (inputs: string[], opts: AnthologyOpts) => {
      const cfg = config();
      const options = parseAnthologyOptions(opts);
      const parts: AnthologyPart[] = [];
      const report = new Report();
      for (const input of inputs) {
        const articleInput = await cliInput(input, parseInputFormat(opts.format), cfg);
        const ctx = cliCtx(cfg, input, articleInput);
        const { article } = await prepareArticle(articleInput, ctx);
        parts.push({ article, ...(ctx.images ? { images: ctx.images } : {}) });
        report.messages.push(...ctx.report.messages);
      }
      const ctx = createCtx({ config: cfg, fetcher: fetcherFromConfig(cfg), report });
      const book = await writeAnthology(parts, options, ctx);
      await mkdir(dirname(resolve(opts.out)), { recursive: true });
      await writeFile(opts.out, book.bytes);
      io.stdout(`${opts.out}\t${book.bytes.byteLength} bytes\t${parts.length} articles\n`);
      for (const w of report.warnings) io.stderr(`readout: warning: ${w.origin}: ${w.message}\n`);
    });

  program
    .command('report')
    .description(
      'Read an article and print its accessibility report (alt text of every image, findings) as JSON.',
    )
    .argument('<input>', 'file path, http(s) URL, or - for standard input')
    .addOption(formatOption())
    .action(async (input: string, opts: { format: string }) => {
      const cfg = config();
      const articleInput = await cliInput(input, parseInputFormat(opts.format), cfg);
      const ctx = cliCtx(cfg, input, articleInput);
      const { article } = await prepareArticle(articleInput, ctx);
      io.stdout(`${JSON.stringify(buildAccessibilityReport(article, ctx.report), null, 2)}\n`);
    });

  program
    .command('analyze')
    .description('Find every quotation and its speaker; print quotes and speakers.')
    .argument('<input>', 'file path, http(s) URL, or - for standard input')
    .addOption(formatOption())
    .option('--json', 'print JSON: { speakers, quotes } with offsets (into the input for plain text)')
    .action(async (input: string, opts: { format: string; json?: boolean }) => {
      const cfg = config();
      const articleInput = await cliInput(input, parseInputFormat(opts.format), cfg);
      const ctx = cliCtx(cfg, input, articleInput);
      const { article, inputFormat, text } = await prepareArticle(articleInput, ctx);
      const result = analyzeArticle(article, inputFormat === 'text' ? text : undefined);
      if (opts.json) {
        io.stdout(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      for (const s of result.speakers)
        io.stdout(`${s.id}\t${s.name}${s.aliases.length ? ` (${s.aliases.join('; ')})` : ''}\n`);
      for (const q of result.quotes) {
        io.stdout(`${q.start}-${q.end}\t${q.kind}\t${q.speaker ?? '(unknown)'}\t${q.text.slice(0, 80)}\n`);
      }
    });

  program
    .command('schema')
    .description('Print the JSON Schema of the Article model.')
    .action(() => {
      io.stdout(`${JSON.stringify(articleJsonSchema(), null, 2)}\n`);
    });

  program
    .command('serve')
    .description('Start the HTTP service.')
    .option('-p, --port <port>', 'port (default: PORT or 3000)')
    .addHelpText(
      'after',
      `\nConfiguration (environment variables):\n${configHelp()
        .map((c) => `  ${c.env}${c.default ? ` (default ${c.default})` : ''}\n      ${c.help}`)
        .join('\n')}`,
    )
    .action(async (opts: { port?: string }) => {
      const env = opts.port ? { ...process.env, PORT: opts.port } : process.env;
      const { startServer } = await import('../server/main.js');
      await startServer(loadConfig(env));
    });

  program
    .command('worker')
    .description(
      'Run export jobs and batch entries from the Redis queues (REDIS_URL) until SIGTERM; any number may run.',
    )
    .action(async () => {
      const { runWorker } = await import('../jobs/worker-main.js');
      await runWorker(config());
    });

  registerBatchCommand(program, { io, config });

  return program;
}

/** Runs the CLI; resolves to the exit code (the caller sets process.exitCode). */
export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  let cached: Config | undefined;
  const program = buildProgram(io, () => {
    cached ??= loadConfig();
    return cached;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === BATCH_EXIT_CODE) return error.exitCode;
      // --help and --version exit through here with code 0; usage errors were already printed.
      return error.exitCode === 0 ? EXIT_OK : EXIT_INPUT;
    }
    io.stderr(`readout: error: ${errorLine(error)}\n`);
    const code = exitCodeFor(error);
    if (code !== EXIT_INPUT && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return code;
  } finally {
    // A command that rendered PDFs leaves the shared browser pool open; close it so the process can exit
    // (`serve` and `worker` keep running and close it on shutdown instead).
    if (!['serve', 'worker'].includes(argv[0] ?? '')) await closePdfPool();
  }
}
