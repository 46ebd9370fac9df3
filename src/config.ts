/**
 * The one validated configuration. Nothing else in `src/` reads `process.env`.
 * Each setting has an environment variable, a default and help text (printed by `readout serve --help`
 * and in the README). A bad value stops start-up with a message naming the variable.
 */
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
