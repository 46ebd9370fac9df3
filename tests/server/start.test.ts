/**
 * The real service process: starts from the config, serves /healthz, refuses bad config, stops on SIGTERM
 * (finishing or re-queueing its jobs, which the next start completes).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusText, projectRoot } from '../helpers/corpus.js';
import { tmpDataDir } from './support.js';

const main = join(projectRoot, 'src', 'server', 'main.ts');

const dataDir = tmpDataDir();

function start(env: Record<string, string>): {
  child: ChildProcess;
  output: Promise<string>;
  listening: Promise<number>;
} {
  // node with the tsx loader, one process: the signal reaches the service itself, even while it is busy.
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    cwd: projectRoot,
    env: { ...process.env, READOUT_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

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

  it('SIGTERM with a job in flight: exits 0, and the job is done after the next start', async () => {
    const env = { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', READOUT_SHUTDOWN_GRACE_MS: '0' };
    const first = start(env);
    const port = await first.listening;
    const created = await fetch(`http://127.0.0.1:${port}/v1/exports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: corpusText('meduza-lavrov-blinken.txt'), formats: ['html', 'ssml'] }),
    });
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    first.child.kill('SIGTERM');
    const out = await first.output;
    expect(out, out).toMatch(/exit 0/);

    const second = start(env);
    const port2 = await second.listening;
    let status = '';
    for (let i = 0; i < 200 && status !== 'done'; i++) {
      const res = await fetch(`http://127.0.0.1:${port2}/v1/exports/${id}`);
      expect(res.status).toBe(200);
      status = ((await res.json()) as { status: string }).status;
      if (status !== 'done') await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('done');
    second.child.kill('SIGTERM');
    expect(await second.output).toMatch(/shutting down[\s\S]*exit 0/);
  }, 60_000);
});
