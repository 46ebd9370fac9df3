/**
 * The cover rasteriser's child process: pictures drawn there, the child replaced after a number of pictures,
 * after a crash (the picture in flight drawn again) and past its time box; it never keeps a finished
 * process alive and never outlives a killed one.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { SvgRasteriser } from '../../src/engines/svg-rasteriser.js';
import { RenderError } from '../../src/errors.js';
import { projectRoot } from '../helpers/corpus.js';
import { alive, gone } from '../helpers/process.js';

const svg = (w: number, h: number, text = 'Cover') =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#1d2b3a"/><text x="10" y="40" font-size="30" fill="#fff">${text}</text></svg>`;

const open: SvgRasteriser[] = [];
function rasteriser(options: ConstructorParameters<typeof SvgRasteriser>[0] = {}): SvgRasteriser {
  const r = new SvgRasteriser(options);
  open.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

describe('SvgRasteriser', () => {
  it('draws the SVG as a PNG of its size in a child process', async () => {
    const r = rasteriser();
    const png = await r.render(svg(120, 80));
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 120, 80]);
    expect(r.pid).toBeTypeOf('number');
    expect(r.pid).not.toBe(process.pid);
  });

  it('refuses a broken SVG with render/svg and goes on drawing', async () => {
    const r = rasteriser();
    await expect(r.render('<svg><unclosed></svg>')).rejects.toMatchObject({ code: 'render/svg' });
    expect((await sharp(await r.render(svg(20, 20))).metadata()).width).toBe(20);
  });

  it('replaces its child after maxRenders pictures', async () => {
    const r = rasteriser({ maxRenders: 3 });
    const pids = new Set<number>();
    for (let i = 0; i < 7; i++) {
      await r.render(svg(30, 30, `n${i}`));
      pids.add(r.pid ?? -1);
    }
    // After the 3rd and 6th pictures the child is retired; the next picture starts a new one.
    expect(r.started).toBe(3);
    for (const pid of pids) if (pid !== r.pid && pid > 0) expect(await gone(pid)).toBe(true);
  });

  it('draws the picture again on a new child when the child is killed under it', async () => {
    const r = rasteriser();
    await r.render(svg(10, 10));
    const first = r.pid as number;
    const big = svg(4000, 4000, 'x'.repeat(200));
    const drawing = r.render(big);
    process.kill(first, 'SIGKILL');
    const png = await drawing;
    expect((await sharp(png).metadata()).width).toBe(4000);
    expect(r.pid).not.toBe(first);
    expect(r.started).toBe(2);
  });

  it('kills a child past the time box and answers render/timeout; the next picture works', async () => {
    const r = rasteriser({ timeoutMs: 1 });
    const error = await r.render(svg(8000, 8000, 'slow')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).code).toBe('render/timeout');
    const patient = rasteriser({ timeoutMs: 20_000 });
    expect((await sharp(await patient.render(svg(12, 12))).metadata()).width).toBe(12);
  });

  it('keeps no finished process alive, and its child ends with it', async () => {
    const script = join(projectRoot, 'tests/engines/svg-rasteriser-child-script.ts');
    const run = (args: string[]) =>
      spawn(process.execPath, ['--import', 'tsx', script, ...args], {
        cwd: projectRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
    const childPid = (p: ReturnType<typeof run>) =>
      new Promise<number>((resolve, reject) => {
        let out = '';
        p.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /child (\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        p.once('exit', (code) => (/child \d+/.test(out) ? undefined : reject(new Error(`exited ${code}`))));
      });

    // A script that drew a picture ends by itself (the idle child holds no reference)…
    const ends = run([]);
    const pid = await childPid(ends);
    const code = await new Promise<number | null>((resolve) => ends.once('exit', resolve));
    expect(code).toBe(0);
    expect(await gone(pid)).toBe(true);

    // …and a killed one takes its child with it (the IPC channel closes).
    const held = run(['--hold']);
    const heldPid = await childPid(held);
    expect(alive(heldPid)).toBe(true);
    held.kill('SIGKILL');
    const ok = await gone(heldPid);
    if (!ok) process.kill(heldPid, 'SIGKILL');
    expect(ok).toBe(true);
  }, 60_000);
});
