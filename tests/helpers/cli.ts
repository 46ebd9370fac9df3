/** Runs the CLI in-process (fast) or as a real process through bin/readout. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { projectRoot } from './corpus.js';

export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

export function spawnCli(args: string[], input?: string | Buffer, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [join(projectRoot, 'bin', 'readout'), ...args], {
    input,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
