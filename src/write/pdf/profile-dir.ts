/**
 * Chromium's profile folders. puppeteer makes a temporary one per browser and removes it when the browser
 * exits — but only while the Node process that launched it is alive: a service or batch killed with
 * SIGKILL (the OOM killer, a container stop past its grace) left ~1.2 MB in the temporary folder each
 * time, for good. Here the folder is named after the process that owns it
 * (`readout-chromium-<pid>-<random>`), removed when its browser exits, and the first launch of a process
 * removes the folders of owners that are no longer running. A folder whose owner's pid is alive (another
 * readout, or a pid reused since) is left alone: the sweep never touches a running browser's profile.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PREFIX = 'readout-chromium-';
const NAME = /^readout-chromium-(\d+)-/;

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A new profile folder owned by this process, in `dir` (default: the system's temporary folder). */
export function makeProfileDir(dir: string = tmpdir()): Promise<string> {
  return mkdtemp(join(dir, `${PREFIX}${process.pid}-`));
}

export function removeProfileDir(path: string): Promise<void> {
  return rm(path, { recursive: true, force: true, maxRetries: 3 });
}

/** Removes the profile folders in `dir` whose owner process is gone; returns their paths. */
export async function sweepStaleProfileDirs(dir: string = tmpdir()): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const stale = names.filter((name) => {
    const match = NAME.exec(name);
    return match !== null && Number(match[1]) !== process.pid && !running(Number(match[1]));
  });
  const removed: string[] = [];
  for (const name of stale) {
    const path = join(dir, name);
    try {
      await removeProfileDir(path);
      removed.push(path);
    } catch {
      // Not ours to remove (permissions) or gone meanwhile: left for the next sweep.
    }
  }
  return removed;
}

let swept: Promise<unknown> | undefined;

/** Sweeps the system's temporary folder once per process (at its first browser launch). */
export function sweepStaleProfileDirsOnce(): Promise<unknown> {
  swept ??= sweepStaleProfileDirs().catch(() => []);
  return swept;
}
