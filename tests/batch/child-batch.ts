/**
 * `readout batch` in a child process for the kill-and-resume test (run with node_modules/.bin/tsx):
 * the real command with the SSRF-guarded fetcher made unable to connect, so the test never reaches the network.
 */
import { runBatchCli } from '../../src/cli/batch.js';
import { loadConfig } from '../../src/config.js';
import { refusingFetcher } from './batch-support.js';

process.exitCode = await runBatchCli(process.argv.slice(2), {
  io: { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) },
  config: () => loadConfig({}),
  fetcher: refusingFetcher(),
});
