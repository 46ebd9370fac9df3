/**
 * The two live views of a batch: its events as Server-Sent Events (replayed from the start or after
 * Last-Event-ID, then as they happen, with heartbeats; the stream ends when the batch is over) and its
 * result as a zip streamed with archiver (entries are added one at a time as the batch puts them out, each
 * waiting for the previous one to be written, so memory does not grow with the batch; the zip ends with
 * manifest.json when the batch ends).
 */
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { ZipArchive } from 'archiver';
import type { Request, Response } from 'express';
import { safeRelativePath } from '../export.js';
import type { BatchService } from '../jobs/batch-service.js';
import type { Logger } from '../log.js';

/** Seconds between SSE comments that keep proxies from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;

/** Already-compressed formats are stored in the zip as they are. */
const STORED = /\.(epub|pdf|zip|mp3|m4a|ogg|jpe?g|png|gif|webp|avif)$/i;

/** An AbortSignal aborted when the client goes away. */
function clientGone(req: Request, res: Response): AbortController {
  const controller = new AbortController();
  res.on('close', () => controller.abort());
  req.on('aborted', () => controller.abort());
  return controller;
}

/** Resolves on the event, or when `signal` aborts (the listener is removed either way). */
async function eventOrAbort(emitter: NodeJS.EventEmitter, event: string, signal: AbortSignal): Promise<void> {
  await once(emitter, event, { signal }).catch((error: unknown) => {
    if (!signal.aborted) throw error;
  });
}

async function write(res: Response, text: string, signal: AbortSignal): Promise<void> {
  if (!res.write(text)) await eventOrAbort(res, 'drain', signal);
}

/** The id after which to replay: the Last-Event-ID header (a reconnect) or `?lastEventId=`. */
export function lastEventId(req: Request): number {
  const given = req.headers['last-event-id'] ?? req.query.lastEventId;
  const n = Number(typeof given === 'string' ? given : Number.NaN);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

export async function sendBatchEvents(
  req: Request,
  res: Response,
  service: BatchService,
  id: string,
  heartbeatMs = HEARTBEAT_MS,
): Promise<void> {
  const gone = clientGone(req, res);
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
  try {
    await write(res, 'retry: 2000\n\n', gone.signal);
    for await (const logged of service.events(id, lastEventId(req), gone.signal)) {
      await write(
        res,
        `id: ${logged.id}\nevent: ${logged.event.type}\ndata: ${JSON.stringify(logged.event)}\n\n`,
        gone.signal,
      );
    }
  } finally {
    clearInterval(heartbeat);
    res.end();
  }
}

export async function sendBatchResult(
  req: Request,
  res: Response,
  service: BatchService,
  id: string,
  logger: Logger,
): Promise<void> {
  const gone = clientGone(req, res);
  const folder = service.folder(id);
  const zip = new ZipArchive({ zlib: { level: 6 } });
  let failed = false;
  zip.on('error', (error) => {
    failed = true;
    logger.warn({ err: error, batch: id }, 'batch zip stream failed');
    res.destroy(error);
  });
  res.status(200);
  res.setHeader('Content-Type', 'application/zip');
  res.attachment(`batch-${id}.zip`);
  res.setHeader('Cache-Control', 'no-store');
  zip.pipe(res);
  let ended: string | undefined;
  const date = new Date();
  for await (const line of service.files(id, gone.signal)) {
    if (failed) break;
    if ('end' in line) {
      ended = line.end;
      break;
    }
    const name = safeRelativePath(line.path);
    const written = eventOrAbort(zip, 'entry', gone.signal);
    const file = createReadStream(join(folder.dir, safeRelativePath(line.source)));
    file.on('error', (error) => {
      failed = true;
      logger.warn({ err: error, batch: id }, 'batch result file unreadable');
      res.destroy(error);
    });
    zip.append(file, {
      name,
      date,
      store: STORED.test(name),
    });
    // One entry at a time: the next is read only after this one went out (archiver follows res's pace).
    await written;
  }
  if (ended === 'complete' && !failed && !gone.signal.aborted) {
    await zip.finalize();
    return;
  }
  // The batch failed, was deleted, or the service is stopping: the zip is cut off so no client takes it for whole.
  zip.abort();
  res.destroy();
}
