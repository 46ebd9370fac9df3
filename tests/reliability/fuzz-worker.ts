/** The fuzz worker thread: runs the cases it is sent (fuzz-pipeline.ts) and answers with their outcome. */
import { parentPort } from 'node:worker_threads';
import { type FuzzCase, runCase } from './fuzz-pipeline.js';

const port = parentPort;
if (!port) throw new Error('fuzz-worker.ts must run in a worker thread');
port.on('message', (message: { id: number; case: FuzzCase }) => {
  runCase(message.case, (stage) => port.postMessage({ id: message.id, stage })).then(
    (outcome) => port.postMessage({ id: message.id, outcome }),
    (error: unknown) =>
      port.postMessage({
        id: message.id,
        outcome: { status: 'crash', stage: 'read', error: String(error), stack: '', ms: 0 },
      }),
  );
});
// Load the heavy modules (jsdom, sharp, the readers) before the first case is timed.
void runCase({ family: 'warm-up', format: 'text', data: 'Warm up\n\nA first paragraph.' }).then(() =>
  port.postMessage({ ready: true }),
);
