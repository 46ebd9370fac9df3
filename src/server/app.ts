/**
 * The Express application. Routes stay thin: they turn requests into `exportArticle` calls or export
 * jobs (src/jobs/service.ts) and map errors once (problem.ts). Layers, in order: request id and logs
 * (no bodies, no Authorization), helmet headers with a strict CSP, metrics, the open routes (health,
 * readiness, metrics, OpenAPI, docs, the web page), then /v1 behind API keys and the rate limit.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { analyzeArticle } from '../analyze.js';
import type { Config } from '../config.js';
import { createCtx } from '../context.js';
import { cancellation, InputError, NotFoundError } from '../errors.js';
import { exportArticle, prepareArticle } from '../export.js';
import type { BatchService } from '../jobs/batch-service.js';
import type { ExportService } from '../jobs/service.js';
import { FormatSlots } from '../jobs/slots.js';
import type { Logger } from '../log.js';
import { articleJsonSchema } from '../model/schema.js';
import type { Fetcher } from '../net/fetcher.js';
import { openApiDocument } from '../openapi.js';
import { templatesDir } from '../paths.js';
import { decodeInput } from '../read/decode.js';
import { buildAccessibilityReport } from '../report/accessibility.js';
import { VERSION } from '../version.js';
import { isOutputFormat, OUTPUT_FORMATS } from '../write/index.js';
import { loadApiKeys, requestOwner, requireKey } from './auth.js';
import { batchesRouter } from './batches.js';
import { requestDeadline } from './deadline.js';
import { renderDocs } from './docs.js';
import { sendJobArchive, sendJobFile } from './downloads.js';
import { createMetrics } from './metrics.js';
import { exportFromMultipart, isMultipart, multipartBody } from './multipart.js';
import { HttpProblem, problem, problemFor, sendProblem } from './problem.js';
import { exportFromJsonBody, inputFromJsonBody, inputFromRawBody } from './requests.js';
import { jobLinks, jobStatusView } from './responses.js';

export interface AppDeps {
  config: Config;
  fetcher: Fetcher;
  logger: Logger;
  /** The export jobs service; without one the jobs API answers 503 (enough for the synchronous routes). */
  service?: ExportService;
  /** The batch service (`/v1/batches`); without one the batches API answers 503. */
  batches?: BatchService;
}

function mediaTypeOf(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

function charsetOf(req: Request): string | undefined {
  return /charset=("?)([^";]+)\1/i.exec(req.headers['content-type'] ?? '')?.[2];
}

function isJsonRequest(req: Request): boolean {
  const mediaType = mediaTypeOf(req);
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/** The raw body as bytes, refused when empty. */
function bodyBytes(req: Request): Uint8Array {
  const bytes: Uint8Array = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (bytes.byteLength === 0) throw new InputError('request/empty', 'The request body is empty.');
  return bytes;
}

function jsonBody(req: Request, config: Config): unknown {
  const text = decodeInput(bodyBytes(req), {
    maxBytes: config.maxInputBytes + 64 * 1024,
    label: 'The request body',
    charset: charsetOf(req),
  });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      'request/json-syntax',
      `The request body is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/** The article named by a request: a JSON envelope, or the article itself as a text/html/markdown body. */
function articleRequest(req: Request, config: Config): ReturnType<typeof inputFromJsonBody> {
  if (isJsonRequest(req)) return inputFromJsonBody(jsonBody(req, config));
  const bytes = bodyBytes(req);
  return { input: inputFromRawBody(mediaTypeOf(req), bytes, charsetOf(req)), options: {} };
}

/** The export job named by a request: JSON, multipart (parsed before), or a raw body with `?formats=`. */
function exportRequest(req: Request, config: Config): ReturnType<typeof exportFromJsonBody> {
  if (isMultipart(req)) return exportFromMultipart(req);
  if (isJsonRequest(req)) return exportFromJsonBody(jsonBody(req, config));
  const bytes = bodyBytes(req);
  const formats = String(req.query.formats ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (!formats.length) {
    throw new InputError('request/invalid', 'Give the output formats as ?formats=pdf,ssml with a raw body.', [
      { path: 'formats', message: 'required' },
    ]);
  }
  return { input: inputFromRawBody(mediaTypeOf(req), bytes, charsetOf(req)), formats, options: {} };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function createApp(deps: AppDeps): express.Express {
  const { config, fetcher, logger, service } = deps;
  const keys = loadApiKeys(config);
  const slots = service?.slots ?? new FormatSlots(config.concurrency);
  const metrics = createMetrics({ service, slots });
  let openapi: Record<string, unknown> | undefined;
  const document = () => {
    openapi ??= openApiDocument();
    return openapi;
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(
    pinoHttp({
      logger,
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Method and path only: never bodies (article text), query strings or the Authorization header.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      autoLogging: { ignore: (req) => ['/healthz', '/readyz', '/metrics'].includes(req.url ?? '') },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          scriptSrcAttr: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          frameSrc: ["'self'", 'blob:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'self'"],
        },
      },
    }),
  );
  app.use(metrics.http);

  // Bodies arrive as raw bytes (bounded), so that size, encoding and binary checks are ours.
  const rawBody = express.raw({ type: () => true, limit: config.maxInputBytes + 64 * 1024 });
  const multipart = multipartBody(config);

  const jobs = (): ExportService => {
    if (!service) {
      throw new HttpProblem(problem(503, 'service/no-jobs', 'This service runs no export jobs.'));
    }
    return service;
  };

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', version: VERSION });
  });

  app.get('/readyz', async (req, res) => {
    const reason = service
      ? ((await service.notReady()) ?? (await deps.batches?.notReady()))
      : 'no export job service';
    if (reason) {
      sendProblem(res, req, problem(503, 'service/not-ready', `Not ready: ${reason}.`));
      return;
    }
    res.json({ status: 'ready', version: VERSION, queue: service?.mode, formats: OUTPUT_FORMATS });
  });

  const metricsAccess = requireKey(config.metricsToken ? [config.metricsToken] : [], 'the metrics token');
  app.get('/metrics', metricsAccess, async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.get('/openapi.json', (_req, res) => {
    res.json(document());
  });

  app.get('/docs', (_req, res) => {
    res.type('html').send(renderDocs(document()));
  });

  app.use(express.static(join(templatesDir, 'web'), { index: 'index.html', maxAge: '1h' }));

  app.use('/v1', requireKey(keys));
  if (config.rateLimit > 0) {
    app.use(
      '/v1',
      rateLimit({
        windowMs: 60_000,
        limit: config.rateLimit,
        standardHeaders: 'draft-8',
        legacyHeaders: false,
        keyGenerator: (req, res) => requestOwner(res) || ipKeyGenerator(req.ip ?? ''),
        handler: (req, res) => {
          sendProblem(
            res,
            req,
            problem(
              429,
              'limit/rate',
              `Too many requests: the limit is ${config.rateLimit} per minute (READOUT_RATE_LIMIT).`,
            ),
          );
        },
      }),
    );
  }

  app.get('/v1/schema', (_req, res) => {
    res.type('application/schema+json').send(JSON.stringify(articleJsonSchema(), null, 2));
  });

  app.post(
    '/v1/exports',
    (req, res, next) => (isMultipart(req) ? multipart(req, res, next) : rawBody(req, res, next)),
    async (req, res) => {
      const service = jobs();
      const request = exportRequest(req, config);
      const record = await service.create({ owner: requestOwner(res), ...request });
      req.log.info({ job: record.id, formats: record.formats }, 'export job created');
      res
        .status(202)
        .location(`/v1/exports/${record.id}`)
        .json({ id: record.id, status: record.state, links: jobLinks(record.id) });
    },
  );

  const ownJob = async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const record = await jobs().get(id, requestOwner(res));
    if (!record) throw new NotFoundError('job/not-found', `No export job ${id}.`);
    return record;
  };

  app.get('/v1/exports/:id', async (req, res) => {
    res.json(jobStatusView(await ownJob(req, res)));
  });

  app.delete('/v1/exports/:id', async (req, res) => {
    const id = String(req.params.id);
    if (!(await jobs().delete(id, requestOwner(res)))) {
      throw new NotFoundError('job/not-found', `No export job ${id}.`);
    }
    res.status(204).end();
  });

  app.get('/v1/exports/:id/files/*name', async (req, res) => {
    const record = await ownJob(req, res);
    const name = ([] as string[]).concat(req.params.name as string | string[]).join('/');
    await sendJobFile(res, record, name, jobs().files);
  });

  app.get('/v1/exports/:id/archive', async (req, res) => {
    const record = await ownJob(req, res);
    sendJobArchive(res, record, jobs().files, req.log);
  });

  app.post('/v1/convert/:format', rawBody, async (req, res) => {
    const format = String(req.params.format);
    if (!isOutputFormat(format)) {
      throw new NotFoundError(
        'request/unknown-format',
        `No converter for "${format}"; available: ${OUTPUT_FORMATS.join(', ')}.`,
      );
    }
    const request = articleRequest(req, config);
    // The slot wait counts toward the timeout; a request given up on (timed out, client gone) gives its
    // slot back unused, or stops its conversion and frees the slot then.
    const deadline = requestDeadline(res, config.requestTimeoutMs);
    const { signal } = deadline;
    const work = slots.acquire(format, config.convertBacklog).then((release) => {
      if (signal.aborted) {
        release();
        throw cancellation(signal);
      }
      const ctx = createCtx({ config, fetcher, signal });
      return exportArticle(
        { input: request.input, formats: [format], options: { [format]: request.options } },
        ctx,
      ).finally(release);
    });
    const result = await deadline.race(work);
    const file = result.files[0]!;
    res.setHeader('Content-Type', file.mediaType);
    res.setHeader('Content-Disposition', `inline; filename="${file.name}"`);
    res.setHeader('Readout-Article-Id', result.article.id);
    res.setHeader('Readout-Warnings', String(result.warnings.filter((w) => w.severity === 'warning').length));
    res.setHeader('ETag', `"${file.sha256}"`);
    res.end(Buffer.from(file.bytes));
  });

  app.post('/v1/analyze', rawBody, async (req, res) => {
    const request = articleRequest(req, config);
    const deadline = requestDeadline(res, config.requestTimeoutMs);
    const ctx = createCtx({ config, fetcher, signal: deadline.signal });
    const { article, inputFormat, text } = await deadline.race(prepareArticle(request.input, ctx));
    res.json({
      article: { id: article.id, title: article.title, lang: article.lang },
      ...analyzeArticle(article, inputFormat === 'text' ? text : undefined),
      accessibility: buildAccessibilityReport(article, ctx.report),
      warnings: ctx.report.warnings,
    });
  });

  app.use(batchesRouter({ batches: deps.batches, logger, maxBatchBytes: config.maxBatchBytes }));

  app.use((req, res) => {
    sendProblem(res, req, problem(404, 'request/not-found', `No route for ${req.method} ${req.path}.`));
  });

  // Express 5 forwards rejected promises from async handlers here.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const body = problemFor(error);
    if (body.status >= 500 && body.status !== 503) req.log.error({ err: error }, 'request failed');
    else req.log.info({ code: body.code, status: body.status }, 'request refused');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendProblem(res, req, body);
  });

  return app;
}
