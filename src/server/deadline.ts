/**
 * The life of a synchronous conversion (`POST /v1/convert/*`, `/v1/analyze`). Its signal fires when the
 * work runs past READOUT_REQUEST_TIMEOUT_MS — with the `limit/timeout` error the client is answered with —
 * or when the client goes away first; the work, handed the signal in its Ctx, then stops (the wait for a
 * slot, fetches, the PDF, speech) instead of finishing for nobody and holding a slot meanwhile.
 */
import type { Response } from 'express';
import { cancellation, LimitError, RenderError } from '../errors.js';

export interface Deadline {
  readonly signal: AbortSignal;
  /** `work`, or the deadline's error as soon as the signal fires. */
  race<T>(work: Promise<T>): Promise<T>;
}

export function requestDeadline(res: Response, ms: number): Deadline {
  const controller = new AbortController();
  const { signal } = controller;
  const timer = setTimeout(
    () =>
      controller.abort(
        new LimitError(
          'limit/timeout',
          `The conversion took longer than ${ms} ms (READOUT_REQUEST_TIMEOUT_MS).`,
        ),
      ),
    ms,
  );
  const ended = () => {
    clearTimeout(timer);
    if (!res.writableFinished) {
      controller.abort(
        new RenderError('render/cancelled', 'The client went away before the conversion finished.'),
      );
    }
  };
  res.once('close', ended);
  const fired = new Promise<never>((_, reject) => {
    signal.addEventListener('abort', () => reject(cancellation(signal)), { once: true });
  });
  fired.catch(() => undefined); // nobody may be racing it any more when it fires
  return {
    signal,
    async race(work) {
      work.catch(() => undefined); // a late failure after the deadline is not unhandled
      try {
        return await Promise.race([work, fired]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
