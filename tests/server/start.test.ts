/** The real service process: starts from the config, serves /healthz, refuses bad config, stops on SIGTERM. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/corpus.js';

const tsx = join(projectRoot, 'node_modules', '.bin', 'tsx');
const main = join(projectRoot, 'src', 'server', 'main.ts');

function start(env: Record<string, string>): {
  child: ChildProcess;
  output: Promise<string>;
  listening: Promise<number>;
} {
  const child = spawn(tsx, [main], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const listening = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"port":(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', () => reject(new Error(`exited before listening: ${out}`)));
  });
  const output = new Promise<string>((resolve) =>
    child.on('exit', (code) => resolve(`${out}\nexit ${code}`)),
  );
  return { child, output, listening };
}

describe('service process', () => {
  it('serves /healthz and shuts down on SIGTERM', async () => {
    const { child, output, listening } = start({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });
    const port = await listening;
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok' });
    child.kill('SIGTERM');
    expect(await output).toMatch(/shutting down[\s\S]*exit 0/);
  }, 60_000);

  it('refuses to start with a bad setting, naming it', async () => {
    const { output, listening } = start({ PORT: 'eighty' });
    listening.catch(() => {});
    const out = await output;
    expect(out).toMatch(/PORT="eighty"/);
    expect(out).toMatch(/exit 2/);
  }, 60_000);
});
