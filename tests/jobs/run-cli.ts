/** Runs the readout CLI from the sources (tsx), for tests that need a real `readout worker` process. */
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
