import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeProfileDir, removeProfileDir, sweepStaleProfileDirs } from '../../src/write/pdf/profile-dir.js';

describe('Chromium profile folders', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const dir = mkdtempSync(join(tmpdir(), 'readout-profiles-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('names a new folder after the process that owns it, and removes it with what Chromium wrote', async () => {
    const dir = tmp();
    const profile = await makeProfileDir(dir);
    expect(profile.startsWith(join(dir, `readout-chromium-${process.pid}-`))).toBe(true);
    mkdirSync(join(profile, 'Default', 'Cache'), { recursive: true });
    await removeProfileDir(profile);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('sweeps the folders of owners that are gone, and only those', async () => {
    const dir = tmp();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid as number; // exited: its pid names nobody now
    const living = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const names = [
        `readout-chromium-${dead}-aaaaaa`, // owner gone → swept
        `readout-chromium-${living.pid}-bbbbbb`, // another process still running → kept
        `readout-chromium-${process.pid}-cccccc`, // this process → kept
        `readout-chromium-x-dddddd`, // not a pid → kept
        'puppeteer_dev_chrome_profile-eeeeee', // not ours → kept
      ];
      for (const name of names) mkdirSync(join(dir, name, 'Default'), { recursive: true });
      const removed = await sweepStaleProfileDirs(dir);
      expect(removed).toEqual([join(dir, names[0] as string)]);
      expect(readdirSync(dir).sort()).toEqual(names.slice(1).sort());
    } finally {
      living.kill('SIGKILL');
    }
  });

  it('sweeping a folder that does not exist finds nothing', async () => {
    expect(await sweepStaleProfileDirs(join(tmp(), 'missing'))).toEqual([]);
  });
});
