/**
 * Closing a BullMQ worker on shutdown: stop taking jobs and wait for those running, up to a grace time;
 * past it, close at once and leave the unfinished jobs to other workers (BullMQ hands a stalled job to
 * another worker when its lock runs out). Shared by the export worker and the batch-entry worker.
 */
import type { Worker } from 'bullmq';
import type { Logger } from '../log.js';

/** Closes `worker` within `graceMs`; `what` names the work left behind in the warning. */
export async function closeWorkerGracefully(
  worker: Pick<Worker, 'close'>,
  graceMs: number,
  logger: Logger,
  what: string,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const finished = worker.close().then(() => true);
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), graceMs);
  });
  try {
    if (!(await Promise.race([finished, late]))) {
      logger.warn({ graceMs }, `${what} still running at shutdown are left for other workers`);
      await worker.close(true);
    }
  } finally {
    clearTimeout(timer);
  }
}
