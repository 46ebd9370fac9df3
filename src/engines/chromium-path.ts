/**
 * Finds a Chromium for puppeteer-core: CHROMIUM_PATH, else a Chromium on PATH, else the npm-shipped
 * @sparticuz/chromium (it unpacks to /tmp on first use). puppeteer's own browser download is never used.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { RenderError } from '../errors.js';

export type ChromiumSource = 'CHROMIUM_PATH' | 'PATH' | '@sparticuz/chromium';

export interface ResolvedChromium {
  executablePath: string;
  source: ChromiumSource;
}

const PATH_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findOnPath(names: readonly string[], envPath: string): string | undefined {
  for (const name of names) {
    for (const dir of envPath.split(delimiter)) {
      if (dir && isExecutable(join(dir, name))) return join(dir, name);
    }
  }
  return undefined;
}

export interface ResolveDeps {
  envPath: string;
  sparticuz: () => Promise<string>;
}

async function sparticuzPath(): Promise<string> {
  const mod = await import('@sparticuz/chromium');
  return mod.default.executablePath();
}

export async function resolveChromium(
  config: { chromiumPath?: string | undefined },
  deps: ResolveDeps = { envPath: process.env.PATH ?? '', sparticuz: sparticuzPath },
): Promise<ResolvedChromium> {
  if (config.chromiumPath) {
    if (!isExecutable(config.chromiumPath)) {
      throw new RenderError(
        'engine/chromium-missing',
        `CHROMIUM_PATH=${config.chromiumPath} is not an executable file.`,
      );
    }
    return { executablePath: config.chromiumPath, source: 'CHROMIUM_PATH' };
  }
  const onPath = findOnPath(PATH_NAMES, deps.envPath);
  if (onPath) return { executablePath: onPath, source: 'PATH' };
  try {
    return { executablePath: await deps.sparticuz(), source: '@sparticuz/chromium' };
  } catch (error) {
    throw new RenderError(
      'engine/chromium-missing',
      'No Chromium found: set CHROMIUM_PATH, install one (apt-get install -y chromium), or run npm ci to get @sparticuz/chromium.',
      [],
      { cause: error },
    );
  }
}

/** Launch flags for a locked-down headless Chromium (no background network, no GPU). */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-default-apps',
  '--mute-audio',
];
