/**
 * Kill and resume: a real `readout batch` child process is killed with SIGKILL after some entries are
 * done; the same command run again completes, takes every entry finished before the kill from the cache
 * (status `cached` in the manifest), exports the others, and loses none.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_FOLDER } from '../../src/batch/cache.js';
import type { BatchManifest } from '../../src/batch/manifest.js';
import { OUTPUT_FORMATS } from '../../src/write/index.js';
import { projectRoot } from '../helpers/corpus.js';
import { corpusFiles, fileSha, tempDir, writeTree } from './batch-support.js';

const COPIES = 2;

function startChild(args: string[]): {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
} {
  const child = spawn(
    join(projectRoot, 'node_modules', '.bin', 'tsx'),
    [join('tests', 'batch', 'child-batch.ts'), ...args],
    {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  // 'close': every process of the group has let go of the output pipes, i.e. the batch process is gone too.
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

/** The process and its descendants (Linux /proc), SIGKILLed deepest first: tsx runs the script in a child node. */
function killTree(pid: number): void {
  const tree: number[] = [];
  const visit = (p: number) => {
    tree.push(p);
    for (const task of readdirSync(`/proc/${p}/task`)) {
      const children = readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
      for (const child of children ? children.split(/\s+/) : []) visit(Number(child));
    }
  };
  visit(pid);
  for (const p of tree.reverse()) process.kill(p, 'SIGKILL');
}

/** Cache entries on disk: key → whether its record.json is there. */
function cacheEntries(cacheDir: string): Map<string, boolean> {
  const out = new Map<string, boolean>();
  const root = join(cacheDir, 'entries');
  if (!existsSync(root)) return out;
  for (const prefix of readdirSync(root)) {
    for (const key of readdirSync(join(root, prefix))) {
      out.set(key, existsSync(join(root, prefix, key, 'record.json')));
    }
  }
  return out;
}

describe('kill and resume', () => {
  it('a SIGKILLed batch, run again, completes without redoing finished entries and loses none', async () => {
    const files = new Map<string, string>();
    for (let copy = 1; copy <= COPIES; copy++) {
      for (const [name, content] of corpusFiles())
        files.set(`copy-${copy}/${name}`, `${content}\n<!-- copy ${copy} -->\n`);
    }
    const input = writeTree(tempDir('resume-in'), files);
    const out = join(tempDir('resume-out'), 'out');
    const cacheDir = join(out, CACHE_FOLDER);
    // Every format but the synthesised-audio ones (seconds per article); the formats do not matter here.
    const formats = OUTPUT_FORMATS.filter((f) => !['audio', 'vtt', 'epub-audio'].includes(f));
    const args = [input, '--out', out, '--to', formats.join(','), '--concurrency', '1'];

    const first = startChild(args);
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const done = [...cacheEntries(cacheDir).values()].filter(Boolean).length;
      if (done >= 4) break;
      if (first.child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(first.child.exitCode, first.output()).toBeNull();
    killTree(first.child.pid!);
    expect(await first.exit, first.output()).toBeNull(); // killed, not finished
    const atKill = cacheEntries(cacheDir);
    // Atomic cache writes: every entry folder there is complete (a half-written one stays in tmp/).
    expect([...atKill.values()].every(Boolean)).toBe(true);
    const finished = new Set(atKill.keys());
    expect(finished.size).toBeGreaterThanOrEqual(4);
    expect(finished.size).toBeLessThan(files.size);
    expect(existsSync(join(out, 'manifest.json'))).toBe(false);

    const second = startChild(args);
    expect(await second.exit, second.output()).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as BatchManifest;
    expect(manifest.totals).toMatchObject({
      entries: files.size,
      failed: 0,
      cached: finished.size,
      done: files.size - finished.size,
    });
    for (const entry of manifest.entries) {
      expect(entry.status, entry.input).toBe(finished.has(entry.cacheKey!) ? 'cached' : 'done');
      for (const file of entry.files)
        expect(await fileSha(join(out, file.name)), file.name).toBe(file.sha256);
    }
    expect(manifest.entries.map((e) => e.input).sort()).toEqual([...files.keys()].sort());
    expect(second.output()).toContain(
      `${files.size - finished.size} done, ${finished.size} cached, 0 failed`,
    );
  }, 180_000);
});
