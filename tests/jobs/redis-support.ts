/** A throwaway redis-server on a free port, and `readout worker` processes, for the BullMQ tests. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../helpers/corpus.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Fails with the install command when a needed piece is missing. */
export function checkRedisPrerequisites(): void {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error('redis-server is not installed: apt-get install -y redis-server');
  }
  try {
    createRequire(createRequire(import.meta.url).resolve('bullmq')).resolve('ioredis');
  } catch {
    throw new Error(
      'BullMQ cannot reach Redis without the ioredis package (an optional peer dependency of bullmq 6): npm install ioredis',
    );
  }
}

/** Waits until `pattern` appears in the process output (or it exits). */
export function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}: ${out}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (pattern.test(out)) {
        clearTimeout(timer);
        resolve(out);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${pattern}: ${out}`));
    });
  });
}

export interface Redis {
  url: string;
  stop(): void;
}

/** A redis-server without persistence, on a free port or on `port` (to restart one where it was). */
export async function startRedis(port?: number): Promise<Redis> {
  port ??= await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitForOutput(child, /Ready to accept connections/);
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}

export interface WorkerProcess {
  child: ChildProcess;
  /** `host:pid`, as the job results name the worker. */
  name: string;
  output: () => string;
  exited: Promise<number | null>;
}

export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  // One process (node with the tsx loader), so that signals reach the worker itself.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(projectRoot, 'tests', 'jobs', 'run-cli.ts'), 'worker'],
    {
      cwd: projectRoot,
      env: { ...process.env, LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = await waitForOutput(child, /readout worker ready/);
  const name = /"worker":"([^"]+)"/.exec(ready)?.[1] ?? '';
  return { child, name, output: () => out, exited };
}

/**
 * A local page that answers only after `delayMs`: a job fetching it stays running without keeping its
 * worker busy, so killing the worker then leaves a stalled job (a CPU-bound job would also hold up the
 * worker's lock renewal and stall on its own).
 */
export async function slowPage(body: string, delayMs: number): Promise<{ url: string; close(): void }> {
  const server = createHttpServer((_req, res) => {
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(body);
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/article.txt`,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}
