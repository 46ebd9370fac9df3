/**
 * The batches API: `POST /v1/batches` (an archive, JSONL or URL list, as an upload or the raw body; checked
 * and pre-scanned before 202), `GET /v1/batches` (the caller's own), `GET /v1/batches/{id}` (status and
 * progress), `…/events` (Server-Sent Events), `…/result.zip` (streamed while the batch runs),
 * `…/manifest.json`, and `DELETE /v1/batches/{id}`. A batch of another API key is a 404, as for jobs.
 * Mounted under /v1 after the API key check and the rate limit.
 */
import { rm } from 'node:fs/promises';
import express, { type Request, type Response } from 'express';
import { InputError, NotFoundError } from '../errors.js';
import type { BatchService } from '../jobs/batch-service.js';
import type { BatchRecord } from '../jobs/batch-store.js';
import type { Logger } from '../log.js';
import { requestOwner } from './auth.js';
import { batchMultipart, multipartInput, rawInput, type StagedInput } from './batches-input.js';
import { batchLinks, batchStatusView } from './batches-schema.js';
import { sendBatchEvents, sendBatchResult } from './batches-stream.js';
import { isMultipart } from './multipart.js';
import { HttpProblem, problem } from './problem.js';

export interface BatchesRouterDeps {
  /** Largest batch upload in bytes (READOUT_MAX_BATCH_BYTES). */
  maxBatchBytes: number;
  /** The batch service; without one the batches API answers 503. */
  batches?: BatchService;
  logger: Logger;
  /** SSE heartbeat interval (tests shorten it). */
  heartbeatMs?: number;
}

export function batchesRouter(deps: BatchesRouterDeps): express.Router {
  const router = express.Router();
  const service = (): BatchService => {
    if (!deps.batches) {
      throw new HttpProblem(problem(503, 'service/no-batches', 'This service runs no batches.'));
    }
    return deps.batches;
  };
  const multipart = batchMultipart(() => service().incomingDir, deps.maxBatchBytes);

  const own = (req: Request, res: Response): BatchRecord => {
    const id = String(req.params.id);
    const record = service().get(id, requestOwner(res));
    if (!record) throw new NotFoundError('batch/not-found', `No batch ${id}.`);
    return record;
  };

  router.post(
    '/v1/batches',
    (req, res, next) => {
      service();
      if (isMultipart(req)) multipart(req, res, next);
      else next();
    },
    async (req, res) => {
      const batches = service();
      let staged: StagedInput | undefined;
      try {
        staged = isMultipart(req)
          ? multipartInput(req)
          : await rawInput(req, batches.incomingDir, deps.maxBatchBytes);
        const record = await batches.create({ owner: requestOwner(res), ...staged });
        req.log.info(
          { batch: record.id, entries: record.spec.source.entries, formats: record.spec.formats },
          'batch created',
        );
        res
          .status(202)
          .location(`/v1/batches/${record.id}`)
          .json({ id: record.id, status: record.state, links: batchLinks(record.id) });
      } finally {
        // Accepted inputs were moved into the batch's folder; anything left here was refused.
        const file = staged?.file ?? req.file?.path;
        if (file) await rm(file, { force: true });
      }
    },
  );

  router.get('/v1/batches', (req, res) => {
    const limit = req.query.limit === undefined ? 100 : Number(req.query.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw new InputError('request/invalid', 'limit must be a whole number from 1 to 500.', [
        { path: 'limit', message: 'from 1 to 500' },
      ]);
    }
    const records = service().list(requestOwner(res), limit);
    res.json({ batches: records.map(batchStatusView) });
  });

  router.get('/v1/batches/:id', (req, res) => {
    res.json(batchStatusView(own(req, res)));
  });

  router.get('/v1/batches/:id/events', async (req, res) => {
    const record = own(req, res);
    await sendBatchEvents(req, res, service(), record.id, deps.heartbeatMs);
  });

  router.get('/v1/batches/:id/result.zip', async (req, res) => {
    const record = own(req, res);
    if (record.state === 'failed') {
      throw new NotFoundError(
        'job/not-finished',
        `The batch failed and has no result: ${record.error?.message ?? 'unknown error'}.`,
      );
    }
    await sendBatchResult(req, res, service(), record.id, deps.logger);
  });

  router.get('/v1/batches/:id/manifest.json', async (req, res) => {
    const record = own(req, res);
    if (record.state !== 'complete') {
      throw new NotFoundError(
        'job/not-finished',
        `The batch has no manifest yet (status: ${record.state}); it is written when the batch ends.`,
      );
    }
    res.setHeader('Cache-Control', 'private, max-age=0, must-revalidate');
    await new Promise<void>((resolve, reject) => {
      res.sendFile(
        service().folder(record.id).manifestPath,
        { headers: { 'Content-Type': 'application/json; charset=utf-8' }, dotfiles: 'allow' },
        (error) => (error && !res.headersSent ? reject(error) : resolve()),
      );
    });
  });

  router.delete('/v1/batches/:id', async (req, res) => {
    const id = String(req.params.id);
    if (!(await service().delete(id, requestOwner(res)))) {
      throw new NotFoundError('batch/not-found', `No batch ${id}.`);
    }
    res.status(204).end();
  });

  return router;
}
