/**
 * The one validated configuration. Nothing else in `src/` reads `process.env`.
 * Each setting has an environment variable, a default and help text (printed by `readout serve --help`
 * and in the README). A bad value stops start-up with a message naming the variable.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';

const MB = 1024 * 1024;

const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const hostList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[a-z0-9.*:[\]-]+$/, 'must be a host name, *.domain or an IP address')));

const commaList = (s: string) =>
  s
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);

/** Default jobs running at once per output format (`*` for any format not named). */
const DEFAULT_CONCURRENCY: Record<string, number> = {
  '*': 4,
  pdf: Math.max(1, Math.min(4, availableParallelism())),
};

/** `*=4,pdf=2`: jobs (and synchronous conversions) running at once per output format. */
const concurrencyList = z.string().transform((s, ctx) => {
  const out: Record<string, number> = { ...DEFAULT_CONCURRENCY };
  for (const item of commaList(s)) {
    const m = /^([a-z0-9*]+)\s*=\s*(\d+)$/i.exec(item);
    const n = m ? Number(m[2]) : Number.NaN;
    if (!m || n < 1 || n > 256) {
      ctx.addIssue({ code: 'custom', message: `"${item}" must be format=N with N from 1 to 256` });
      return z.NEVER;
    }
    out[m[1]!.toLowerCase()] = n;
  }
  return out;
});

/** Every setting: environment variable → schema with default, and its help text. */
export const settings = {
  port: { env: 'PORT', schema: intIn(0, 65535).default(3000), help: 'HTTP port of the service.' },
  host: {
    env: 'HOST',
    schema: z.string().min(1).default('0.0.0.0'),
    help: 'Address the service listens on.',
  },
  maxInputBytes: {
    env: 'READOUT_MAX_INPUT_BYTES',
    schema: intIn(1, 1024 * MB).default(20 * MB),
    help: 'Largest accepted input (request body, file or fetched page), in bytes; larger input is refused before parsing.',
  },
  maxBatchBytes: {
    env: 'READOUT_MAX_BATCH_BYTES',
    schema: intIn(1, 1024 * 1024 * MB).default(1024 * MB),
    help: 'Largest batch upload (an archive, JSONL file or URL list) to POST /v1/batches, in bytes; each entry is still held to READOUT_MAX_INPUT_BYTES.',
  },
  fetchTimeoutMs: {
    env: 'READOUT_FETCH_TIMEOUT_MS',
    schema: intIn(100, 600_000).default(15_000),
    help: 'Timeout for fetching one URL (whole response), in milliseconds.',
  },
  fetchMaxBytes: {
    env: 'READOUT_FETCH_MAX_BYTES',
    schema: intIn(1, 1024 * MB).default(10 * MB),
    help: 'Largest response body accepted when fetching a URL, in bytes.',
  },
  fetchMaxRedirects: {
    env: 'READOUT_FETCH_MAX_REDIRECTS',
    schema: intIn(0, 20).default(5),
    help: 'Redirects followed when fetching a URL; each target is checked again.',
  },
  fetchAllowHosts: {
    env: 'READOUT_FETCH_ALLOW_HOSTS',
    schema: hostList.default([]),
    help: 'Comma-separated trusted hosts (name, *.domain or IP) that may be fetched even when they resolve to private or loopback addresses.',
  },
  describerUrl: {
    env: 'READOUT_DESCRIBER_URL',
    schema: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    help: 'OpenAI-compatible chat-completions endpoint (or its /v1 base) of a vision model that writes alt text for images with no alt, caption or embedded description. Off when unset.',
  },
  describerKey: {
    env: 'READOUT_DESCRIBER_KEY',
    schema: z.string().min(1).optional(),
    help: 'API key sent as a Bearer token to READOUT_DESCRIBER_URL.',
  },
  describerModel: {
    env: 'READOUT_DESCRIBER_MODEL',
    schema: z.string().min(1).optional(),
    help: 'Model name sent to READOUT_DESCRIBER_URL (e.g. a vision-capable chat model).',
  },
  chromiumPath: {
    env: 'CHROMIUM_PATH',
    schema: z.string().min(1).optional(),
    help: 'Chromium executable. Default: chromium/chromium-browser/google-chrome on PATH, else the npm-shipped @sparticuz/chromium.',
  },
  dataDir: {
    env: 'READOUT_DATA_DIR',
    schema: z.string().min(1).default('./data'),
    help: 'Folder for the job database (readout.sqlite) and the exported files; shared by the service and its workers.',
  },
  apiKeys: {
    env: 'READOUT_API_KEYS',
    schema: z
      .string()
      .transform(commaList)
      .pipe(z.array(z.string().min(16, 'each API key must have at least 16 characters').regex(/^\S+$/)))
      .default([]),
    help: 'Comma-separated API keys. When set (here or in READOUT_API_KEYS_FILE), every /v1 call needs "Authorization: Bearer <key>" and a job is visible only to the key that created it.',
  },
  apiKeysFile: {
    env: 'READOUT_API_KEYS_FILE',
    schema: z.string().min(1).optional(),
    help: 'A file with one API key per line (blank lines and # comments ignored), read at start; added to READOUT_API_KEYS.',
  },
  metricsToken: {
    env: 'READOUT_METRICS_TOKEN',
    schema: z
      .string()
      .min(16, 'the metrics token must have at least 16 characters')
      .regex(/^\S+$/, 'the metrics token must have no spaces')
      .optional(),
    help: 'When set, GET /metrics needs `Authorization: Bearer <token>` (Prometheus: `authorization.credentials`); unset, /metrics is open, for a private scrape network.',
  },
  redisUrl: {
    env: 'REDIS_URL',
    schema: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
    help: 'Redis for scale-out: jobs go to a BullMQ queue run by `readout worker` processes (sharing READOUT_DATA_DIR). Unset: jobs run in the service process.',
  },
  queueName: {
    env: 'READOUT_QUEUE_NAME',
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,100}$/, 'must be letters, digits, _ or -')
      .default('readout-exports'),
    help: 'Name of the BullMQ queue (with REDIS_URL); the service and its workers must agree.',
  },
  queueMax: {
    env: 'READOUT_QUEUE_MAX',
    schema: intIn(1, 1_000_000).default(100),
    help: 'Most export jobs waiting or running at once; more are refused with 429 and Retry-After.',
  },
  concurrency: {
    env: 'READOUT_CONCURRENCY',
    schema: concurrencyList.default(DEFAULT_CONCURRENCY),
    help: 'Jobs and synchronous conversions running at once per output format, as format=N pairs; * stands for every other format. PDF is also the size of the browser pool.',
  },
  convertBacklog: {
    env: 'READOUT_CONVERT_BACKLOG',
    schema: intIn(0, 10_000).default(4),
    help: 'Synchronous conversions (POST /v1/convert) allowed to wait per format when all its slots are busy; more are refused with 429 and Retry-After.',
  },
  jobAttempts: {
    env: 'READOUT_JOB_ATTEMPTS',
    schema: intIn(1, 20).default(3),
    help: 'Attempts per export job when rendering fails (bad input is never retried).',
  },
  jobBackoffMs: {
    env: 'READOUT_JOB_BACKOFF_MS',
    schema: intIn(0, 3_600_000).default(2000),
    help: 'First retry delay in milliseconds; doubled on every further attempt.',
  },
  jobLockMs: {
    env: 'READOUT_JOB_LOCK_MS',
    schema: intIn(1000, 3_600_000).default(30_000),
    help: 'With REDIS_URL: how long a worker holds a job without renewing its lock; a job of a worker that died is picked up again after this.',
  },
  jobTtlSeconds: {
    env: 'READOUT_JOB_TTL_SECONDS',
    schema: intIn(60, 365 * 86_400).default(86_400),
    help: 'Finished jobs and their files are deleted this many seconds after they finish.',
  },
  batchHeapMb: {
    env: 'READOUT_BATCH_HEAP_MB',
    schema: intIn(0, 1024 * 1024).default(512),
    help: "`readout batch` runs in a Node process whose JavaScript heap is capped at this many MB (with small young-generation spaces and MALLOC_ARENA_MAX=2 unless set), which keeps a 1,000-article batch to PDF+EPUB+SSML under 1 GB with its browser (about 920 MB with pictures, 740 MB without; bench/batch.ts); 0 leaves Node's defaults.",
  },
  rateLimit: {
    env: 'READOUT_RATE_LIMIT',
    schema: intIn(0, 1_000_000).default(300),
    help: 'Requests per minute to /v1 per API key (per client address without keys); 0 turns the limit off.',
  },
  requestTimeoutMs: {
    env: 'READOUT_REQUEST_TIMEOUT_MS',
    schema: intIn(1000, 3_600_000).default(120_000),
    help: 'Longest time for receiving a request and for a synchronous conversion, in milliseconds.',
  },
  shutdownGraceMs: {
    env: 'READOUT_SHUTDOWN_GRACE_MS',
    schema: intIn(0, 600_000).default(25_000),
    help: 'On SIGTERM, running jobs get this long to finish; the rest go back to the queue.',
  },
  logLevel: {
    env: 'LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    help: 'Log level (pino).',
  },
} as const;

type Settings = typeof settings;
export type Config = { [K in keyof Settings]: z.output<Settings[K]['schema']> };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; `overrides` win over the environment (used by tests and the CLI). */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(settings) as [keyof Settings, Settings[keyof Settings]][]) {
    if (key in overrides) {
      out[key] = overrides[key];
      continue;
    }
    const raw = env[setting.env];
    const parsed = setting.schema.safeParse(raw === '' ? undefined : raw);
    if (parsed.success) out[key] = parsed.data;
    else
      problems.push(
        `${setting.env}=${JSON.stringify(raw)}: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
      );
  }
  if (problems.length) throw new ConfigError(problems);
  return out as Config;
}

/** Help text for every setting, for `--help` output and the README. */
export function configHelp(): { env: string; help: string; default: string }[] {
  return Object.values(settings).map((s) => {
    const d = s.schema.safeParse(undefined);
    return {
      env: s.env,
      help: s.help,
      default: d.success && d.data !== undefined ? JSON.stringify(d.data) : '',
    };
  });
}
