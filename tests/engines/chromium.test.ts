import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, resolveChromium } from '../../src/engines/chromium-path.js';
import { RenderError } from '../../src/errors.js';

function fakeBinDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'readout-bin-'));
  const file = join(dir, name);
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return dir;
}

const neverSparticuz = async (): Promise<string> => {
  throw new Error('must not be used');
};

describe('resolveChromium', () => {
  it('prefers CHROMIUM_PATH', async () => {
    const dir = fakeBinDir('my-chrome');
    const r = await resolveChromium(
      { chromiumPath: join(dir, 'my-chrome') },
      { envPath: '', sparticuz: neverSparticuz },
    );
    expect(r).toEqual({ executablePath: join(dir, 'my-chrome'), source: 'CHROMIUM_PATH' });
  });

  it('refuses a CHROMIUM_PATH that is not executable', async () => {
    await expect(
      resolveChromium({ chromiumPath: '/nonexistent/chrome' }, { envPath: '', sparticuz: neverSparticuz }),
    ).rejects.toThrow(/CHROMIUM_PATH/);
  });

  it('then a chromium on PATH', async () => {
    const dir = fakeBinDir('chromium-browser');
    const r = await resolveChromium({}, { envPath: `/nonexistent:${dir}`, sparticuz: neverSparticuz });
    expect(r).toEqual({ executablePath: join(dir, 'chromium-browser'), source: 'PATH' });
  });

  it('then @sparticuz/chromium, with an install hint when that fails', async () => {
    const r = await resolveChromium({}, { envPath: '', sparticuz: async () => '/tmp/chromium' });
    expect(r.source).toBe('@sparticuz/chromium');
    const failing = resolveChromium({}, { envPath: '', sparticuz: neverSparticuz });
    await expect(failing).rejects.toBeInstanceOf(RenderError);
    await expect(failing).rejects.toThrow(/apt-get install -y chromium/);
  });

  it('finds a real Chromium on this machine that renders a page without network', async () => {
    const { executablePath } = await resolveChromium({});
    const browser = await puppeteer.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
    try {
      const page = await browser.newPage();
      await page.setJavaScriptEnabled(false);
      await page.setContent('<html lang="en"><body><h1 id="t">Hello &amp; welcome</h1></body></html>');
      expect(await page.$eval('#t', (el) => el.textContent)).toBe('Hello & welcome');
    } finally {
      await browser.close();
    }
  }, 120_000);
});
