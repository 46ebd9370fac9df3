#!/usr/bin/env node
// Makes a fresh clone runnable with one command (`npm start`, `npm test`, `bin/readout`).
// Plain Node with no dependencies, because it runs before anything is installed:
//   1. `npm ci` when node_modules is missing or older than package-lock.json;
//   2. system tools from scripts/system-deps.mjs: installed with apt-get when missing and we are root,
//      otherwise the exact install command is printed and the run stops;
//   3. `tsc` build when dist/ is older than any source file.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemDeps } from './system-deps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BUILD_STAMP = join(root, 'dist', '.build-stamp');

function log(message) {
  process.stderr.write(`[bootstrap] ${message}\n`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  }
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Newest modification time of any file below `dir` whose name passes `filter`. */
function newest(dir, filter = () => true) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path, filter));
    else if (filter(entry.name)) latest = Math.max(latest, mtime(path));
  }
  return latest;
}

export function dependenciesStale() {
  const installed = join(root, 'node_modules', '.package-lock.json');
  return !existsSync(installed) || mtime(installed) < mtime(join(root, 'package-lock.json'));
}

export function buildStale() {
  const stamp = mtime(BUILD_STAMP);
  if (!stamp) return true;
  const sources = Math.max(
    newest(join(root, 'src'), (n) => n.endsWith('.ts')),
    mtime(join(root, 'tsconfig.json')),
    mtime(join(root, 'tsconfig.build.json')),
    mtime(join(root, 'package-lock.json')),
  );
  return sources > stamp;
}

export function onPath(bin, envPath = process.env.PATH ?? '') {
  return envPath.split(delimiter).some((dir) => dir && existsSync(join(dir, bin)));
}

/** The deps of `list` needed for `purpose` that are not present. */
export function missingDeps(list, purpose, present = { onPath, exists: existsSync }) {
  return list.filter(
    (dep) =>
      dep.needFor.includes(purpose) &&
      !dep.bins.some((b) => present.onPath(b)) &&
      !(dep.files ?? []).some((f) => present.exists(f)),
  );
}

export function installCommand(deps) {
  const packages = [...new Set(deps.map((d) => d.apt))].join(' ');
  return `apt-get update && apt-get install -y --no-install-recommends ${packages}`;
}

function ensureSystemDeps(purpose) {
  const missing = missingDeps(systemDeps, purpose);
  if (missing.length === 0) return;
  const names = missing.map((d) => `${d.name} (${d.why})`).join(', ');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && onPath('apt-get')) {
    log(`installing system packages for ${names}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update'], { env });
    run('apt-get', ['install', '-y', '--no-install-recommends', ...new Set(missing.map((d) => d.apt))], {
      env,
    });
    return;
  }
  log(`missing system tools: ${names}`);
  log(`install them with: sudo ${installCommand(missing)}`);
  process.exit(1);
}

function main() {
  const purposeIndex = process.argv.indexOf('--for');
  const purpose = purposeIndex > 0 ? process.argv[purposeIndex + 1] : 'start';
  const quiet = process.argv.includes('--quiet');

  if (dependenciesStale()) {
    log('installing npm dependencies (npm ci)');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    run(npm, ['ci', '--no-audit', '--no-fund'], {
      env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: 'true', ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
    });
  }

  ensureSystemDeps(purpose);

  if (buildStale()) {
    log('building (tsc)');
    run(process.execPath, [
      join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      'tsconfig.build.json',
    ]);
    writeFileSync(BUILD_STAMP, `${new Date().toISOString()}\n`);
  } else if (!quiet) {
    log('dependencies and build are up to date');
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main();
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
